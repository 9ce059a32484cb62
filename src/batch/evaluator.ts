import { loadEngine, type EngineOptions } from '../engine/load-engine.js';
import type { EligibilityEngine } from '../domain/trial.js';
import { evaluatePayload, sharedResourcesOf } from './patient-payload.js';
import type { PatientPayload } from './population.js';

/** What every evaluator needs to know about the run; plain data so it can cross a thread boundary. */
export interface EvaluationSpec {
  engine: Pick<EngineOptions, 'trialsDir' | 'valueSetsDir' | 'onlyTrials'> & { allowMissingValueSets?: boolean };
  asOf: string;
  trialIds?: string[];
  /** Shared resources (Medication) as JSON text. */
  shared: string[];
  /** Results lines carry the criteria's sub-expression values (for the HTML report's checklists). */
  withExpressionValues?: boolean;
  /** Results lines name nobody: age and sex only, no name, MRN or birth date (person.ts). */
  deidentified?: boolean;
}

export interface EvaluationResult {
  ok: boolean;
  /** The results NDJSON line (report or error), without newline. */
  line: string;
}

/** Turns a patient's payload into a results line; in this thread, or spread over worker threads. */
export interface Evaluator {
  /** How many patients it can usefully evaluate at once (the runner keeps that many in flight). */
  readonly parallelism: number;
  evaluate(payload: PatientPayload): Promise<EvaluationResult>;
  close(): Promise<void>;
}

export function engineOptionsOf(spec: EvaluationSpec): EngineOptions {
  const { allowMissingValueSets, ...rest } = spec.engine;
  // Authoring flag: warnings go to stderr, which never carries patient data here.
  return allowMissingValueSets ? { ...rest, onValueSetProblem: (p) => process.stderr.write(`warning: ${p}\n`) } : rest;
}

/** Evaluation on the calling thread, with an engine already loaded (tests, the HTTP service). */
export function createInProcessEvaluator(engine: EligibilityEngine, spec: EvaluationSpec): Evaluator {
  const shared = sharedResourcesOf(spec.shared);
  const options = {
    asOf: spec.asOf,
    ...(spec.trialIds?.length ? { trialIds: spec.trialIds } : {}),
    ...(spec.withExpressionValues ? { withExpressionValues: true } : {}),
  };
  return {
    parallelism: 1,
    evaluate: (payload) => evaluatePayload(engine, payload, options, shared, !!spec.deidentified),
    close: async () => undefined,
  };
}

/** Same, loading its own engine from the spec (the CLI's `--workers 0`). */
export async function loadInProcessEvaluator(spec: EvaluationSpec): Promise<Evaluator> {
  return createInProcessEvaluator(await loadEngine(engineOptionsOf(spec)), spec);
}
