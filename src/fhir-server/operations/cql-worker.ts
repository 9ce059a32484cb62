// Worker thread of the $cql sandbox pool (piscina; runs from dist/: a worker needs JavaScript).
// Loads its own engine from the same trial folders as the service, then answers one expression per
// task. Never logs: neither the expression nor the data (which may be a patient's) leave this
// thread except as the answer.
import { workerData } from 'node:worker_threads';
import type { Parameters, Resource } from 'fhir/r4';
import { UserFacingError, type ProblemCode } from '../../domain/errors.js';
import { loadEngine, type EngineOptions, type LoadedEngine } from '../../engine/load-engine.js';
import { cqlOperation } from './cql-operation.js';

export type CqlTask = { input: Parameters; today: string };
export type CqlReply =
  | { ok: true; resource?: Resource }
  | { ok: false; message: string; code: ProblemCode; userFacing: boolean; loading?: boolean };

let engine: Promise<LoadedEngine> | undefined;

function loadedEngine(): Promise<LoadedEngine> {
  if (!engine) {
    console.log = console.info = () => undefined; // libraries that print while loading
    engine = loadEngine(workerData as EngineOptions);
  }
  return engine;
}

function failure(error: unknown, loading = false): CqlReply {
  if (error instanceof UserFacingError && !loading) return { ok: false, message: error.message, code: error.code, userFacing: true };
  const message = loading && error instanceof Error ? error.message : 'internal error while evaluating the expression';
  return { ok: false, message, code: 'exception', userFacing: false, loading };
}

/** Loads the engine (the sandbox runs it before the first call's deadline starts). */
export async function warm(): Promise<CqlReply> {
  try {
    await loadedEngine();
    return { ok: true };
  } catch (error) {
    return failure(error, true);
  }
}

/** One `$cql` call. */
export async function evaluate(task: CqlTask): Promise<CqlReply> {
  const ready = await warm();
  if (!ready.ok) return ready;
  const deps = {
    engine: await loadedEngine(),
    createFhirClient: () => {
      throw new Error('$cql reads no FHIR server');
    },
    fhir: { timeoutMs: 1, retries: 0, maxPages: 0, serverAllowlist: [] },
    allowUnlistedFhirServers: false,
    today: () => task.today,
  };
  try {
    return { ok: true, resource: await cqlOperation.run(task.input, {}, deps) };
  } catch (error) {
    return failure(error);
  }
}
