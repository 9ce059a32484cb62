// FHIR operations whose evaluation runs in the evaluation pool, under the call's deadline.
import type { FhirOperationDefinition } from '../../knowledge/contracts.js';
import { libraryEvaluateOperation } from '../../fhir-server/operations/library-evaluate.js';
import { deadlineSignal } from '../../fhir-server/operations/operation-deadline.js';
import type { EvaluationPool } from './evaluation-pool.js';

/** Library/$evaluate as advertised; the defines run in a worker that is stopped past the deadline. */
export function pooledLibraryEvaluateOperation(pool: EvaluationPool): FhirOperationDefinition {
  return {
    ...libraryEvaluateOperation,
    run: (input, target, deps) =>
      pool.libraryEvaluate(
        { input, target, today: deps.today(), ...(deps.chartLimits ? { chartLimits: deps.chartLimits } : {}) },
        deadlineSignal(deps).signal,
      ),
  };
}
