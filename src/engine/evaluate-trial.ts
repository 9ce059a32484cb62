import type { CriterionResult, CriterionStatus, TrialResult } from '../domain/criterion.js';
import { CRITERION_STATUSES } from '../domain/criterion.js';
import { rollUp, trialStatusOf } from '../domain/rollup.js';
import { rolledUpChangesOn, trialDates } from '../domain/dates.js';
import type { CriterionDefinition, TrialManifest } from '../domain/trial.js';
import type { DefineResult } from './cql-runtime/cql-runner.js';

export const NOT_YET_AUTOMATED = 'not yet automated';

/** Seed texts keep their Markdown escapes (`\>=5`); reports show the plain characters. */
export function displayText(seedText: string): string {
  return seedText.replace(/\\([\\`*_{}[\]()#+\-.!<>^|~])/g, '$1');
}

export function definesOf(criteria: CriterionDefinition[]): string[] {
  return criteria.flatMap((c) => [...(c.define ? [c.define] : []), ...definesOf(c.criteria ?? [])]);
}

interface Outcome {
  status: CriterionStatus;
  reason: string;
  evidence: string[];
  changesOn?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function asOutcome(value: unknown): Outcome | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (!CRITERION_STATUSES.includes(v.status as CriterionStatus) || typeof v.reason !== 'string') return undefined;
  const evidence = Array.isArray(v.evidence) ? v.evidence.filter((e): e is string => typeof e === 'string') : [];
  // `changesOn` (issue 15): a windowed criterion's Outcome says when its status would change.
  const changesOn = typeof v.changesOn === 'string' && DAY.test(v.changesOn) ? { changesOn: v.changesOn } : {};
  return { status: v.status as CriterionStatus, reason: v.reason, evidence: [...new Set(evidence)], ...changesOn };
}

/** A define's result as a criterion outcome; a failure or a malformed value becomes `review`. */
function outcomeOfDefine(define: string, result: DefineResult | undefined): Outcome {
  if (!result) return { status: 'review', reason: `could not be evaluated: define "${define}" was not run`, evidence: [] };
  if (!result.ok) return { status: 'review', reason: `could not be evaluated: ${result.error}`, evidence: [] };
  return (
    asOutcome(result.value) ?? {
      status: 'review',
      reason: `could not be evaluated: define "${define}" did not return a status and reason`,
      evidence: [],
    }
  );
}

function rollUpReason(combine: 'all' | 'any', status: CriterionStatus, children: CriterionResult[]): string {
  const ids = (s: CriterionStatus) => children.filter((c) => c.status === s).map((c) => c.id).join(', ');
  if (combine === 'any' && status === 'pass') return `satisfied by ${ids('pass')}`;
  if (combine === 'all' && status === 'pass') return `all of ${children.map((c) => c.id).join(', ')} pass`;
  if (status === 'fail') return combine === 'all' ? `${ids('fail')} ${children.filter((c) => c.status === 'fail').length > 1 ? 'fail' : 'fails'}` : `none of ${children.map((c) => c.id).join(', ')} passes`;
  if (status === 'unknown') return `not enough data for ${ids('unknown')}`;
  return `needs review: ${ids('review')}`;
}

/**
 * Why a define cannot be trusted for this patient: a record it reads holds an invalid date or number
 * (src/engine/unreadable-records.ts). Undefined when every record it reads is well-formed.
 */
export type UnreadableData = (define: string) => { reason: string; evidence: string[] } | undefined;

function evaluateCriterion(def: CriterionDefinition, results: Map<string, DefineResult>, unreadable?: UnreadableData): CriterionResult {
  const children = def.criteria?.map((c) => evaluateCriterion(c, results, unreadable));
  const base = { id: def.id, kind: def.kind, text: displayText(def.text) };
  let outcome: Outcome;
  const problem = def.result === 'outcome' && def.define ? unreadable?.(def.define) : undefined;
  if (problem) {
    // Same answer from both engines: neither is asked to make sense of the invalid value.
    outcome = { status: 'unknown', ...problem };
  } else if (def.result === 'outcome' && def.define) {
    outcome = outcomeOfDefine(def.define, results.get(def.define));
  } else if (def.result === 'review' || def.result === 'pending') {
    outcome = { status: 'review', reason: def.reason ?? NOT_YET_AUTOMATED, evidence: [] };
  } else {
    const combine = def.combine ?? 'all';
    const status = rollUp(combine, (children ?? []).map((c) => c.status));
    outcome = { status, reason: rollUpReason(combine, status, children ?? []), evidence: [] };
    const changesOn = rolledUpChangesOn(combine, status, children ?? []);
    if (changesOn) outcome.changesOn = changesOn;
  }
  return children ? { ...base, ...outcome, criteria: children } : { ...base, ...outcome };
}

export function evaluateManifest(manifest: TrialManifest, results: Map<string, DefineResult>, unreadable?: UnreadableData): TrialResult {
  const criteria = manifest.criteria.map((c) => evaluateCriterion(c, results, unreadable));
  return trialResult(manifest, criteria);
}

function trialResult(manifest: TrialManifest, criteria: CriterionResult[]): TrialResult {
  return { id: manifest.id, title: manifest.title, status: trialStatusOf(criteria), criteria, ...trialDates(criteria) };
}

/**
 * For callers that show nothing for an ineligible trial (CDS cards): criteria are evaluated in
 * manifest order and evaluation stops at the first that fails — the trial is then ineligible
 * whatever the rest say, and most charts (no lupus, wrong age) fail on the first or second
 * criterion. The result lists only the criteria evaluated; a trial with no failing criterion, or
 * whose failing criteria all lapse (`changesOn`), is evaluated in full and equals evaluateManifest's.
 */
export async function evaluateManifestUntilFail(
  manifest: TrialManifest,
  run: (defines: string[]) => Promise<Map<string, DefineResult>>,
  unreadable?: UnreadableData,
): Promise<TrialResult> {
  const criteria: CriterionResult[] = [];
  for (const def of manifest.criteria) {
    const result = evaluateCriterion(def, await run([...new Set(definesOf([def]))]), unreadable);
    criteria.push(result);
    // A failure that lapses (a washout) does not stop: the trial may be "eligible soon" (issue 15).
    if (result.status === 'fail' && !result.changesOn) break;
  }
  return trialResult(manifest, criteria);
}
