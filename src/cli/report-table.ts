import type { CriterionResult, EligibilityReport } from '../domain/criterion.js';

const MARK: Record<string, string> = { pass: 'pass   ', fail: 'FAIL   ', unknown: 'unknown', review: 'review ' };

function rows(criteria: CriterionResult[], depth: number): string[] {
  return criteria.flatMap((c) => [
    `${'  '.repeat(depth)}${c.id.padEnd(8 - depth * 2)} ${MARK[c.status] ?? c.status}  ${c.reason}`,
    ...rows(c.criteria ?? [], depth + 1),
  ]);
}

/** The report for a person at a terminal: one block per trial, one line per criterion. */
export function formatReportTable(report: EligibilityReport): string {
  const blocks = report.trials.map((t) =>
    [`${t.id} — ${t.status}`, `  ${t.title}`, ...rows(t.criteria, 1)].join('\n'),
  );
  return [`${report.patient} as of ${report.asOf}`, ...blocks].join('\n\n');
}
