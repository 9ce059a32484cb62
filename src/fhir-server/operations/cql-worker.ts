// Worker thread entry for the $cql sandbox (runs from dist/: a worker needs JavaScript). Loads its
// own engine from the same trial folders as the service, then answers one request at a time.
// Never logs: neither the expression nor the data (which may be a patient's) leave this thread
// except as the answer.
import { parentPort, workerData } from 'node:worker_threads';
import type { Parameters, Resource } from 'fhir/r4';
import { UserFacingError, type ProblemCode } from '../../domain/errors.js';
import { loadEngine, type EngineOptions } from '../../engine/load-engine.js';
import { cqlOperation } from './cql-operation.js';

export type CqlWorkerRequest = { seq: number; input: Parameters; today: string };
export type CqlWorkerReply =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; seq: number; resource: Resource }
  | { type: 'error'; seq: number; message: string; code: ProblemCode; userFacing: boolean };

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let engine;
  try {
    console.log = console.info = () => undefined; // libraries that print while loading
    engine = await loadEngine(workerData as EngineOptions);
  } catch (error) {
    port.postMessage({ type: 'init-error', message: error instanceof Error ? error.message : 'cannot load the engine' } satisfies CqlWorkerReply);
    return;
  }
  const loaded = engine;
  port.on('message', ({ seq, input, today }: CqlWorkerRequest) => {
    const deps = {
      engine: loaded,
      createFhirClient: () => {
        throw new Error('$cql reads no FHIR server');
      },
      fhir: { timeoutMs: 1, retries: 0, maxPages: 0, serverAllowlist: [] },
      allowUnlistedFhirServers: false,
      today: () => today,
    };
    cqlOperation.run(input, {}, deps).then(
      (resource) => port.postMessage({ type: 'result', seq, resource } satisfies CqlWorkerReply),
      (error: unknown) =>
        port.postMessage({
          type: 'error',
          seq,
          message: error instanceof UserFacingError ? error.message : 'internal error while evaluating the expression',
          code: error instanceof UserFacingError ? error.code : 'exception',
          userFacing: error instanceof UserFacingError,
        } satisfies CqlWorkerReply),
    );
  });
  port.postMessage({ type: 'ready' } satisfies CqlWorkerReply);
}

void serve();
