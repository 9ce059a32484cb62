import type { CriterionResult, CriterionStatus, TrialResult } from './criterion.js';
import { walkCriteria, type Combine } from './rollup.js';

/** An ineligible trial that becomes eligible within this many days is "eligible soon" (TRIALCDS_SOON_DAYS). */
export const DEFAULT_SOON_DAYS = 90;

/** YYYY-MM-DD strings compare as dates. */
const latest = (days: readonly string[]) => days.reduce((a, b) => (b > a ? b : a));
const earliest = (days: readonly string[]) => days.reduce((a, b) => (b < a ? b : a));

/**
 * When a rolled-up parent's status would change, from its children's `changesOn`: a parent that
 * fails because of children that all lapse changes when the last of them lapses ("all" fails,
 * "any" passes on children that all lapse); otherwise the first child to change may change it.
 */
export function rolledUpChangesOn(
  combine: Combine,
  status: CriterionStatus,
  children: readonly CriterionResult[],
): string | undefined {
  const deciding = combine === 'all' ? status === 'fail' : status === 'pass';
  if (deciding) {
    const decisive = children.filter((c) => c.status === status);
    return decisive.every((c) => c.changesOn) ? latest(decisive.map((c) => c.changesOn!)) : undefined;
  }
  const days = children.flatMap((c) => (c.changesOn ? [c.changesOn] : []));
  return days.length > 0 ? earliest(days) : undefined;
}

/**
 * eligibleFrom: the trial is ineligible only through criteria that lapse, the day the last of them
 * lapses. reassessBy: the earliest day a passing criterion (or sub-criterion) stops passing.
 */
export function trialDates(criteria: readonly CriterionResult[]): Pick<TrialResult, 'eligibleFrom' | 'reassessBy'> {
  const failing = criteria.filter((c) => c.status === 'fail');
  // Any depth: a passing sub-criterion (I7.4 hemoglobin) that lapses changes its parent too.
  const passingDays = [...walkCriteria(criteria)].flatMap((c) => (c.status === 'pass' && c.changesOn ? [c.changesOn] : []));
  const out: Pick<TrialResult, 'eligibleFrom' | 'reassessBy'> = {};
  if (failing.length > 0 && failing.every((c) => c.changesOn)) out.eligibleFrom = latest(failing.map((c) => c.changesOn!));
  if (passingDays.length > 0) out.reassessBy = earliest(passingDays);
  return out;
}

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar days, no time zone). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Days until an ineligible trial becomes eligible, when within `soonDays` of the as-of date. */
export function daysUntilEligible(trial: Pick<TrialResult, 'status' | 'eligibleFrom'>, asOf: string, soonDays: number): number | undefined {
  if (trial.status !== 'ineligible' || !trial.eligibleFrom) return undefined;
  const days = daysBetween(asOf, trial.eligibleFrom);
  return days <= soonDays ? days : undefined;
}
