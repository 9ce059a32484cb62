// The one place that calls cql-execution / cql-exec-fhir. Their typings are loose, hence `any` here only.
import { createRequire } from 'node:module';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import { libraryName } from '../../artifacts/elm.js';

const require = createRequire(import.meta.url);
const cql = require('cql-execution') as any;

export type DefineResult = { ok: true; value: unknown } | { ok: false; error: string };

export function executionDateTimeFor(asOf: string): any {
  const [y, m, d] = asOf.split('-').map(Number);
  // Noon UTC on the as-of date: Today() in CQL is then exactly the as-of date.
  return new cql.DateTime(y, m, d, 12, 0, 0, 0, 0);
}

/** A trial library ready to run: ELM built into cql-execution objects once per process. */
export class CompiledLibrary {
  readonly library: any;

  constructor(readonly sources: ElmLibraryJson[]) {
    const libraries = sources;
    const [main, ...included] = libraries;
    const repository = new cql.Repository(Object.fromEntries(included.map((elm) => [libraryName(elm), elm])));
    this.library = new cql.Library(main, repository);
  }

  hasDefine(name: string): boolean {
    return this.library.expressions[name] !== undefined;
  }
}

/** cql-execution's own code service (linear value-set scans): the baseline for tests and the benchmark. */
export function baselineCodeService(json: Record<string, Record<string, { code: string; system: string }[]>>): any {
  return new cql.CodeService(json);
}

/** First line of a cql-execution error, without the library/locator boilerplate it appends. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const detail = /Error Message:\s*(.+)/.exec(message)?.[1] ?? message.split('\n')[0] ?? message;
  const locator = /CQL Locator:\s*(\S+)/.exec(message)?.[1];
  return locator ? `${detail.trim()} (at CQL ${locator})` : detail.trim();
}

/**
 * Runs defines for one patient in one shared context, in as many calls as the caller likes: a
 * define's value is kept in the context, so sub-expressions shared by several defines are computed
 * once. A define that throws is reported on its own without losing the others.
 * `patient` is a cql-execution patient record (indexed-patient.ts), shared by every trial.
 */
export function defineRunner(
  compiled: CompiledLibrary,
  codeService: unknown,
  patient: unknown,
  asOf: string,
): (names: string[]) => Promise<Map<string, DefineResult>> {
  const context = new cql.PatientContext(compiled.library, patient, codeService, {}, executionDateTimeFor(asOf));
  return async (names) => {
    const results = new Map<string, DefineResult>();
    for (const name of names) {
      try {
        const value = await compiled.library.expressions[name].execute(context);
        results.set(name, { ok: true, value });
      } catch (error) {
        results.set(name, { ok: false, error: describeError(error) });
      }
    }
    return results;
  };
}

/**
 * One trial's interpreted evaluation for one patient, for any define of its library or of a library
 * it includes (the compiled engine's fallback and its reference). The context is made on first use.
 */
export class InterpretedTrial {
  private context: any;

  constructor(
    private readonly compiled: CompiledLibrary,
    private readonly codeService: unknown,
    private readonly patient: () => unknown,
    private readonly asOf: string,
  ) {}

  async run(libraryName: string, name: string): Promise<DefineResult> {
    this.context ??= new cql.PatientContext(this.compiled.library, this.patient(), this.codeService, {}, executionDateTimeFor(this.asOf));
    try {
      const [library, context] = this.libraryContext(this.compiled.library, this.context, libraryName) ?? [];
      if (!library) throw new Error(`library ${libraryName} is not included by ${this.compiled.library.name}`);
      return { ok: true, value: await library.expressions[name].execute(context) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  }

  /** The library called `name` and its context, found through the includes (as cql-execution nests them). */
  private libraryContext(library: any, context: any, name: string): [any, any] | undefined {
    if (library.name === name) return [library, context];
    for (const alias of Object.keys(library.includes ?? {})) {
      const found = this.libraryContext(library.includes[alias], context.getLibraryContext(alias), name);
      if (found) return found;
    }
    return undefined;
  }
}

/** Runs the named defines for one patient in one shared context (see defineRunner). */
export function runDefines(
  compiled: CompiledLibrary,
  codeService: unknown,
  patient: unknown,
  asOf: string,
  names: string[],
): Promise<Map<string, DefineResult>> {
  return defineRunner(compiled, codeService, patient, asOf)(names);
}
