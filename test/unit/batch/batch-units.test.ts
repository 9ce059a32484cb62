import { finishedId } from '../../../src/batch/checkpoint.js';
import { prefilterSearches } from '../../../src/batch/fhir-queries.js';
import { bucketOf, patientIdOf } from '../../../src/batch/ndjson-partition.js';
import { createProgressReporter, describeProgress, RateMeter } from '../../../src/batch/progress.js';
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
    // A bare line break inside a field must be quoted (csv-stringify alone quotes only its record delimiter).
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField('-2')).toBe("'-2");
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
    expect(describeProgress({ total: 100, processed: 20, skipped: 30, errors: 1 }, 2, false)).toBe(
      '50% 50/100 · ETA 0:25 · 2.0 patients/s · 30 done before · 1 not evaluated',
    );
    expect(describeProgress({ total: 100, processed: 0, skipped: 0, errors: 0 }, undefined, false)).toBe('0% 0/100 · ETA ? · ? patients/s');
  });

  it('rates progress from the first finished patient on, not from start-up', () => {
    const meter = new RateMeter(30_000);
    meter.add(0, 0); // the engine loads for 50 s before the first patient
    meter.add(1, 50_000);
    expect(meter.rate).toBeUndefined();
    meter.add(11, 51_000);
    expect(meter.rate).toBeCloseTo(10);
    // A 1-minute run of 600 patients after that start-up: the ETA is seconds, not most of an hour.
    expect(describeProgress({ total: 600, processed: 11, skipped: 0, errors: 0 }, meter.rate, false)).toMatch(/ETA 0:59 /);
  });

  it('follows a change of pace within its window (a moving average)', () => {
    const meter = new RateMeter(10_000);
    for (let t = 0; t <= 20; t++) meter.add(1 + t * 10, t * 1000); // 10 patients/s for 20 s
    expect(meter.rate).toBeCloseTo(10);
    for (let t = 21; t <= 40; t++) meter.add(201 + (t - 20) * 2, t * 1000); // then 2 patients/s
    expect(meter.rate).toBeCloseTo(2);
  });

  it('writes plain lines (no bar, no redraw codes) when the output is not a terminal', () => {
    const written: string[] = [];
    let clock = 1000;
    const reporter = createProgressReporter({ write: (t: string) => written.push(t), isTTY: false }, 60_000, () => clock);
    reporter.update({ total: 4, processed: 1, skipped: 0, errors: 0 });
    clock += 1000;
    reporter.update({ total: 4, processed: 3, skipped: 0, errors: 0 });
    clock += 1000;
    reporter.update({ total: 4, processed: 4, skipped: 0, errors: 0 });
    reporter.finish();
    const text = written.join('');
    expect(text).toBe('25% 1/4 · ETA ? · ? patients/s\n100% 4/4 · ETA 0:00 · 1.5 patients/s\n');
  });
});
