// One patient across every screened trial, as the people-oriented worklists and the HTML report
// show it: the trials' statuses side by side, what to obtain (unknown criteria) and what a person
// must judge for this patient (review criteria other than the shared ones), each de-duplicated
// across trials, and what excluded them.
import type { CriterionResult, CriterionStatus, EligibilityReport, TrialStatus } from '../domain/criterion.js';
import { itemsText, distinctLabels, type Item, type LabelledTrial } from './criterion-labels.js';
import { ageOn, type PersonFacts } from './person.js';
import { STATUS_RANK } from './worklist.js';

/** A screening results line: the report, with who it is about when the source said (person.ts). */
export type ResultsLine = EligibilityReport & { person?: PersonFacts };

export interface PersonRow {
  /** The source's id, without `Patient/`. */
  patient: string;
  person: PersonFacts;
  /** Whole years on the as-of date ("15–16" for a partial birth date); ages over 89 are "90+". */
  age?: string;
  /** Per screened trial, in the given order; undefined when the line lacks that trial. */
  statuses: (TrialStatus | undefined)[];
  /** The most promising status over the trials. */
  best: TrialStatus;
  obtain: string;
  /** Distinct things to obtain: the worklist's sort key after the status. */
  obtainCount: number;
  review: string;
  excludedBy: string;
}

/** Ages above 89 are grouped (HIPAA safe harbour): an exact great age narrows down a person. */
function shownAge(age: string | undefined): string | undefined {
  if (age === undefined) return undefined;
  return Number(age.split('–')[0]) >= 90 ? '90+' : age;
}

/**
 * The criteria with `status` that the trial's status rests on: a parent's children with the same
 * status stand for it; children of a parent settled otherwise do not count (an unknown anti-Sm
 * under "at least one antibody" that already passed is nothing to obtain).
 */
export function decisiveCriteria(criteria: readonly CriterionResult[], status: CriterionStatus): CriterionResult[] {
  return criteria.flatMap((c) => {
    if (c.status !== status) return [];
    const deeper = decisiveCriteria(c.criteria ?? [], status);
    return deeper.length ? deeper : [c];
  });
}

export function personRowOf(line: ResultsLine, trials: readonly LabelledTrial[]): PersonRow {
  const obtain: Item[] = [];
  const review: Item[] = [];
  const excluded: string[] = [];
  let best: TrialStatus = 'ineligible';
  const statuses = trials.map((trial) => {
    const result = line.trials.find((t) => t.id === trial.id);
    if (!result) return undefined;
    if (STATUS_RANK[result.status] < STATUS_RANK[best]) best = result.status;
    const label = (c: CriterionResult) => trial.labels.get(c.id) ?? c.id;
    const item = (c: CriterionResult): Item => ({ trial: trial.id, label: label(c) });
    // What excluded the patient: the failing top-level criteria (an ineligible trial needs nothing more).
    const failing = result.criteria.filter((c) => c.status === 'fail');
    if (failing.length) {
      excluded.push(`${trial.id}: ${failing.map((c) => `${c.id} ${label(c)}`).join(', ')}`);
      return result.status;
    }
    const shared = new Set(trial.sharedReview.map((c) => c.id));
    obtain.push(...decisiveCriteria(result.criteria, 'unknown').map(item));
    review.push(...decisiveCriteria(result.criteria, 'review').filter((c) => !shared.has(c.id)).map(item));
    return result.status;
  });
  const person = line.person ?? {};
  const age = shownAge(person.age ?? ageOn(person.birthDate, line.asOf));
  return {
    patient: line.patient.replace(/^Patient\//, ''),
    person,
    ...(age !== undefined ? { age } : {}),
    statuses,
    best,
    obtain: itemsText(obtain, trials.length),
    obtainCount: distinctLabels(obtain),
    review: itemsText(review, trials.length),
    excludedBy: excluded.join('; '),
  };
}
