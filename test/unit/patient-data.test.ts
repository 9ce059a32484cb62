import { BadInputError } from '../../src/domain/errors.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { bundle, condition, patient, SNOMED } from '../builders/fhir.js';

describe('toPatientData: what a user may hand us', () => {
  test('a Bundle with one Patient', () => {
    const cond = condition(SNOMED, '55464009');
    const data = toPatientData(bundle(patient(), cond));
    expect(data.patient.id).toBe('pt-1');
    expect(data.resources).toEqual([cond]);
  });

  test('a lone Patient, with contained resources joining the data', () => {
    const cond = condition(SNOMED, '55464009');
    const data = toPatientData(patient({ contained: [cond] }));
    expect(data.resources).toEqual([cond]);
  });

  test('an array of resources', () => {
    expect(toPatientData([patient(), condition(SNOMED, '1')]).resources).toHaveLength(1);
  });

  test('a searchset Bundle as a FHIR server returns it: match/include entries and an OperationOutcome (search.mode outcome)', () => {
    const p = patient();
    const cond = condition(SNOMED, '55464009', { subject: { reference: 'urn:uuid:pt' } });
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'informational', diagnostics: 'results filtered' }] };
    const data = toPatientData({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { fullUrl: 'urn:uuid:pt', resource: p, search: { mode: 'include' } },
        { resource: cond, search: { mode: 'match' } },
        { resource: outcome, search: { mode: 'outcome' } },
      ],
    });
    expect(data.patient).toBe(p);
    expect(data.resources.map((r) => r.resourceType)).toEqual(['Condition', 'OperationOutcome']);
    expect(data.fullUrls?.get(p)).toBe('urn:uuid:pt');
  });

  test('Bundle fullUrls are kept for urn:uuid references', () => {
    const p = patient();
    const data = toPatientData({ resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:abc', resource: p }] });
    expect(data.fullUrls?.get(p)).toBe('urn:uuid:abc');
  });

  test.each([
    ['not FHIR', { hello: 'world' }, /not a FHIR resource/],
    ['no Patient', bundle(condition(SNOMED, '1')), /no Patient/],
    ['two Patients', bundle(patient(), patient({ id: 'other' })), /2 Patient resources/],
    ['an entry without a resource', { resourceType: 'Bundle', type: 'collection', entry: [{}] }, /entry\[0\]/],
    ['a string', 'Patient', /not a FHIR resource/],
  ])('%s → BadInputError', (_label, input, message) => {
    expect(() => toPatientData(input)).toThrow(BadInputError);
    expect(() => toPatientData(input)).toThrow(message);
  });
});
