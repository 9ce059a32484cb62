// The bundled trials' libraries compiled to JavaScript, and their evaluation for one patient with
// cql-execution as the fallback: a define the compiler does not support, or one whose compiled
// code raises an error, is evaluated by the interpreter — so a report always says what the
// reference engine says, and errors carry the reference's own message and CQL locator.
import type { Resource } from 'fhir/r4';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import { executionDateTimeFor, type DefineResult, type InterpretedTrial } from '../cql-runtime/cql-runner.js';
import { installCompiledResourceKeys } from './distinct.js';
import { withPatientScope } from './fhir-values.js';
import { defineType, exposeFhirValues } from './run-expressions.js';
import { NODE_COMPILERS } from './nodes/index.js';
import type { NodeCompiler } from './compile-context.js';
import { PatientRuntime } from './patient-runtime.js';
import { MissingInterpretedValue, Program, type DefineUnit, type LibraryUnit } from './program.js';
import { UNSET } from './types.js';

export interface DefinePlan {
  library: string;
  define: string;
  /** Why the define runs interpreted; absent when it is compiled. */
  interpreted?: string;
}

/** How many defines the compiled engine could not compile and what each fell back for. */
export interface CompileReport {
  compiled: number;
  interpreted: DefinePlan[];
}

export class CompiledTrials {
  readonly program: Program;
  private readonly mains = new Map<string, LibraryUnit>();

  constructor(
    trials: { id: string; libraries: ElmLibraryJson[] }[],
    valueSetByUrl: (url: string, version: string | undefined) => unknown,
    /** The node compilers (tests take some away to exercise the fallback). */
    compilers: ReadonlyMap<string, NodeCompiler> = NODE_COMPILERS,
  ) {
    installCompiledResourceKeys();
    this.program = new Program(compilers, valueSetByUrl);
    for (const trial of trials) this.mains.set(trial.id, this.program.addLibraries(trial.libraries as never));
    this.program.compileAll();
  }

  main(trialId: string): LibraryUnit {
    const main = this.mains.get(trialId);
    if (!main) throw new Error(`trial ${trialId} is not compiled`);
    return main;
  }

  /** Per define of a trial's library: compiled, or interpreted and why. */
  plan(trialId: string): DefinePlan[] {
    return [...this.main(trialId).defines.values()].map((d) => {
      const owner = this.program.slots[d.slot]!;
      return { library: d.library.name, define: d.name, ...(owner.unsupported ? { interpreted: owner.unsupported } : {}) };
    });
  }

  report(trialId: string): CompileReport {
    const plan = this.plan(trialId);
    return { compiled: plan.filter((p) => !p.interpreted).length, interpreted: plan.filter((p) => p.interpreted) };
  }
}

/** One patient's evaluation across trials: one runtime, so shared defines are computed once. */
export class CompiledPatient {
  private readonly runtime: PatientRuntime;

  constructor(
    private readonly trials: CompiledTrials,
    resources: Resource[],
    asOf: string,
    private readonly interpreter: (trialId: string) => InterpretedTrial,
    parameters: Record<string, unknown> = {},
  ) {
    this.runtime = new PatientRuntime(trials.program, resources, executionDateTimeFor(asOf), parameters);
  }

  async run(trialId: string, names: string[]): Promise<Map<string, DefineResult>> {
    const main = this.trials.main(trialId);
    const results = new Map<string, DefineResult>();
    for (const name of names) {
      const define = main.defines.get(name);
      results.set(name, define ? await this.value(trialId, define) : { ok: false, error: `Cannot read properties of undefined (reading 'execute')` });
    }
    return results;
  }

  /**
   * As run, with FHIR data in the values marked by type (CompiledFhirValue), as the interpreter's
   * values carry theirs: for people and tools looking at any define (`trialcds explain`).
   */
  async runForDisplay(trialId: string, names: string[]): Promise<Map<string, DefineResult>> {
    const results = await this.run(trialId, names);
    const main = this.trials.main(trialId);
    return withPatientScope(this.runtime, () => {
      for (const [name, result] of results) {
        const define = main.defines.get(name);
        if (result.ok && define && this.trials.program.slots[define.slot]!.body) {
          results.set(name, { ok: true, value: exposeFhirValues(result.value, defineType(define.elm)) });
        }
      }
      return results;
    });
  }

  private async value(trialId: string, define: DefineUnit): Promise<DefineResult> {
    const program = this.trials.program;
    const owner = program.slots[define.slot]!;
    if (this.runtime.defines[define.slot] !== UNSET) return { ok: true, value: this.runtime.defines[define.slot] };
    if (!owner.body) return this.interpreted(trialId, define);
    for (const needed of program.interpretedDependencies(define)) {
      if (this.runtime.defines[needed.slot] !== UNSET) continue;
      const result = await this.interpreter(trialId).run(needed.library.name, needed.name);
      if (result.ok) this.runtime.defines[needed.slot] = result.value;
    }
    try {
      return { ok: true, value: withPatientScope(this.runtime, () => program.defineValue(this.runtime, define.slot)) };
    } catch (error) {
      // The reference decides what an error says (message, CQL locator) — and whether there is one.
      if (!(error instanceof MissingInterpretedValue)) this.errors++;
      return this.interpreted(trialId, define);
    }
  }

  private async interpreted(trialId: string, define: DefineUnit): Promise<DefineResult> {
    const result = await this.interpreter(trialId).run(define.library.name, define.name);
    if (result.ok) this.runtime.defines[define.slot] = result.value;
    return result;
  }

  /** Compiled defines that raised an error and were evaluated by the interpreter instead. */
  errors = 0;
}
