import {
  MAX_PREFETCH_URL_LENGTH,
  prefetchKey,
  prefetchTemplates,
} from '../../../src/data/query-templates.js';
import type { DataRequirement } from '../../../src/domain/trial.js';

const vs: Record<string, { system: string; code: string }[]> = {
  'urn:vs:sle': [{ system: 'http://snomed.info/sct', code: '55464009' }],
  'urn:vs:hiv': [
    { system: 'http://snomed.info/sct', code: '86406008' },
    { system: 'http://example.org/odd codes', code: 'a,b|c' },
  ],
  'urn:vs:vaccines': [{ system: 'http://hl7.org/fhir/sid/cvx', code: '03' }],
};
const expand = (url: string) => vs[url];

describe('prefetchTemplates', () => {
  it('reads the Patient and unions the code filters of a type into one token search', () => {
    const reqs: DataRequirement[] = [
      { type: 'Patient', codeFilters: [] },
      { type: 'Condition', codeFilters: [{ path: 'code', valueSet: 'urn:vs:sle' }] },
      { type: 'Condition', codeFilters: [{ path: 'code', valueSet: 'urn:vs:hiv' }] },
      { type: 'Immunization', codeFilters: [{ path: 'vaccineCode', valueSet: 'urn:vs:vaccines' }] },
    ];
    expect(prefetchTemplates(reqs, expand)).toEqual({
      patient: 'Patient/{{context.patientId}}',
      condition:
        'Condition?patient={{context.patientId}}&code=http://example.org/odd%20codes|a%5C%2Cb%5C%7Cc,http://snomed.info/sct|55464009,http://snomed.info/sct|86406008',
      immunization: 'Immunization?patient={{context.patientId}}&vaccine-code=http://hl7.org/fhir/sid/cvx|03',
    });
  });

  it('falls back to the whole type when a requirement is unfiltered, a value set is unknown, or a path has no exact search parameter', () => {
    const t = prefetchTemplates(
      [
        { type: 'Condition', codeFilters: [{ path: 'code', valueSet: 'urn:vs:sle' }] },
        { type: 'Condition', codeFilters: [] },
        { type: 'Observation', codeFilters: [{ path: 'code', valueSet: 'urn:vs:missing' }] },
        { type: 'Procedure', codeFilters: [{ path: 'bodySite', valueSet: 'urn:vs:sle' }] },
      ],
      expand,
    );
    expect(t.condition).toBe('Condition?patient={{context.patientId}}');
    expect(t.observation).toBe('Observation?patient={{context.patientId}}');
    expect(t.procedure).toBe('Procedure?patient={{context.patientId}}');
  });

  it('never code-filters medications (medicationReference) and includes the referenced Medication', () => {
    const t = prefetchTemplates(
      [
        { type: 'MedicationStatement', codeFilters: [{ path: 'medication', valueSet: 'urn:vs:sle' }] },
        { type: 'Medication', codeFilters: [] },
      ],
      expand,
    );
    expect(t).toEqual({
      patient: 'Patient/{{context.patientId}}',
      'medication-statement':
        'MedicationStatement?patient={{context.patientId}}&_include=MedicationStatement:medication',
    });
  });

  it('drops the code filter when the URL would pass the length limit', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      system: 'http://loinc.org',
      code: `${10000 + i}-1`,
    }));
    const t = prefetchTemplates(
      [{ type: 'Observation', codeFilters: [{ path: 'code', codes: many }] }],
      expand,
    );
    expect(t.observation).toBe('Observation?patient={{context.patientId}}');
    const few = prefetchTemplates(
      [{ type: 'Observation', codeFilters: [{ path: 'code', codes: many.slice(0, 100) }] }],
      expand,
    );
    expect(few.observation!.length).toBeGreaterThan(1000);
    expect(few.observation!.length).toBeLessThan(MAX_PREFETCH_URL_LENGTH);
  });

  it('names keys after the resource type in kebab case', () => {
    expect(prefetchKey('MedicationRequest')).toBe('medication-request');
    expect(prefetchKey('AllergyIntolerance')).toBe('allergy-intolerance');
  });
});
