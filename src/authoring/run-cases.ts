import type { CriterionResult, TrialResult } from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import type { EligibilityEngine } from '../domain/trial.js';
import { toPatientData } from '../fhir/patient-data.js';
import type { AuthoredCase, CriterionExpectation, TrialExpectation } from './case-file.js';
import { textTable } from '../text-table.js';

export interface Check {
  caseId: string;
  trial: string;
  criterion: string;
  expected: string;
  actual: string;
  ok: boolean;
  reason?: string;
}

function statusMatches(expected: string, actual: string): boolean {
  return expected === 'not-ineligible' ? actual !== 'ineligible' : expected === actual;
}

function criterionCheck(caseId: string, trial: TrialResult, id: string, expectation: CriterionExpectation, found?: CriterionResult): Check[] {
  const expected = typeof expectation === 'string' ? expectation : expectation.status;
  const reasonIncludes = typeof expectation === 'string' ? undefined : expectation.reasonIncludes;
  const actual = found?.status ?? 'missing';
  const reasonOk = !reasonIncludes || !!found?.reason.includes(reasonIncludes);
  const expectedText = reasonIncludes ? `${expected} ("${reasonIncludes}")` : expected;
  const checks: Check[] = [{ caseId, trial: trial.id, criterion: id, expected: expectedText, actual, ok: actual === expected && reasonOk, reason: found?.reason }];
  if (typeof expectation !== 'string' && expectation.changesOn !== undefined)
    checks.push(dateCheck(caseId, trial.id, `${id} changesOn`, expectation.changesOn, found?.changesOn));
  return checks;
}

/** An expected date (null: none) against the report's. */
function dateCheck(caseId: string, trial: string, criterion: string, expected: string | null, actual: string | undefined): Check {
  return { caseId, trial, criterion, expected: expected ?? '(none)', actual: actual ?? '(none)', ok: (expected ?? undefined) === actual };
}

function trialChecks(caseId: string, trial: TrialResult, expectation: TrialExpectation): Check[] {
  const checks: Check[] = [];
  if (expectation.status) {
    checks.push({
      caseId,
      trial: trial.id,
      criterion: '(trial)',
      expected: expectation.status,
      actual: trial.status,
      ok: statusMatches(expectation.status, trial.status),
    });
  }
  if (expectation.eligibleFrom !== undefined) checks.push(dateCheck(caseId, trial.id, '(trial) eligibleFrom', expectation.eligibleFrom, trial.eligibleFrom));
  if (expectation.reassessBy !== undefined) checks.push(dateCheck(caseId, trial.id, '(trial) reassessBy', expectation.reassessBy, trial.reassessBy));
  const byId = new Map([...walkCriteria(trial.criteria)].map((c) => [c.id, c]));
  for (const [id, exp] of Object.entries(expectation.criteria ?? {})) {
    checks.push(...criterionCheck(caseId, trial, id, exp, byId.get(id)));
  }
  return checks;
}

/** Evaluates one case and compares every expectation it states, criterion by criterion. */
export async function runCase(engine: EligibilityEngine, testCase: AuthoredCase): Promise<Check[]> {
  const known = new Set(engine.trials.map((t) => t.manifest.id));
  const trialIds = Object.keys(testCase.expect).filter((id) => known.has(id));
  const missing = Object.keys(testCase.expect).filter((id) => !known.has(id));
  const report = await engine.evaluate(toPatientData(testCase.bundle), { asOf: testCase.asOf, trialIds });
  const checks = report.trials.flatMap((t) => trialChecks(testCase.id, t, testCase.expect[t.id]!));
  return [
    ...checks,
    ...missing.map((trial) => ({ caseId: testCase.id, trial, criterion: '(trial)', expected: 'a bundled trial', actual: 'unknown trial', ok: false })),
  ];
}

export function formatChecks(checks: Check[], verbose: boolean): string {
  const shown = verbose ? checks : checks.filter((c) => !c.ok);
  if (shown.length === 0) return '';
  const header = ['', 'case', 'trial', 'criterion', 'expected', 'actual'];
  const rows = shown.map((c) => [c.ok ? 'ok' : 'DIFF', c.caseId, c.trial, c.criterion, c.expected, c.actual]);
  const reasons = shown.filter((c) => !c.ok && c.reason).map((c) => `  ${c.caseId} ${c.trial} ${c.criterion}: ${c.reason}`);
  return [...textTable(header, rows), ...(reasons.length ? ['', 'reasons given:', ...reasons] : [])].join('\n');
}
