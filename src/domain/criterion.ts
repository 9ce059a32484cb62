/** Statuses are always from the point of view of eligibility (contract §2). */
export type CriterionStatus = 'pass' | 'fail' | 'unknown' | 'review';
export type CriterionKind = 'inclusion' | 'exclusion';
export type TrialStatus = 'ineligible' | 'possibly-eligible' | 'likely-eligible';

export interface CriterionResult {
  id: string;
  kind: CriterionKind;
  text: string;
  status: CriterionStatus;
  reason: string;
  evidence: string[];
  /**
   * Only for a criterion decided by a time window (issue 15): the first date (YYYY-MM-DD) on which,
   * with no new data, its status would change — a washout that ends, a result that leaves its
   * window, an age limit reached.
   */
  changesOn?: string;
  criteria?: CriterionResult[];
}

export interface TrialResult {
  id: string;
  title: string;
  status: TrialStatus;
  criteria: CriterionResult[];
  /** Ineligible, and every failing criterion lapses: the date the last of them lapses (issue 15). */
  eligibleFrom?: string;
  /** The earliest date a passing criterion stops passing (a result leaving its window, an age limit). */
  reassessBy?: string;
  /**
   * Only when asked for (screening reports): the value of each define the criteria's defines refer
   * to, as [truth, text] — truth `true`/`false`/`null` for booleans, lists (empty = false) and
   * outcomes (pass/fail/else), `value` for anything else.
   */
  expressionValues?: Record<string, ExpressionValue>;
}

export type ExpressionTruth = 'true' | 'false' | 'null' | 'value';
export type ExpressionValue = [ExpressionTruth, string];

export interface EligibilityReport {
  patient: string;
  asOf: string;
  trials: TrialResult[];
}

export const CRITERION_STATUSES: readonly CriterionStatus[] = ['pass', 'fail', 'unknown', 'review'];
