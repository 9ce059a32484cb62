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
  criteria?: CriterionResult[];
}

export interface TrialResult {
  id: string;
  title: string;
  status: TrialStatus;
  criteria: CriterionResult[];
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
