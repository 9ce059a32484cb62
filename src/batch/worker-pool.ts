// Screening over worker threads: the evaluation pool (piscina, src/engine/pool) with one engine per
// thread. A patient whose worker dies (out of memory, a crash) gets an error line and the run goes
// on: piscina replaces the worker.
import { EvaluationPool, evaluationWorkerScript } from '../engine/pool/evaluation-pool.js';
import type { EvaluationResult, EvaluationSpec, Evaluator } from './evaluator.js';
import { errorLine, PayloadError } from './patient-payload.js';
import type { PatientPayload } from './population.js';

/** The built worker script, undefined when the service is not built (then only --workers 0 works). */
export function workerScript(): string | undefined {
  return evaluationWorkerScript();
}

/** Screening evaluation in `pool`: each patient a task; a task that fails is that patient's error line. */
export function poolEvaluator(pool: EvaluationPool, spec: EvaluationSpec): Evaluator {
  const evaluator = pool.screeningEvaluator(spec);
  return {
    parallelism: evaluator.parallelism,
    evaluate: (payload: PatientPayload): Promise<EvaluationResult> =>
      evaluator.evaluate(payload).catch(() => ({
        ok: false,
        line: errorLine(payload.id, spec.asOf, new PayloadError('the evaluator thread stopped while evaluating this patient', 'exception')),
      })),
    close: async () => undefined,
  };
}

/** A pool of `size` threads for one screening run (the CLI's `--workers n`), closed with the run. */
export async function createWorkerPool(spec: EvaluationSpec, size: number, script = workerScript()): Promise<Evaluator> {
  const pool = await EvaluationPool.create({ engine: spec.engine, threads: size, ...(script ? { script } : {}) });
  const evaluator = poolEvaluator(pool, spec);
  return { ...evaluator, close: () => pool.close() };
}
