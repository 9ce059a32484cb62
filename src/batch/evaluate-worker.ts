import { parentPort, workerData } from 'node:worker_threads';
import { loadInProcessEvaluator, type EvaluationSpec } from './evaluator.js';
import type { PatientPayload } from './population.js';

/**
 * Worker thread entry (runs from dist/: a worker needs JavaScript). Loads its own engine once, then
 * answers `{ seq, payload }` messages with `{ seq, ok, line }`. Never logs patient data.
 */
export type WorkerRequest = { seq: number; payload: PatientPayload };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; seq: number; ok: boolean; line: string };

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let evaluator;
  try {
    // Libraries that print while loading (ucum-lhc) must not write into the operator's terminal bar.
    console.log = console.info = () => undefined;
    evaluator = await loadInProcessEvaluator(workerData as EvaluationSpec);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'cannot load the engine';
    port.postMessage({ type: 'init-error', message } satisfies WorkerReply);
    return;
  }
  const ready = evaluator;
  port.on('message', (req: WorkerRequest) => {
    void ready.evaluate(req.payload).then((r) =>
      port.postMessage({ type: 'result', seq: req.seq, ok: r.ok, line: r.line } satisfies WorkerReply),
    );
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

void serve();
