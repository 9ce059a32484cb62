import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';
import type { ProblemCode } from '../domain/errors.js';

/** FHIR issue types this service emits (a subset of http://hl7.org/fhir/issue-type). */
export type IssueCode =
  ProblemCode | 'login' | 'forbidden' | 'not-supported' | 'too-costly' | 'incomplete' | 'transient';
export type IssueSeverity = OperationOutcomeIssue['severity'];

export interface IssueInput {
  code: IssueCode;
  /** Human-readable text shown to the caller: must never carry patient data or a stack trace. */
  text: string;
  severity?: IssueSeverity;
  /** FHIRPath-ish locations of the problem in the request (e.g. `context.patientId`). */
  expression?: string[];
}

/** One OperationOutcome with one issue per input. */
export function operationOutcome(issues: readonly IssueInput[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => {
      const issue: OperationOutcomeIssue = {
        severity: i.severity ?? 'error',
        code: i.code,
        details: { text: i.text },
      };
      if (i.expression && i.expression.length > 0) issue.expression = [...i.expression];
      return issue;
    }),
  };
}

export function outcomeOf(
  code: IssueCode,
  text: string,
  severity: IssueSeverity = 'error',
): OperationOutcome {
  return operationOutcome([{ code, text, severity }]);
}

/** True when a value is an OperationOutcome with at least one error or fatal issue. */
export function isErrorOutcome(value: unknown): boolean {
  if (!isObject(value) || value.resourceType !== 'OperationOutcome') return false;
  const issues = Array.isArray(value.issue) ? value.issue : [];
  // An OperationOutcome without issues is malformed; treat it as an error rather than as data.
  if (issues.length === 0) return true;
  return issues.some((i) => isObject(i) && (i.severity === 'error' || i.severity === 'fatal'));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
