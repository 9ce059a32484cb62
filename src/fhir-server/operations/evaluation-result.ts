// Shared shape of what $cql and Library/$evaluate return for one evaluated expression.
import type { ParametersParameter } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import { operationOutcome } from '../../fhir/operation-outcome.js';
import { runExpressions, type DefineResult, type RunRequest } from './cql-engine-adapter.js';
import { toParameters } from './cql-to-fhir.js';
import type { CqlType } from './cql-types.js';

/** The parameter name clinical-reasoning servers use for a run-time error; the CQL test runner looks for it. */
export const EVALUATION_ERROR = 'evaluation error';

/**
 * A value as its parameters, or a run-time error as an `evaluation error` parameter holding an
 * OperationOutcome (HTTP 200: the request was fine, the CQL failed while running).
 */
export function resultParameters(
  name: string,
  result: DefineResult,
  type: CqlType | undefined,
): ParametersParameter[] {
  if (result.ok) return toParameters(name, result.value, type);
  const outcome = operationOutcome([{ code: 'exception', text: result.error, expression: [name] }]);
  return [{ name: EVALUATION_ERROR, resource: outcome }];
}

/**
 * Runs the expressions; a failure before any expression runs is the caller's: cql-execution
 * refuses a CQL parameter value of the wrong type when it builds the context.
 */
export async function evaluateExpressions(request: RunRequest): Promise<Map<string, DefineResult>> {
  try {
    return await runExpressions(request);
  } catch (error) {
    throw new BadInputError(
      `the CQL parameters cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
