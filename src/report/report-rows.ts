// One worklist row per patient, in the compact shape the page's script reads: the patient's age and
// sex (never a name or birth date), every trial's status, what to obtain and to review across trials
// (person-row.ts), and per trial the checklist aligned with the trial's flattened criteria, so
// criterion texts appear once per trial in the file, not once per patient.
import type { CriterionStatus, ExpressionValue, TrialStatus } from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import type { LabelledTrial } from '../batch/criterion-labels.js';
import { personRowOf, type ResultsLine } from '../batch/person-row.js';
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

export type TrialCell = [
  trial: number,
  status: number,
  unknown: string[],
  review: string[],
  failed: string[],
  checks: Check[],
  values: Record<string, [ExpressionValue[0], Text]>,
];

export type ReportRow = [
  patient: string,
  age: string,
  sex: string,
  best: number,
  obtainCount: number,
  obtain: Text,
  review: Text,
  cells: TrialCell[],
];

const LETTER: Record<CriterionStatus, string> = { pass: 'p', fail: 'f', unknown: 'u', review: 'r' };

/**
 * The page promises ids only: the age criterion's reason names the birth date ("born 2010-03-04,
 * 16 years old on …"), which the page leaves out (the age stays).
 */
export function withoutBirthDate(text: string): string {
  return text.replace(/\bborn \d{4}(-\d{2}){0,2}, /g, '');
}

function valuesOf(values: Record<string, ExpressionValue>, intern: Intern): TrialCell[6] {
  const out: TrialCell[6] = {};
  for (const [name, [truth, text]] of Object.entries(values)) out[name] = [truth, intern(withoutBirthDate(text))];
  return out;
}

function cellOf(trial: ResultsLine['trials'][number], index: number, page: PageTrial, intern: Intern): TrialCell {
  const shared = new Set(page.sharedReview.map((c) => c.id));
  const byId = new Map([...walkCriteria(trial.criteria)].map((c) => [c.id, c]));
  const leaves = [...byId.values()].filter((c) => !c.criteria?.length);
  const ids = (status: CriterionStatus) => leaves.filter((c) => c.status === status && !shared.has(c.id)).map((c) => c.id);
  const checks = page.criteria.map((c): Check => {
    const r = byId.get(c.id);
    return r ? [LETTER[r.status], intern(withoutBirthDate(r.reason)), r.evidence] : null;
  });
  return [index, STATUS_ORDER.indexOf(trial.status), ids('unknown'), ids('review'), ids('fail'), checks, valuesOf(trial.expressionValues ?? {}, intern)];
}

/** The patient's row, or none when the line has none of the page's trials. */
export function rowsOf(
  line: ResultsLine,
  trials: readonly PageTrial[],
  labelled: readonly LabelledTrial[],
  intern: Intern,
): ReportRow[] {
  const cells = trials.flatMap((page, index) => {
    const trial = line.trials.find((t) => t.id === page.id);
    return trial ? [cellOf(trial, index, page, intern)] : [];
  });
  if (!cells.length) return [];
  const person = personRowOf(line, labelled);
  return [
    [
      person.patient,
      person.age ?? '',
      person.person.sex ?? '',
      STATUS_ORDER.indexOf(person.best),
      person.obtainCount,
      intern(withoutBirthDate(person.obtain)),
      intern(person.review),
      cells,
    ],
  ];
}
