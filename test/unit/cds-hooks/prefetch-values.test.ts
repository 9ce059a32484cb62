import { scopeToPatient, referencesPatient } from '../../../src/fhir/patient-scope.js';
import { fillTemplate } from '../../../src/data/query-templates.js';
import { classifyPrefetch } from '../../../src/cds-hooks/prefetch-values.js';
import { ReplayCache } from '../../../src/cds-hooks/replay-cache.js';
import type { Resource } from 'fhir/r4';

describe('classifyPrefetch', () => {
  const T = 'Observation?patient={{context.patientId}}';
  it('tells absent from null from data', () => {
    expect(classifyPrefetch(undefined, 'k', T)).toEqual({ state: 'absent' });
    expect(classifyPrefetch({ k: null }, 'k', T)).toEqual({ state: 'null' });
    expect(classifyPrefetch({ k: { resourceType: 'Bundle', type: 'searchset' } }, 'k', T)).toEqual({
      state: 'data',
      resources: [],
    });
  });
  it('marks a wrong resource type or a warning-only OperationOutcome', () => {
    expect(classifyPrefetch({ k: { resourceType: 'Patient', id: '1' } }, 'k', T).state).toBe('unusable');
    expect(
      classifyPrefetch({ k: { resourceType: 'Condition' } }, 'k', 'Patient/{{context.patientId}}').state,
    ).toBe('unusable');
    expect(
      classifyPrefetch(
        {
          k: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'information', code: 'informational' }],
          },
        },
        'k',
        T,
      ),
    ).toEqual({ state: 'null' });
  });
});

describe('fillTemplate', () => {
  it('fills context and user tokens, URL-encoded, and refuses unknown ones', () => {
    expect(fillTemplate('Condition?patient={{context.patientId}}', { patientId: 'a b' })).toBe(
      'Condition?patient=a%20b',
    );
    expect(fillTemplate('Practitioner/{{userPractitionerId}}', { userId: 'Practitioner/9' })).toBe(
      'Practitioner/9',
    );
    expect(
      fillTemplate('PractitionerRole/{{userPractitionerRoleId}}', { userId: 'Practitioner/9' }),
    ).toBeUndefined();
    expect(fillTemplate('Encounter/{{context.encounterId}}', { patientId: '1' })).toBeUndefined();
  });
});

describe('scopeToPatient', () => {
  const r = (type: string, id: string, ref?: Record<string, unknown>) =>
    ({ resourceType: type, id, ...ref }) as Resource;
  it('keeps the patient, their resources and unlinked ones; drops other patients and duplicates', () => {
    const out = scopeToPatient(
      [
        r('Patient', 'p1'),
        r('Patient', 'p2'),
        r('Observation', 'o1', { subject: { reference: 'Patient/p1' } }),
        r('Observation', 'o1', { subject: { reference: 'Patient/p1' } }),
        r('Observation', 'o2', { subject: { reference: 'Patient/p2' } }),
        r('Immunization', 'i1', { patient: { reference: 'urn:uuid:p1' } }),
        r('Medication', 'm1'),
      ],
      'p1',
    );
    expect(out.patient?.id).toBe('p1');
    expect(out.resources.map((x) => x.id)).toEqual(['o1', 'i1', 'm1']);
    expect(out.dropped).toBe(2);
  });
  it('matches relative, absolute and versioned references only for the same id', () => {
    expect(referencesPatient('Patient/p1', 'p1')).toBe(true);
    expect(referencesPatient('https://ehr/fhir/Patient/p1/_history/3', 'p1')).toBe(true);
    expect(referencesPatient('Patient/p10', 'p1')).toBe(false);
    expect(referencesPatient('Group/p1', 'p1')).toBe(false);
  });
});

// A wall-clock-like start: lru-cache reads a start time of 0 as "no TTL".
const T0 = 1_700_000_000_000;

describe('ReplayCache', () => {
  it('refuses a jti until it expires, on the given clock', () => {
    let now = T0;
    const cache = new ReplayCache(() => now, 10);
    expect(cache.remember('a', T0 + 1000)).toBe(true);
    now = T0 + 500;
    expect(cache.remember('a', T0 + 1000)).toBe(false);
    now = T0 + 1500;
    expect(cache.remember('a', T0 + 3000)).toBe(true);
    expect(cache.remember('a', T0 + 3000)).toBe(false);
  });

  it('stays bounded, dropping expired ids before live ones', () => {
    let now = T0;
    const cache = new ReplayCache(() => now, 10);
    for (let i = 0; i < 5; i++) cache.remember(`old${i}`, T0 + 100);
    for (let i = 0; i < 5; i++) cache.remember(`live${i}`, T0 + 10_000);
    now = T0 + 200;
    for (let i = 0; i < 5; i++) cache.remember(`new${i}`, T0 + 10_000);
    expect(cache.size).toBeLessThanOrEqual(10);
    for (let i = 0; i < 5; i++) expect(cache.remember(`live${i}`, T0 + 10_000)).toBe(false);
    for (let i = 0; i < 50; i++) cache.remember(`x${i}`, T0 + 10_000);
    expect(cache.size).toBeLessThanOrEqual(10);
  });
});
