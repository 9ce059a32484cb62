import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArtifactError } from '../domain/errors.js';
import { PROJECT_ROOT } from '../project-paths.js';
import type { EvaluationResult, EvaluationSpec, Evaluator } from './evaluator.js';
import type { WorkerReply } from './evaluate-worker.js';
import { errorLine, PayloadError } from './patient-payload.js';
import type { PatientPayload } from './population.js';

/** Patients queued per worker: one evaluating, one ready, so a worker never waits for the main thread. */
const PER_WORKER = 2;

/**
 * The compiled worker script. Next to this file when running from dist/; from the TypeScript
 * sources (tests, ts runners) the built copy in dist/ is used; undefined when there is none.
 */
export function workerScript(): string | undefined {
  const sibling = fileURLToPath(new URL('./evaluate-worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(PROJECT_ROOT, 'dist', 'src', 'batch', 'evaluate-worker.js');
  return existsSync(built) ? built : undefined;
}

interface Pending {
  seq: number;
  id: string;
  resolve: (r: EvaluationResult) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
}

/** Evaluation spread over worker threads, each with its own engine (loaded once). */
export async function createWorkerPool(spec: EvaluationSpec, size: number, script = workerScript()): Promise<Evaluator> {
  if (!script) throw new ArtifactError('worker threads need the built service (npm run build); or use --workers 0');
  const slots = await Promise.all(Array.from({ length: size }, () => startWorker(script, spec)));
  const queue: { payload: PatientPayload; pending: Pending }[] = [];
  let seq = 0;
  let closing = false;

  const pump = () => {
    for (const slot of slots) {
      while (slot.inFlight.size < PER_WORKER && queue.length > 0) {
        const { payload, pending } = queue.shift()!;
        slot.inFlight.set(pending.seq, pending);
        slot.worker.postMessage({ seq: pending.seq, payload });
      }
    }
  };
  for (const slot of slots) watch(slot, script, spec, pump, () => closing);

  return {
    parallelism: size * PER_WORKER,
    evaluate: (payload) =>
      new Promise<EvaluationResult>((resolve) => {
        queue.push({ payload, pending: { seq: ++seq, id: payload.id, resolve } });
        pump();
      }),
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function startWorker(script: string, spec: EvaluationSpec): Promise<Slot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: spec });
    const onMessage = (msg: WorkerReply) => {
      if (msg.type === 'ready') {
        worker.off('message', onMessage);
        resolve({ worker, inFlight: new Map() });
      } else if (msg.type === 'init-error') {
        void worker.terminate();
        reject(new ArtifactError(`evaluator worker could not load the trials: ${msg.message}`));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', () => reject(new ArtifactError('evaluator worker failed to start')));
  });
}

/** Results go back to their callers; a worker that dies fails its patients (error lines) and is replaced. */
function watch(slot: Slot, script: string, spec: EvaluationSpec, pump: () => void, closing: () => boolean): void {
  slot.worker.on('message', (msg: WorkerReply) => {
    if (msg.type !== 'result') return;
    const pending = slot.inFlight.get(msg.seq);
    slot.inFlight.delete(msg.seq);
    pending?.resolve({ ok: msg.ok, line: msg.line });
    pump();
  });
  slot.worker.once('exit', () => {
    if (closing()) return;
    for (const p of slot.inFlight.values())
      p.resolve({ ok: false, line: errorLine(p.id, spec.asOf, new PayloadError('the evaluator thread stopped while evaluating this patient', 'exception')) });
    slot.inFlight.clear();
    void startReplacement(slot, script, spec, pump, closing);
  });
  slot.worker.on('error', () => undefined); // 'exit' follows and handles it
}

async function startReplacement(slot: Slot, script: string, spec: EvaluationSpec, pump: () => void, closing: () => boolean) {
  const fresh = await startWorker(script, spec).catch(() => undefined);
  if (!fresh) return;
  slot.worker = fresh.worker;
  watch(slot, script, spec, pump, closing);
  pump();
}
