import type { CriterionResult, CriterionStatus, TrialStatus } from './criterion.js';

/** How a parent's status follows from its children (contract §2). */
export type Combine = 'all' | 'any';

/** All must hold: fail > unknown > review > pass. */
export function rollUpAll(statuses: readonly CriterionStatus[]): CriterionStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('unknown')) return 'unknown';
  if (statuses.includes('review')) return 'review';
  return 'pass';
}

/** At least one of: pass > unknown > review > fail. */
export function rollUpAny(statuses: readonly CriterionStatus[]): CriterionStatus {
  if (statuses.includes('pass')) return 'pass';
  if (statuses.includes('unknown')) return 'unknown';
  if (statuses.includes('review')) return 'review';
  return 'fail';
}

export function rollUp(combine: Combine, statuses: readonly CriterionStatus[]): CriterionStatus {
  return combine === 'all' ? rollUpAll(statuses) : rollUpAny(statuses);
}

export function trialStatusOf(criteria: readonly CriterionResult[]): TrialStatus {
  const statuses = criteria.map((c) => c.status);
  if (statuses.includes('fail')) return 'ineligible';
  if (statuses.includes('unknown')) return 'possibly-eligible';
  return 'likely-eligible';
}

/** Depth-first walk over a criterion tree, parents before children. */
export function* walkCriteria(criteria: readonly CriterionResult[]): Generator<CriterionResult> {
  for (const c of criteria) {
    yield c;
    if (c.criteria) yield* walkCriteria(c.criteria);
  }
}
