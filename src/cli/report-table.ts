import type { CriterionResult, EligibilityReport } from '../domain/criterion.js';
import { textTable } from '../text-table.js';

const MARK: Record<string, string> = { pass: 'pass', fail: 'FAIL', unknown: 'unknown', review: 'review' };

/** Criterion id (indented by depth), status, reason: one row per criterion, sub-criteria under theirs. */
function rows(criteria: CriterionResult[], depth: number): string[][] {
  return criteria.flatMap((c) => [[`${'  '.repeat(depth)}${c.id}`, MARK[c.status] ?? c.status, c.reason], ...rows(c.criteria ?? [], depth + 1)]);
}

/** The report for a person at a terminal: one block per trial, one line per criterion. */
export function formatReportTable(report: EligibilityReport): string {
  const blocks = report.trials.map((t) => [`${t.id} — ${t.status}`, `  ${t.title}`, ...textTable([], rows(t.criteria, 1))].join('\n'));
  return [`${report.patient} as of ${report.asOf}`, ...blocks].join('\n\n');
}
