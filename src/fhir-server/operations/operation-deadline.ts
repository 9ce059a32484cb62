import type { OperationDeps } from '../../knowledge/contracts.js';

/**
 * The evaluation deadline of one operation call (TRIALCDS_REQUEST_DEADLINE_MS): in the evaluation
 * pool, a call past it stops its worker and answers 504 (EvaluationTimeout).
 */
export function deadlineSignal(deps: Pick<OperationDeps, 'deadlineMs'>): { signal?: AbortSignal } {
  return deps.deadlineMs ? { signal: AbortSignal.timeout(deps.deadlineMs) } : {};
}
