import { textTable } from '../text-table.js';
import type { ScreeningSummary, TrialSummary } from './summary.js';

/** The summary as the readable table printed at the end of a run. */
export function formatSummaryTable(summary: ScreeningSummary): string {
  const p = summary.patients;
  const lines = [
    `Screening ${summary.complete ? 'complete' : 'INCOMPLETE (interrupted: run again with --resume)'} — as of ${summary.asOf}, ${summary.source}`,
    `patients screened ${p.screened} · evaluated ${p.evaluated} · could not be evaluated ${p.errors}${p.errors ? ` (${Object.entries(p.errorsByCode).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
  ];
  if (summary.sourceProblems.count > 0) {
    lines.push(`input problems ${summary.sourceProblems.count}, e.g. ${summary.sourceProblems.samples.slice(0, 3).map((s) => `${s.where}: ${s.message}`).join('; ')}`);
  }
  if (summary.run) {
    lines.push(`time ${summary.run.seconds.toFixed(1)} s · ${summary.run.patientsPerSecond.toFixed(1)} patients/s · peak memory ${summary.run.peakRssMb} MB`);
  }
  for (const trial of summary.trials) lines.push('', ...trialTable(trial));
  return lines.join('\n');
}

function trialTable(t: TrialSummary): string[] {
  const s = t.status;
  const head = [
    `${t.id} — ${t.title}`,
    `  likely-eligible ${s['likely-eligible']} · possibly-eligible ${s['possibly-eligible']} · ineligible ${s.ineligible}${t.eligibleSoon ? ` (of which eligible soon ${t.eligibleSoon})` : ''}`,
  ];
  const rows = t.criteria.map((c) => [
    (c.id.includes('.') ? '  ' : '') + c.id,
    String(c.excluded),
    c.id.includes('.') ? '' : String(c.excludedAlone),
    String(c.unknown),
    String(c.review),
    c.remainingAfter === undefined ? '' : String(c.remainingAfter),
  ]);
  const table = textTable(['criterion', 'excluded', 'only reason', 'unknown', 'review', 'remaining after'], rows, ['left', 'right', 'right', 'right', 'right', 'right']);
  return [...head, ...table.map((line) => `  ${line}`)];
}
