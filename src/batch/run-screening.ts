import { createWriteStream, type WriteStream } from 'node:fs';
import type { Evaluator } from './evaluator.js';
import { bucketOf } from './ndjson-partition.js';
import { errorLine } from './patient-payload.js';
import type { PatientTask, PopulationSource } from './population.js';

export interface Shard {
  /** 0-based index of this shard. */
  index: number;
  count: number;
}

export interface ScreeningProgress {
  /** Patients the source announced (undefined when it cannot tell). */
  total?: number;
  /** Patients finished in an earlier run (resume) and skipped. */
  skipped: number;
  /** Patients written in this run, errors included. */
  processed: number;
  errors: number;
}

export interface ScreeningRunOptions {
  source: PopulationSource;
  evaluator: Evaluator;
  /** Results NDJSON, appended to (prepareOutput() has truncated or compacted it). */
  resultsPath: string;
  asOf: string;
  /** Patient ids that already have a report. */
  done?: ReadonlySet<string>;
  /** Only patients whose id hashes to this shard: several machines can split one population. */
  shard?: Shard;
  /** Patients loaded ahead of evaluation (I/O overlap); memory is bounded by lanes × one patient. */
  loadAhead?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScreeningProgress) => void;
}

export interface ScreeningOutcome extends ScreeningProgress {
  /** False when the signal stopped the run before the source was exhausted. */
  complete: boolean;
}

/**
 * Streams the population through the evaluator with a fixed number of lanes, each taking the next
 * patient, loading it, evaluating it and appending its line. Nothing about a finished patient stays
 * in memory; one patient's failure becomes its error line and the run goes on.
 */
export async function runScreening(options: ScreeningRunOptions): Promise<ScreeningOutcome> {
  const { source, evaluator, signal } = options;
  const total = await source.count(signal).catch(() => undefined);
  const progress: ScreeningProgress = { skipped: 0, processed: 0, errors: 0, ...(total !== undefined ? { total: shareOf(total, options.shard) } : {}) };
  const out = createWriteStream(options.resultsPath, { flags: 'a' });
  const tasks = selectTasks(source.patients(signal), options, progress)[Symbol.asyncIterator]();
  const lanes = evaluator.parallelism + (options.loadAhead ?? Math.max(2, evaluator.parallelism));
  options.onProgress?.({ ...progress });
  try {
    await Promise.all(Array.from({ length: lanes }, () => lane(tasks, options, out, progress)));
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  return { ...progress, complete: !signal?.aborted };
}

async function* selectTasks(all: AsyncIterable<PatientTask>, options: ScreeningRunOptions, progress: ScreeningProgress) {
  for await (const task of all) {
    if (options.signal?.aborted) return;
    if (options.shard && bucketOf(task.id, options.shard.count) !== options.shard.index) continue;
    if (options.done?.has(task.id)) {
      progress.skipped++;
      continue;
    }
    yield task;
  }
}

async function lane(
  tasks: AsyncIterator<PatientTask>,
  options: ScreeningRunOptions,
  out: WriteStream,
  progress: ScreeningProgress,
): Promise<void> {
  for (;;) {
    if (options.signal?.aborted) return;
    const next = await tasks.next();
    if (next.done) return;
    const task = next.value;
    let line: string;
    let ok: boolean;
    try {
      const payload = await task.load(options.signal);
      ({ line, ok } = await options.evaluator.evaluate(payload));
    } catch (error) {
      // Interrupted mid-fetch: not the patient's fault; a resumed run will do it.
      if (options.signal?.aborted) return;
      line = errorLine(task.id, options.asOf, error);
      ok = false;
    }
    if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    progress.processed++;
    if (!ok) progress.errors++;
    options.onProgress?.({ ...progress });
  }
}

function shareOf(total: number, shard: Shard | undefined): number {
  return shard ? Math.round(total / shard.count) : total;
}
