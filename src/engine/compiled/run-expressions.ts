// The compiled engine for arbitrary libraries (FHIR `$cql`, `Library/$evaluate`): named defines of
// one library, with CQL parameters, with or without a patient's data. As for the trials, a define
// the compiler does not support, or whose compiled code raises an error, is left to the reference
// interpreter (the caller's `interpret`), so answers and error messages are the reference's.
import type { Resource } from 'fhir/r4';
import type { CompiledLibrary, DefineResult } from '../cql-runtime/cql-runner.js';
import { executionDateTimeFor } from '../cql-runtime/cql-runner.js';
import { installCompiledResourceKeys } from './distinct.js';
import { ChoiceValue, PrimitiveElement, isRawResource, withPatientScope } from './fhir-values.js';
import { NODE_COMPILERS } from './nodes/index.js';
import { PatientRuntime } from './patient-runtime.js';
import { Program, type LibraryUnit } from './program.js';
import { resultType } from './type-specs.js';
import { FHIR_NS, type TypeSpec } from './types.js';

/** FHIR data in a result, with its FHIR type: what the reference hands out as a cql-exec-fhir object. */
export class CompiledFhirValue {
  constructor(
    readonly json: unknown,
    /** cql-exec-fhir's type name: 'Patient', 'Coding', 'date', 'Observation.Component'. */
    readonly typeName: string,
  ) {}
}

/** A result value with its FHIR parts marked by type (for the FHIR operations' result conversion). */
export function exposeFhirValues(value: any, type: TypeSpec): any {
  if (value == null) return value;
  if (Array.isArray(value)) return value.map((v) => exposeFhirValues(v, type.kind === 'list' ? type.element : { kind: 'unknown' }));
  if (value instanceof ChoiceValue) return fhirValue(value.value, value.typeName);
  if (isRawResource(value)) return new CompiledFhirValue(value, value.resourceType);
  if (type.kind === 'named' && type.name.startsWith(FHIR_NS)) return fhirValue(value, type.name);
  if (type.kind === 'tuple' && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = exposeFhirValues(v, type.elements.find((e) => e.name === k)?.type ?? { kind: 'unknown' });
    return out;
  }
  return value;
}

function fhirValue(value: unknown, elmName: string): CompiledFhirValue {
  const typeName = elmName.slice(FHIR_NS.length);
  if (value instanceof PrimitiveElement) return new CompiledFhirValue({ ...(value.value !== undefined ? { value: value.value } : {}), ...value.extra }, typeName);
  if (value === null || typeof value !== 'object') return new CompiledFhirValue({ value }, typeName);
  return new CompiledFhirValue(value, typeName);
}

/** A define's static type: its declared result type, else its expression's. */
export function defineType(elm: any): TypeSpec {
  const declared = resultType(elm);
  return declared.kind !== 'unknown' ? declared : resultType(elm.expression);
}

const programs = new WeakMap<CompiledLibrary, { program: Program; main: LibraryUnit }>();

function programOf(compiled: CompiledLibrary, valueSetByUrl: (url: string, version?: string) => unknown): { program: Program; main: LibraryUnit } {
  let found = programs.get(compiled);
  if (!found) {
    installCompiledResourceKeys();
    const program = new Program(NODE_COMPILERS, valueSetByUrl);
    const main = program.addLibraries(compiled.sources as never);
    program.compileAll();
    programs.set(compiled, (found = { program, main }));
  }
  return found;
}

export interface CompiledRun {
  compiled: CompiledLibrary;
  valueSetByUrl: (url: string, version?: string) => unknown;
  /** The patient's prepared resources (Patient first); absent for an expression about no patient. */
  resources?: Resource[];
  parameters: Record<string, unknown>;
  asOf: string;
  names: string[];
  /** CQL Message() calls (the FHIR operations stop on severity Error). */
  onMessage?: (source: unknown, code: unknown, severity: unknown, message: unknown) => void;
  /** The reference interpreter for one define (unsupported or failing in compiled code). */
  interpret: (name: string) => Promise<DefineResult>;
}

/** How the defines the FHIR operations ran were evaluated, since the process started (for tests and docs). */
export const compiledRunStats = { compiled: 0, unsupported: 0, failedOver: 0, reasons: new Map<string, number>() };

function countFallback(reason: string): void {
  compiledRunStats.reasons.set(reason, (compiledRunStats.reasons.get(reason) ?? 0) + 1);
}

export async function runCompiledExpressions(run: CompiledRun): Promise<Map<string, DefineResult>> {
  const { program, main } = programOf(run.compiled, run.valueSetByUrl);
  const runtime = new PatientRuntime(program, run.resources ?? [], executionDateTimeFor(run.asOf), run.parameters, run.onMessage);
  const results = new Map<string, DefineResult>();
  for (const name of run.names) {
    const define = main.defines.get(name);
    const owner = define && program.slots[define.slot];
    if (!define || !owner?.body || program.interpretedDependencies(define).length > 0) {
      compiledRunStats.unsupported++;
      countFallback(owner?.unsupported ?? 'depends on an interpreted define');
      results.set(name, await run.interpret(name));
      continue;
    }
    try {
      const value = withPatientScope(runtime, () => exposeFhirValues(program.defineValue(runtime, define.slot), defineType(define.elm)));
      compiledRunStats.compiled++;
      results.set(name, { ok: true, value });
    } catch (error) {
      compiledRunStats.failedOver++;
      countFallback(`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      results.set(name, await run.interpret(name));
    }
  }
  return results;
}

/** Per define of the library: compiled, or why it runs interpreted (for `trialcds compile`). */
export function compilePlan(compiled: CompiledLibrary, valueSetByUrl: (url: string, version?: string) => unknown): { define: string; interpreted?: string }[] {
  const { program, main } = programOf(compiled, valueSetByUrl);
  return [...main.defines.values()].map((d) => {
    const owner = program.slots[d.slot]!;
    return { define: d.name, ...(owner.unsupported ? { interpreted: owner.unsupported } : {}) };
  });
}
