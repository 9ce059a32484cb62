import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SummaryBuilder } from '../../../src/batch/summary.js';
import { formatSummaryTable } from '../../../src/batch/summary-table.js';
import { WorklistBuilder } from '../../../src/batch/worklist.js';
import type { EligibilityReport, TrialResult } from '../../../src/domain/criterion.js';

const trial = (status: TrialResult['status'], dates: Partial<TrialResult> = {}): TrialResult => ({
  id: 'NCT06789107',
  title: 'T',
  status,
  criteria: [{ id: 'E13', kind: 'exclusion', text: 'E13', status: status === 'ineligible' ? 'fail' : 'pass', reason: '', evidence: [] }],
  ...dates,
});
const report = (patient: string, t: TrialResult): EligibilityReport => ({ patient, asOf: '2026-11-01', trials: [t] });

const reports = [
  report('Patient/a-ineligible', trial('ineligible')),
  report('Patient/b-soon-later', trial('ineligible', { eligibleFrom: '2027-01-16' })),
  report('Patient/c-too-late', trial('ineligible', { eligibleFrom: '2027-06-01' })),
  report('Patient/d-soon-first', trial('ineligible', { eligibleFrom: '2026-11-18' })),
  report('Patient/e-possibly', { ...trial('possibly-eligible', { reassessBy: '2027-01-19' }), criteria: [{ id: 'I7', kind: 'inclusion', text: 'I7', status: 'unknown', reason: '', evidence: [] }] }),
  report('Patient/f-likely', trial('likely-eligible', { reassessBy: '2027-01-19' })),
];

describe('worklist and summary: eligible soon (issue 15)', () => {
  it('adds eligible_from / reassess_by and lists eligible-soon rows after the possibly-eligible, soonest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcds-wl-'));
    try {
      const w = new WorklistBuilder(90);
      for (const r of reports) w.addReport(r);
      await w.write(join(dir, 'w.csv'));
      const lines = readFileSync(join(dir, 'w.csv'), 'utf8').trim().split('\r\n');
      expect(lines[0]).toBe('patient,trial,status,unknown_count,unknown_criteria,review_criteria,failed_criteria,eligible_from,reassess_by');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
        'Patient/f-likely',
        'Patient/e-possibly',
        'Patient/d-soon-first',
        'Patient/b-soon-later',
        'Patient/a-ineligible',
        'Patient/c-too-late', // 212 days away: past the soon window, with the ineligible
      ]);
      expect(lines[1]!.split(',').slice(-2)).toEqual(['', '2027-01-19']);
      expect(lines[3]!.split(',').slice(-2)).toEqual(['2026-11-18', '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the eligible-soon patients per trial, and prints them', () => {
    const s = new SummaryBuilder(90);
    for (const r of reports) s.addReport(r);
    const out = s.build({ asOf: '2026-11-01', source: 'x', complete: true, sourceProblems: { count: 0, samples: [] } });
    expect(out.trials[0]!.eligibleSoon).toBe(2);
    expect(out.trials[0]!.status.ineligible).toBe(4);
    expect(formatSummaryTable(out)).toContain('ineligible 4 (of which eligible soon 2)');
  });
});
