import { createWriteStream } from 'node:fs';
import type { CriterionStatus, EligibilityReport, TrialStatus } from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_SOON_DAYS, daysUntilEligible } from '../domain/dates.js';
import { SpillSorter, streamPut } from './spill-sort.js';

/** What a machine worklist column reads: one patient's result for one trial. */
export interface TrialRow {
  patient: string;
  trial: EligibilityReport['trials'][number];
  leaves: Record<CriterionStatus, string[]>;
}

/** The machine worklist's columns, in order (docs/screening.md); a new column is one more entry. */
export const WORKLIST_COLUMNS: readonly { header: string; value: (row: TrialRow) => string }[] = [
  { header: 'patient', value: (r) => r.patient },
  { header: 'trial', value: (r) => r.trial.id },
  { header: 'status', value: (r) => r.trial.status },
  { header: 'unknown_count', value: (r) => String(r.leaves.unknown.length) },
  { header: 'unknown_criteria', value: (r) => r.leaves.unknown.join(' ') },
  { header: 'review_criteria', value: (r) => r.leaves.review.join(' ') },
  { header: 'failed_criteria', value: (r) => r.leaves.fail.join(' ') },
  { header: 'eligible_from', value: (r) => r.trial.eligibleFrom ?? '' },
  { header: 'reassess_by', value: (r) => r.trial.reassessBy ?? '' },
];

/** The machine worklist: one row per patient and trial, most promising first. */
export const WORKLIST_HEADER = WORKLIST_COLUMNS.map((c) => c.header);

export const STATUS_RANK: Record<TrialStatus, number> = { 'likely-eligible': 0, 'possibly-eligible': 1, ineligible: 3 };
/** Ineligible now, eligible within the soon window (issue 15): after the possibly-eligible, soonest first. */
const SOON_RANK = 2;

/** Leaf criterion ids of a trial result by status. */
export function leafIdsByStatus(criteria: EligibilityReport['trials'][number]['criteria']): Record<CriterionStatus, string[]> {
  const leaves: Record<CriterionStatus, string[]> = { unknown: [], review: [], fail: [], pass: [] };
  for (const c of walkCriteria(criteria)) if (!c.criteria?.length) leaves[c.status].push(c.id);
  return leaves;
}

/**
 * Sorting: likely-eligible, then possibly-eligible (fewest unknowns first), then eligible soon
 * (ineligible, eligible within `soonDays`: soonest first), then ineligible; ties by patient id, then
 * trial order.
 */
export class WorklistBuilder {
  private readonly sorter = new SpillSorter();
  private readonly trialOrder = new Map<string, number>();

  constructor(private readonly soonDays: number = DEFAULT_SOON_DAYS) {}

  addReport(report: EligibilityReport): void {
    for (const trial of report.trials) {
      if (!this.trialOrder.has(trial.id)) this.trialOrder.set(trial.id, this.trialOrder.size);
      const row: TrialRow = { patient: report.patient, trial, leaves: leafIdsByStatus(trial.criteria) };
      const soon = daysUntilEligible(trial, report.asOf, this.soonDays);
      const key = soon !== undefined ? SOON_RANK * 10_000 + Math.min(soon, 9999) : STATUS_RANK[trial.status] * 10_000 + Math.min(row.leaves.unknown.length, 9999);
      const text = csvRow(WORKLIST_COLUMNS.map((c) => c.value(row)));
      this.sorter.push(key, report.patient, this.trialOrder.get(trial.id)!, text);
    }
  }

  /** Writes the CSV and removes the temporary files. */
  async write(path: string): Promise<void> {
    const out = createWriteStream(path);
    const put = streamPut(out);
    try {
      await put(WORKLIST_HEADER.join(',') + '\r\n');
      await this.sorter.drain((text) => put(text + '\r\n'));
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
  }
}

/**
 * One CSV line (RFC 4180, csv-stringify): fields quoted when needed — a bare CR or LF too, which
 * csv-stringify leaves alone unless told — and a leading = + - @ tab or CR prefixed with ' so a
 * spreadsheet never runs it as a formula.
 */
export function csvRow(values: readonly string[]): string {
  return stringify([values as string[]], { escape_formulas: true, quoted_match: /[\r\n]/, record_delimiter: '\r\n', eof: false });
}

export const csvField = (value: string): string => csvRow([value]);
