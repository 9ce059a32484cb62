import type { OperationOutcome } from 'fhir/r4';
import type { ProblemCode } from '../domain/errors.js';
import { operationOutcome, type IssueInput } from '../fhir/operation-outcome.js';

/**
 * An HTTP answer other than 2xx, carried as an exception from handlers to the error handler.
 * Its issues are written for the caller: no stack traces, no patient data.
 */
export class HttpProblem extends Error {
  readonly outcome: OperationOutcome;
  constructor(
    readonly status: number,
    issues: IssueInput[],
    /** Extra response headers (e.g. WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((i) => i.text).join('; '));
    this.name = 'HttpProblem';
    this.outcome = operationOutcome(issues);
  }
}

export const badRequest = (issues: IssueInput[]) => new HttpProblem(400, issues);
export const badRequestText = (text: string, code: ProblemCode = 'invalid', expression?: string) =>
  new HttpProblem(400, [{ code, text, ...(expression ? { expression: [expression] } : {}) }]);
export const notFound = (text: string) => new HttpProblem(404, [{ code: 'not-found', text }]);
export const preconditionFailed = (issues: IssueInput[]) => new HttpProblem(412, issues);
/** 401 says nothing about why: details would help an attacker probe the verifier. */
export const unauthorized = () =>
  new HttpProblem(401, [{ code: 'login', text: 'authentication required' }], {
    'WWW-Authenticate': 'Bearer',
  });
