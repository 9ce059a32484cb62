import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parameters, Resource } from 'fhir/r4';
import { Piscina } from 'piscina';
import { BadInputError } from '../../domain/errors.js';
import type { EngineOptions, LoadedEngine } from '../../engine/load-engine.js';
import { isAbort } from '../../engine/pool/evaluation-pool.js';
import type { FhirOperationDefinition, OperationDeps } from '../../knowledge/contracts.js';
import { PROJECT_ROOT } from '../../project-paths.js';
import { cqlOperation } from './cql-operation.js';
import type { CqlReply, CqlTask } from './cql-worker.js';

export interface SandboxLimits {
  /** Old-generation heap of the worker; an expression that needs more ends the worker, not the service. */
  memoryMb: number;
  /** Wall-clock time for one call, translation included. */
  timeoutMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryMb: 512, timeoutMs: 20_000 };

/** The compiled worker script: next to this file in dist/, or the built copy when running from sources. */
export function cqlWorkerScript(): string | undefined {
  const sibling = fileURLToPath(new URL('./cql-worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(PROJECT_ROOT, 'dist', 'src', 'fhir-server', 'operations', 'cql-worker.js');
  return existsSync(built) ? built : undefined;
}

/**
 * `$cql` runs caller-written CQL; one expression (`expand Interval[1, 100000000]`) can exhaust a heap,
 * and translating a huge one blocks a thread for seconds. Here it runs in a one-thread piscina pool
 * with a heap limit and a deadline: past either, the worker ends instead of the service, and the
 * next call gets a fresh pool. Calls run one at a time (the conformance runner sends them one
 * by one), so piscina's queue stays empty. The worker loads the trials from the same folders, before any deadline starts; when the
 * service reloads its trials, the pool is replaced.
 */
export class CqlSandbox {
  private pool: { piscina: Piscina; warm: Promise<void> } | undefined;
  private trialSet: unknown;
  // One call at a time, each deadline from its own start: a call that ends the pool must not take
  // the calls queued behind it down with it.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly script: string,
    private readonly engineOptions: EngineOptions,
    private readonly limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS,
  ) {}

  run(input: Parameters, engine: LoadedEngine, today: string): Promise<Resource> {
    const call = this.queue.then(() => this.runNow(input, engine, today));
    this.queue = call.catch(() => undefined);
    return call;
  }

  private async runNow(input: Parameters, engine: LoadedEngine, today: string): Promise<Resource> {
    if (this.trialSet !== engine.loadedTrials) {
      await this.close();
      this.trialSet = engine.loadedTrials;
    }
    const pool = (this.pool ??= this.start());
    await pool.warm;
    let reply: CqlReply;
    try {
      reply = await pool.piscina.run({ input, today } satisfies CqlTask, { name: 'evaluate', signal: AbortSignal.timeout(this.limits.timeoutMs) });
    } catch (error) {
      // The worker was ended (deadline) or died (out of memory, almost always): the next call gets a
      // fresh pool whose worker loads the trials before that call's deadline starts.
      if (this.pool === pool) await this.close();
      if (isAbort(error)) throw new BadInputError(`the CQL expression took longer than ${this.limits.timeoutMs / 1000} s`, 'timeout');
      throw new BadInputError(`the CQL expression needed more than ${this.limits.memoryMb} MB of memory`, 'processing');
    }
    if (reply.ok) return reply.resource!;
    throw reply.userFacing ? new BadInputError(reply.message, reply.code) : new Error(reply.message);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.piscina.destroy();
  }

  private start(): { piscina: Piscina; warm: Promise<void> } {
    const piscina = new Piscina({
      filename: this.script,
      workerData: this.engineOptions,
      // No thread kept in reserve: after a limit the pool is replaced, warmed, by the next call.
      minThreads: 0,
      maxThreads: 1,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
    });
    const warm = piscina.run(undefined, { name: 'warm' }).then((reply: CqlReply) => {
      if (!reply.ok) throw new Error(`the $cql worker could not load the trials: ${reply.message}`);
    });
    warm.catch(() => {
      // A failed load is reported to the call that waits for it; the next call starts a new pool.
      if (this.pool?.warm === warm) void this.close();
    });
    return { piscina, warm };
  }
}

/** `$cql` as advertised, evaluated in the sandbox. */
export function sandboxedCqlOperation(sandbox: CqlSandbox): FhirOperationDefinition {
  return {
    ...cqlOperation,
    run: (input: Parameters, _target: { id?: string }, deps: OperationDeps) => sandbox.run(input, deps.engine, deps.today()),
  };
}
