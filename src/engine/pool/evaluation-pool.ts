// The service's evaluation pool: worker threads (default one per core) that evaluate hooks,
// $evaluate-eligibility and screening jobs, so the event loop only parses, routes and answers.
// Built on piscina; a task past its deadline is aborted, which terminates the worker that runs it
// (piscina starts a new one) — a pathological chart costs its own request, not the service.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ArtifactError, UserFacingError } from '../../domain/errors.js';
import type { EligibilityReport } from '../../domain/criterion.js';
import type { EvaluateOptions, PatientData } from '../../domain/trial.js';
import type { EvaluationResult, EvaluationSpec, Evaluator } from '../../batch/evaluator.js';
import type { PatientPayload } from '../../batch/population.js';
import { PROJECT_ROOT } from '../../project-paths.js';
import type { EngineOptions } from '../load-engine.js';
import type { LibraryEvaluateTask, TaskReply } from './evaluation-worker.js';
import type { Resource } from 'fhir/r4';

/** The built worker: next to this file from dist/, else dist/ of the checkout (tests run the sources). */
export function evaluationWorkerScript(): string | undefined {
  const sibling = fileURLToPath(new URL('./evaluation-worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(PROJECT_ROOT, 'dist', 'src', 'engine', 'pool', 'evaluation-worker.js');
  return existsSync(built) ? built : undefined;
}

/** Raised when an evaluation did not finish by its deadline (its worker was stopped). */
export class EvaluationTimeout extends UserFacingError {
  constructor() {
    super('the eligibility evaluation did not finish within the request deadline', 'timeout');
  }
}

export interface PoolOptions {
  /** Engine options of the service (plain data: they cross to the workers; see batch engineOptionsOf). */
  engine: Omit<EngineOptions, 'onValueSetProblem'> & { allowMissingValueSets?: boolean };
  /** Worker threads (default: one per core). */
  threads?: number;
  /** Old-generation heap per worker (MB): a chart that exhausts it fails alone. */
  maxHeapMb?: number;
  script?: string;
}

function unwrap<T>(reply: TaskReply<T>): T {
  if (reply.ok) return reply.value;
  if (reply.userFacing) throw new UserFacingError(reply.message, reply.code);
  throw new Error(reply.message);
}

/** The rejection of a piscina task whose AbortSignal fired. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || /aborted/i.test(error.message));
}

export class EvaluationPool {
  private pool: Piscina;
  private jobs = 0;
  private warmed = false;
  /** Settles when every worker has loaded the engine (rejects with the load failure). */
  readonly warmedUp: Promise<void>;

  private constructor(
    private readonly options: PoolOptions,
    readonly threads: number,
  ) {
    this.pool = this.start();
    this.warmedUp = this.warm(this.pool).then(() => {
      this.warmed = true;
    });
    // Whoever starts the pool decides what a failed warm-up means; never an unhandled rejection.
    this.warmedUp.catch(() => undefined);
  }

  /** A pool whose workers have loaded the engine (a failure to load is the caller's ArtifactError). */
  static async create(options: PoolOptions): Promise<EvaluationPool> {
    const pool = EvaluationPool.warming(options);
    await pool.warmedUp;
    return pool;
  }

  /**
   * A pool whose workers are still loading the engine: the service listens at once, and evaluates
   * on its own thread (PooledEngine) until `isWarm`; tasks sent before are queued, not lost.
   */
  static warming(options: PoolOptions): EvaluationPool {
    return new EvaluationPool(options, Math.max(1, options.threads ?? availableParallelism()));
  }

  /** Every worker has loaded the engine. */
  get isWarm(): boolean {
    return this.warmed;
  }

  private start(): Piscina {
    const filename = this.options.script ?? evaluationWorkerScript();
    if (!filename) throw new ArtifactError('the evaluation pool needs the built service (npm run build)');
    return new Piscina({
      filename,
      workerData: this.options.engine,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // One task per worker at a time: evaluation is CPU-bound, a second task would only wait.
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 },
    });
  }

  private async warm(pool: Piscina): Promise<void> {
    await Promise.all(Array.from({ length: this.threads }, () => pool.run(undefined, { name: 'warm' }).then(unwrap)));
  }

  /** Loads the trials again in new workers; the old ones finish what they have, then stop. */
  async restart(): Promise<void> {
    const next = this.start();
    await this.warm(next);
    const previous = this.pool;
    this.pool = next;
    this.warmed = true;
    void previous.close();
  }

  evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport> {
    const { signal, ...plain } = options;
    return this.runUntil<EligibilityReport>('evaluate', { data, options: plain }, signal);
  }

  /** Library/$evaluate in a worker, under the caller's deadline (EvaluationTimeout past it). */
  libraryEvaluate(task: LibraryEvaluateTask, signal?: AbortSignal): Promise<Resource> {
    return this.runUntil<Resource>('libraryEvaluate', task, signal);
  }

  /** One task; past the signal's deadline its worker is terminated (piscina starts another). */
  private async runUntil<T>(name: string, task: unknown, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) throw new EvaluationTimeout();
    try {
      return unwrap<T>(await this.pool.run(task, { name, ...(signal ? { signal } : {}) }));
    } catch (error) {
      if (signal?.aborted && isAbort(error)) throw new EvaluationTimeout();
      throw error;
    }
  }

  /** A screening evaluator whose patients run in this pool (a screening job's `Evaluator`). */
  screeningEvaluator(spec: EvaluationSpec): Evaluator {
    const job = `job-${++this.jobs}`;
    return {
      parallelism: this.threads * 2,
      evaluate: async (payload: PatientPayload): Promise<EvaluationResult> =>
        unwrap(await this.pool.run({ job, spec, payload }, { name: 'screen' })),
      close: async () => undefined,
    };
  }

  /** Tasks waiting for a worker (for tests and the service's status). */
  get queued(): number {
    return this.pool.queueSize;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
