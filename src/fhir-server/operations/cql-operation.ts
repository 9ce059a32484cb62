// $cql (CPG): evaluate one CQL expression, optionally against a patient's data, and return its value.
import { checkKnownParams } from '../parameters.js';
import type { Parameters } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import type { Diagnostic } from '../../cql-toolchain/translator.js';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import type { FhirOperationDefinition, OperationDeps } from '../../knowledge/contracts.js';
import { compileLibraries } from './cql-engine-adapter.js';
import { statementType } from './cql-types.js';
import { loadedLibraries, translatorOf, withIncludes } from './engine-runtime.js';
import {
  RETURN_DEFINE,
  expressionLibrary,
  requestedIncludes,
  type ExpressionLibrary,
} from './expression-library.js';
import { evaluateExpressions, resultParameters } from './evaluation-result.js';
import { cqlParameterValues, parameterRecord } from './fhir-to-cql.js';
import { optionalResource, requiredString } from './operation-input.js';
import { patientDataOf } from './patient-input.js';

export const CPG_CQL = 'http://hl7.org/fhir/uv/cpg/OperationDefinition/cpg-cql';

/** `line:col` relative to the expression the caller sent (the generated header is ours, not theirs). */
function describeDiagnostic(d: Diagnostic, library: ExpressionLibrary): string {
  if (d.libraryId && d.libraryId !== 'Expression') return `in included library ${d.libraryId}: ${d.message}`;
  if (d.line === undefined) return d.message;
  const line = d.line - library.expressionLine + 1;
  return line >= 1
    ? `${line}:${d.column ?? 0}: ${d.message}`
    : `in the generated library header (line ${d.line}): ${d.message}`;
}

function translate(deps: OperationDeps, library: ExpressionLibrary): ElmLibraryJson {
  let translated;
  try {
    translated = translatorOf(deps.engine).translate(library.text);
  } catch (error) {
    if (error instanceof RangeError) throw new BadInputError('the CQL expression is too complex to translate');
    throw error;
  }
  const { elm, diagnostics } = translated;
  // The translator adds a generic "Internal translator error." after a syntax error: noise.
  const errors = diagnostics.filter(
    (d) => d.severity === 'error' && d.message !== 'Internal translator error.',
  );
  if (errors.length > 0) {
    throw new BadInputError(
      `the CQL expression does not compile: ${errors.map((d) => describeDiagnostic(d, library)).join('; ')}`,
    );
  }
  return elm;
}

/** Far above any expression a person or the conformance suite writes; bounds translator time. */
const MAX_EXPRESSION_CHARS = 10_000;
const MAX_NESTING = 100;

/** The translator's parser recurses per nesting level: refuse what would take seconds or overflow. */
function checkExpressionSize(expression: string): void {
  if (expression.length > MAX_EXPRESSION_CHARS) {
    throw new BadInputError(`the CQL expression is longer than ${MAX_EXPRESSION_CHARS} characters`);
  }
  let depth = 0;
  for (const ch of expression) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth > MAX_NESTING) throw new BadInputError(`the CQL expression nests deeper than ${MAX_NESTING} levels`);
  }
}

async function runCql(input: Parameters, _target: { id?: string }, deps: OperationDeps): Promise<Parameters> {
  checkKnownParams(input, '$cql', ['expression', 'subject', 'parameters', 'library', 'data', 'prefetchData', 'useServerData']);
  const expression = requiredString(input, 'expression');
  checkExpressionSize(expression);
  const data = patientDataOf(input);
  const parameters = cqlParameterValues(optionalResource<Parameters>(input, 'parameters', 'Parameters'));
  const library = expressionLibrary({
    expression,
    includes: requestedIncludes(input, loadedLibraries(deps.engine)),
    parameters,
    context: data ? 'Patient' : 'Unfiltered',
  });
  const elm = translate(deps, library);
  const results = await evaluateExpressions({
    compiled: compileLibraries(withIncludes(deps.engine, elm)),
    codeService: deps.engine.codeService,
    patient: data ? deps.engine.preparedPatient(data) : undefined,
    engine: deps.engine.engineKind,
    parameters: parameterRecord(parameters),
    asOf: deps.today(),
    names: [RETURN_DEFINE],
  });
  return {
    resourceType: 'Parameters',
    parameter: resultParameters(
      RETURN_DEFINE,
      results.get(RETURN_DEFINE)!,
      statementType(elm, RETURN_DEFINE),
    ),
  };
}

export const cqlOperation: FhirOperationDefinition = {
  name: 'cql',
  definition: CPG_CQL,
  type: false,
  instance: false,
  documentation:
    'Evaluates a CQL expression (CPG $cql): `expression`, optional `subject` + `data`/`prefetchData` (a Bundle), ' +
    '`parameters` (CQL parameter values), `library` (url + name, one of the loaded libraries). Returns one `return` ' +
    'parameter per value; a run-time error comes back as an `evaluation error` OperationOutcome.',
  run: runCql,
};
