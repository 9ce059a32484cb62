// One worklist row per patient and trial, in the compact shape the page's script reads: the
// checklist is aligned with the trial's flattened criteria, so criterion texts appear once per
// trial in the file, not once per patient.
import type {
  CriterionResult,
  CriterionStatus,
  EligibilityReport,
  ExpressionValue,
  TrialStatus,
} from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import type { PageTrial } from './report-trials.js';

export const STATUS_ORDER: readonly TrialStatus[] = ['likely-eligible', 'possibly-eligible', 'ineligible'];

/**
 * Texts repeat across a population ("no ANA result on record up to …"), so rows carry them as
 * indexes into one string table (a string when the table is full).
 */
export type Text = number | string;
export type Intern = (text: string) => Text;

/** [status letter, reason, evidence]; null for a criterion the report does not carry. */
export type Check = [string, Text, string[]] | null;

export type ReportRow = [
  patient: string,
  trial: number,
  status: number,
  unknown: string[],
  review: string[],
  failed: string[],
  obtain: Text,
  checks: Check[],
  values: Record<string, [ExpressionValue[0], Text]>,
];

const LETTER: Record<CriterionStatus, string> = { pass: 'p', fail: 'f', unknown: 'u', review: 'r' };

/** "I5: no SLEDAI-2K score in the 90 days up to 2026-11-01; I7.2: …" — what the coordinator can go and get. */
function toObtain(unknownLeaves: CriterionResult[]): string {
  return unknownLeaves.map((c) => `${c.id}: ${withoutBirthDate(c.reason)}`).join('; ');
}

/**
 * The page promises ids only: the age criterion's reason names the birth date ("born 2010-03-04,
 * 16 years old on …"), which the page leaves out (the age stays).
 */
export function withoutBirthDate(text: string): string {
  return text.replace(/\bborn \d{4}(-\d{2}){0,2}, /g, '');
}

function valuesOf(values: Record<string, ExpressionValue>, intern: Intern): ReportRow[8] {
  const out: ReportRow[8] = {};
  for (const [name, [truth, text]] of Object.entries(values)) out[name] = [truth, intern(withoutBirthDate(text))];
  return out;
}

export function rowsOf(
  report: EligibilityReport,
  trials: readonly PageTrial[],
  trialIndex: ReadonlyMap<string, number>,
  intern: Intern,
): ReportRow[] {
  return report.trials.flatMap((trial) => {
    const index = trialIndex.get(trial.id);
    if (index === undefined) return [];
    const page = trials[index]!;
    const shared = new Set(page.sharedReview.map((c) => c.id));
    const byId = new Map([...walkCriteria(trial.criteria)].map((c) => [c.id, c]));
    const leaves = [...byId.values()].filter((c) => !c.criteria?.length);
    const ids = (status: CriterionStatus) =>
      leaves.filter((c) => c.status === status && !shared.has(c.id)).map((c) => c.id);
    const checks = page.criteria.map((c): Check => {
      const r = byId.get(c.id);
      return r ? [LETTER[r.status], intern(withoutBirthDate(r.reason)), r.evidence] : null;
    });
    const row: ReportRow = [
      report.patient.replace(/^Patient\//, ''),
      index,
      STATUS_ORDER.indexOf(trial.status),
      ids('unknown'),
      ids('review'),
      ids('fail'),
      intern(toObtain(leaves.filter((c) => c.status === 'unknown'))),
      checks,
      valuesOf(trial.expressionValues ?? {}, intern),
    ];
    return [row];
  });
}
