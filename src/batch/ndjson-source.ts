import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { partitionExport, type PartitionOptions } from './ndjson-partition.js';
import { ProblemLog, type PatientTask, type PopulationSource } from './population.js';

export interface NdjsonSourceOptions extends PartitionOptions {
  /** Where bucket files go (default: the OS temp folder); removed by close(). */
  workDir?: string;
}

/**
 * A Bulk Data export folder as a population: partitioned once (see ndjson-partition.ts), then read
 * bucket by bucket; each bucket is grouped per patient in memory and released before the next.
 */
export async function openNdjsonSource(dir: string, options: NdjsonSourceOptions = {}): Promise<PopulationSource> {
  const problems = new ProblemLog();
  const work = await mkdtemp(join(options.workDir ?? tmpdir(), 'trialcds-screen-'));
  let partition;
  try {
    partition = await partitionExport(dir, work, problems, options);
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  const { bucketFiles, shared } = partition;
  return {
    description: `NDJSON export (${bucketFiles.length} partition${bucketFiles.length === 1 ? '' : 's'})`,
    shared: async () => shared,
    count: async () => partition.patients,
    async *patients(signal?: AbortSignal): AsyncIterable<PatientTask> {
      for (const file of bucketFiles) {
        if (signal?.aborted) return;
        for (const [id, resources] of await groupBucket(file)) {
          yield { id, load: async () => ({ id, resources }) };
        }
      }
    },
    problems: () => problems.snapshot(),
    close: () => rm(work, { recursive: true, force: true }),
  };
}

/** One bucket grouped by patient, in order of each patient's first line (deterministic). */
async function groupBucket(file: string): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const id = line.slice(0, tab);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    group.push(line.slice(tab + 1));
  }
  return groups;
}
