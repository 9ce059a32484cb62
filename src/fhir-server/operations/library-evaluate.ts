// Library/$evaluate (CPG): evaluate the defines of one of the loaded (already compiled) libraries.
import { checkKnownParams } from '../parameters.js';
import type { Parameters } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import type { FhirOperationDefinition, OperationDeps } from '../../knowledge/contracts.js';
import { statementType } from './cql-types.js';
import { compiledLibrary, loadedLibraries } from './engine-runtime.js';
import { evaluateExpressions, resultParameters } from './evaluation-result.js';
import { libraryReference } from './expression-library.js';
import { cqlParameterValues, parameterRecord } from './fhir-to-cql.js';
import { optionalResource, optionalString, strings } from './operation-input.js';
import { patientDataOf } from './patient-input.js';
import { checkChartSize } from '../../domain/chart-limits.js';

export const CPG_LIBRARY_EVALUATE = 'http://hl7.org/fhir/uv/cpg/OperationDefinition/cpg-library-evaluate';

interface Statement {
  name: string;
  type?: string;
  context?: string;
  accessLevel?: string;
}

function statementsOf(elm: ElmLibraryJson): Statement[] {
  return (elm.library.statements?.def ?? []) as Statement[];
}

/** Instance level: the id is the library name. Type level: `url` (canonical, optionally `|version`). */
function libraryNameOf(input: Parameters, target: { id?: string }): { name: string; version?: string } {
  const url = optionalString(input, 'url');
  const fromUrl = url ? libraryReference(url) : undefined;
  if (target.id && fromUrl && fromUrl.name !== target.id) {
    throw new BadInputError(
      `url ${url} names library ${fromUrl.name}, but the operation was invoked on Library/${target.id}`,
    );
  }
  if (target.id) return { name: target.id, ...(fromUrl?.version ? { version: fromUrl.version } : {}) };
  if (!fromUrl)
    throw new BadInputError(
      'Library/$evaluate needs the library: invoke it on Library/<name> or give "url"',
      'required',
    );
  return fromUrl;
}

function libraryOf(deps: OperationDeps, name: string, version: string | undefined): ElmLibraryJson {
  const loaded = loadedLibraries(deps.engine);
  const elm = loaded.get(name);
  if (!elm)
    throw new BadInputError(
      `Library/${name} is not loaded; loaded libraries: ${[...loaded.keys()].sort().join(', ')}`,
      'not-found',
    );
  const loadedVersion = elm.library.identifier.version;
  if (version && loadedVersion && version !== loadedVersion) {
    throw new BadInputError(
      `Library/${name} version ${version} is not loaded (loaded: ${loadedVersion})`,
      'not-found',
    );
  }
  return elm;
}

/** The requested defines, or every public define (functions cannot be evaluated without arguments). */
function definesToRun(input: Parameters, elm: ElmLibraryJson): Statement[] {
  const defines = statementsOf(elm).filter((s) => s.type !== 'FunctionDef');
  const requested = strings(input, 'expression');
  if (requested.length === 0) return defines.filter((s) => s.accessLevel !== 'Private');
  return requested.map((name) => {
    const found = defines.find((s) => s.name === name);
    if (!found)
      throw new BadInputError(`library ${elm.library.identifier.id} has no define "${name}"`, 'not-found');
    return found;
  });
}

function checkParameterNames(elm: ElmLibraryJson, names: string[]): void {
  const declared = new Set(
    ((elm.library.parameters as { def?: { name: string }[] } | undefined)?.def ?? []).map((p) => p.name),
  );
  const unknown = names.filter((n) => !declared.has(n));
  if (unknown.length > 0) {
    throw new BadInputError(
      `library ${elm.library.identifier.id} declares no parameter ${unknown.map((n) => `"${n}"`).join(', ')}`,
    );
  }
}

async function runLibraryEvaluate(
  input: Parameters,
  target: { id?: string },
  deps: OperationDeps,
): Promise<Parameters> {
  checkKnownParams(input, 'Library/$evaluate', ['url', 'subject', 'expression', 'parameters', 'data', 'prefetchData', 'useServerData']);
  const { name, version } = libraryNameOf(input, target);
  const elm = libraryOf(deps, name, version);
  const defines = definesToRun(input, elm);
  const parameters = cqlParameterValues(optionalResource<Parameters>(input, 'parameters', 'Parameters'));
  checkParameterNames(
    elm,
    parameters.map((p) => p.name),
  );
  const data = patientDataOf(input);
  if (data && deps.chartLimits) checkChartSize(data, deps.chartLimits);
  const needsPatient = defines.filter((d) => d.context === 'Patient');
  if (!data && needsPatient.length > 0) {
    throw new BadInputError(
      `${needsPatient.length} of the defines to evaluate (e.g. "${needsPatient[0]!.name}") are about a patient: give "subject" and "data"`,
      'required',
    );
  }
  const results = await evaluateExpressions({
    compiled: compiledLibrary(deps.engine, name)!,
    codeService: deps.engine.codeService,
    patient: data ? deps.engine.preparedPatient(data) : undefined,
    engine: deps.engine.engineKind,
    parameters: parameterRecord(parameters),
    asOf: deps.today(),
    names: defines.map((d) => d.name),
  });
  const parameter = defines.flatMap((d) =>
    resultParameters(d.name, results.get(d.name)!, statementType(elm, d.name)),
  );
  return { resourceType: 'Parameters', parameter };
}

export const libraryEvaluateOperation: FhirOperationDefinition = {
  name: 'evaluate',
  definition: CPG_LIBRARY_EVALUATE,
  resourceType: 'Library',
  type: true,
  instance: true,
  documentation:
    'Evaluates defines of a loaded library (CPG Library/$evaluate; the id is the library name, or give `url`): ' +
    '`expression` (repeating; default every public define), `subject` + `data`/`prefetchData`, `parameters`. ' +
    'Returns one parameter per define value, named after the define; criteria outcomes as parts status/reason/evidence.',
  run: runLibraryEvaluate,
};
