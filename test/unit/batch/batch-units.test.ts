import { finishedId } from '../../../src/batch/checkpoint.js';
import { prefilterSearches } from '../../../src/batch/fhir-queries.js';
import { bucketOf, patientIdOf } from '../../../src/batch/ndjson-partition.js';
import { describeProgress } from '../../../src/batch/progress.js';
import { SummaryBuilder } from '../../../src/batch/summary.js';
import { csvField } from '../../../src/batch/worklist.js';
import type { CriterionResult, EligibilityReport } from '../../../src/domain/criterion.js';

const c = (id: string, status: CriterionResult['status'], criteria?: CriterionResult[]): CriterionResult => ({
  id, kind: 'inclusion', text: id, status, reason: '', evidence: [], ...(criteria ? { criteria } : {}),
});
const report = (patient: string, criteria: CriterionResult[], status: 'ineligible' | 'possibly-eligible' | 'likely-eligible'): EligibilityReport => ({
  patient, asOf: '2026-11-01', trials: [{ id: 't', title: 'T', status, criteria }],
});

describe('summary funnel', () => {
  it('counts exclusions, sole exclusions, unknowns and the sequential funnel', () => {
    const s = new SummaryBuilder();
    s.addReport(report('Patient/a', [c('I1', 'fail'), c('I2', 'fail')], 'ineligible'));
    s.addReport(report('Patient/b', [c('I1', 'pass'), c('I2', 'fail', [c('I2.1', 'fail'), c('I2.2', 'unknown')])], 'ineligible'));
    s.addReport(report('Patient/c', [c('I1', 'pass'), c('I2', 'unknown')], 'possibly-eligible'));
    s.addError('timeout');
    const out = s.build({ asOf: '2026-11-01', source: 'x', complete: true, sourceProblems: { count: 0, samples: [] } });
    expect(out.patients).toEqual({ screened: 4, evaluated: 3, errors: 1, errorsByCode: { timeout: 1 } });
    const [i1, i2, i21, i22] = out.trials[0]!.criteria;
    expect(i1).toMatchObject({ id: 'I1', excluded: 1, excludedAlone: 0, pass: 2, remainingAfter: 2 });
    expect(i2).toMatchObject({ id: 'I2', excluded: 2, excludedAlone: 1, unknown: 1, remainingAfter: 1 });
    expect(i21).toMatchObject({ id: 'I2.1', excluded: 1 });
    expect(i22).toMatchObject({ id: 'I2.2', unknown: 1 });
    expect(out.trials[0]!.status).toEqual({ ineligible: 2, 'possibly-eligible': 1, 'likely-eligible': 0 });
  });
});

describe('small pieces', () => {
  it('quotes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('I1 I2')).toBe('I1 I2');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=cmd()')).toBe("'=cmd()");
  });

  it('hashes patient ids to stable buckets and finds the patient of a resource', () => {
    expect(bucketOf('pt-1', 16)).toBe(bucketOf('pt-1', 16));
    const spread = new Set(Array.from({ length: 200 }, (_, i) => bucketOf(`p${i}`, 8)));
    expect(spread.size).toBe(8);
    expect(patientIdOf({ resourceType: 'Observation', subject: { reference: 'Patient/x1' } } as never)).toBe('x1');
    expect(patientIdOf({ resourceType: 'Immunization', patient: { reference: 'https://h/fhir/Patient/x2' } } as never)).toBe('x2');
    expect(patientIdOf({ resourceType: 'Observation', subject: { reference: 'Group/g' } } as never)).toBeUndefined();
  });

  it('splits the prefilter codes into searches with short URLs', () => {
    const codes = Array.from({ length: 600 }, (_, i) => ({ system: 'http://snomed.info/sct', code: String(100000 + i) }));
    const searches = prefilterSearches('sle', () => codes, 100);
    expect(searches.length).toBeGreaterThan(1);
    for (const s of searches) expect(s.length).toBeLessThanOrEqual(7000);
    expect(searches.join(',').match(/\|1\d{5}/g)).toHaveLength(600);
    expect(() => prefilterSearches('nope', () => codes, 100)).toThrow(/unknown prefilter/);
  });

  it('treats only complete report lines as finished (error lines are retried)', () => {
    expect(finishedId('{"patient":"Patient/a","asOf":"x","trials":[]}')).toBe('a');
    expect(finishedId('{"patient":"Patient/a","asOf":"x","error":{"code":"timeout"}}')).toBeUndefined();
    expect(finishedId('{"patient":"Patient/a","tri')).toBeUndefined();
  });

  it('describes progress with rate and ETA', () => {
    expect(describeProgress({ total: 100, processed: 20, skipped: 30, errors: 1 }, 10, false)).toBe(
      '50% 50/100 · ETA 0:25 · 2.0 patients/s · 30 done before · 1 not evaluated',
    );
  });
});
