// Worker thread of the evaluation pool (runs from dist/: a worker needs JavaScript). Each worker
// loads its own engine once (the trial folders the service loaded) and evaluates one patient per
// task. Never logs: neither the data nor the report leave the thread except as the answer.
import { workerData } from 'node:worker_threads';
import { UserFacingError, type ProblemCode } from '../../domain/errors.js';
import type { EligibilityReport } from '../../domain/criterion.js';
import type { EvaluateOptions, PatientData } from '../../domain/trial.js';
import { loadEngine, type LoadedEngine } from '../load-engine.js';
import { createInProcessEvaluator, engineOptionsOf, type EvaluationResult, type EvaluationSpec, type Evaluator } from '../../batch/evaluator.js';
import type { PatientPayload } from '../../batch/population.js';
import type { Parameters, Resource } from 'fhir/r4';
import type { ChartLimits } from '../../domain/chart-limits.js';
import { libraryEvaluateOperation } from '../../fhir-server/operations/library-evaluate.js';

/** What a task answers: the value, or an error safe to show (a user-facing message) or not. */
export type TaskReply<T> = { ok: true; value: T } | { ok: false; message: string; code: ProblemCode; userFacing: boolean };

let engine: Promise<LoadedEngine> | undefined;

function loadedEngine(): Promise<LoadedEngine> {
  if (!engine) {
    // Libraries that print while loading (ucum-lhc) must not write into the service's output.
    console.log = console.info = () => undefined;
    engine = loadEngine(engineOptionsOf({ engine: workerData } as EvaluationSpec));
  }
  return engine;
}

async function reply<T>(work: () => Promise<T>): Promise<TaskReply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, message: error.message, code: error.code, userFacing: true };
    return { ok: false, message: 'internal error while evaluating', code: 'exception', userFacing: false };
  }
}

/** Loads the engine (the pool runs one per thread before it takes work). */
export async function warm(): Promise<TaskReply<string[]>> {
  return reply(async () => (await loadedEngine()).trials.map((t) => t.manifest.id));
}

export async function evaluate(task: { data: PatientData; options: EvaluateOptions }): Promise<TaskReply<EligibilityReport>> {
  return reply(async () => (await loadedEngine()).evaluate(task.data, task.options));
}

/** Library/$evaluate: the whole operation runs here, its answer (a Parameters) is plain JSON. */
export interface LibraryEvaluateTask {
  input: Parameters;
  target: { id?: string };
  today: string;
  chartLimits?: ChartLimits;
}

export async function libraryEvaluate(task: LibraryEvaluateTask): Promise<TaskReply<Resource>> {
  return reply(async () => {
    const engine = await loadedEngine();
    return libraryEvaluateOperation.run(task.input, task.target, {
      engine,
      today: () => task.today,
      // Library/$evaluate reads only the data it is given: no FHIR server is ever contacted.
      createFhirClient: () => {
        throw new UserFacingError('Library/$evaluate does not read FHIR servers');
      },
      fhir: { timeoutMs: 0, retries: 0, maxPages: 0, serverAllowlist: [] },
      allowUnlistedFhirServers: false,
      ...(task.chartLimits ? { chartLimits: task.chartLimits } : {}),
    });
  });
}

/** Screening evaluators by job (their shared resources parsed once per worker). */
const evaluators = new Map<string, Evaluator>();

export async function screen(task: { job: string; spec: EvaluationSpec; payload: PatientPayload }): Promise<TaskReply<EvaluationResult>> {
  return reply(async () => {
    let evaluator = evaluators.get(task.job);
    if (!evaluator) {
      if (evaluators.size >= 8) evaluators.delete(evaluators.keys().next().value!);
      evaluators.set(task.job, (evaluator = createInProcessEvaluator(await loadedEngine(), task.spec)));
    }
    return evaluator.evaluate(task.payload);
  });
}
