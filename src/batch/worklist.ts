import { createWriteStream } from 'node:fs';
import type { CriterionStatus, EligibilityReport, TrialStatus } from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import { SpillSorter, streamPut } from './spill-sort.js';

/** The machine worklist: one row per patient and trial, most promising first (docs/screening.md). */
export const WORKLIST_HEADER = ['patient', 'trial', 'status', 'unknown_count', 'unknown_criteria', 'review_criteria', 'failed_criteria'];

export const STATUS_RANK: Record<TrialStatus, number> = { 'likely-eligible': 0, 'possibly-eligible': 1, ineligible: 2 };

/** Leaf criterion ids of a trial result by status. */
export function leafIdsByStatus(criteria: EligibilityReport['trials'][number]['criteria']): Record<CriterionStatus, string[]> {
  const leaves: Record<CriterionStatus, string[]> = { unknown: [], review: [], fail: [], pass: [] };
  for (const c of walkCriteria(criteria)) if (!c.criteria?.length) leaves[c.status].push(c.id);
  return leaves;
}

/**
 * Sorting: likely-eligible, then possibly-eligible (fewest unknowns first), then ineligible; ties by
 * patient id, then trial order.
 */
export class WorklistBuilder {
  private readonly sorter = new SpillSorter();
  private readonly trialOrder = new Map<string, number>();

  addReport(report: EligibilityReport): void {
    for (const trial of report.trials) {
      if (!this.trialOrder.has(trial.id)) this.trialOrder.set(trial.id, this.trialOrder.size);
      const leaves = leafIdsByStatus(trial.criteria);
      const key = STATUS_RANK[trial.status] * 10_000 + Math.min(leaves.unknown.length, 9999);
      const text = [report.patient, trial.id, trial.status, String(leaves.unknown.length), leaves.unknown.join(' '), leaves.review.join(' '), leaves.fail.join(' ')]
        .map(csvField)
        .join(',');
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

/** RFC 4180: quote when needed; a leading = + - @ is prefixed so a spreadsheet never runs it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
