import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Resource } from 'fhir/r4';
import { BadInputError } from '../domain/errors.js';
import type { ProblemLog } from './population.js';

/**
 * First pass over a Bulk Data export: every resource is appended to one of N bucket files chosen by
 * a hash of its patient id, as `<patient id>\t<resource JSON>` lines. A second pass then reads one
 * bucket at a time and groups it in memory, so memory is bounded by the bucket size (the total
 * export size / N, N grown with the export), never by the population.
 *
 * Why a hash partition and not a byte-offset index: an index of every resource's offset grows with
 * the export (tens of millions of entries), and reading a patient back means random reads across
 * every file. The partition costs one sequential rewrite of the export to local disk, and the
 * second pass is sequential too.
 */
export interface PartitionOptions {
  /** Aim for buckets of about this many bytes (memory per bucket is a few times this). */
  targetBucketBytes?: number;
  /** Shared resources (Medication) kept in memory beyond this many are reported and dropped. */
  maxSharedResources?: number;
}

export interface Partition {
  bucketFiles: string[];
  /** Patient resources seen (the progress total). */
  patients: number;
  /** Medication resources (JSON), referenced from many patients' medication[x]. */
  shared: string[];
}

const SHARED_TYPES = new Set(['Medication']);
/** Types outside the patient compartment that the engine never reads: skipped without a problem. */
const IGNORED_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Substance', 'Group']);
const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary', 'individual'] as const;

/** Bulk Data output files, plain or gzip-compressed (as servers and clients often store them). */
const NDJSON_FILE = /\.ndjson(\.gz)?$/;
/** Sizing buckets needs the uncompressed size; FHIR NDJSON typically compresses about 8:1. */
const GZIP_RATIO = 8;

export async function listNdjsonFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new BadInputError(`cannot read the NDJSON export directory ${dir}`, 'not-found');
  }
  const files = names.filter((n) => NDJSON_FILE.test(n));
  if (files.length === 0) throw new BadInputError(`no .ndjson or .ndjson.gz files in ${dir}`, 'not-found');
  // Patient files first, so patients come out in the export's own Patient order.
  const rank = (n: string) => (/^(\d+\.)?Patient\b/.test(n) ? 0 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export async function partitionExport(
  dir: string,
  workDir: string,
  problems: ProblemLog,
  options: PartitionOptions = {},
): Promise<Partition> {
  const files = await listNdjsonFiles(dir);
  let bytes = 0;
  for (const f of files) bytes += (await stat(join(dir, f))).size * (f.endsWith('.gz') ? GZIP_RATIO : 1);
  const target = options.targetBucketBytes ?? 32 * 1024 * 1024;
  const n = Math.min(1024, Math.max(1, Math.ceil(bytes / target)));
  const bucketFiles = Array.from({ length: n }, (_, i) => join(workDir, `bucket-${i}.tsv`));
  const streams = bucketFiles.map((f) => createWriteStream(f));
  const state = { patients: 0, shared: [] as string[], maxShared: options.maxSharedResources ?? 100_000 };
  try {
    for (const file of files) await partitionFile(dir, file, streams, state, problems);
  } finally {
    await Promise.all(streams.map((s) => new Promise((resolve) => s.end(resolve))));
  }
  return { bucketFiles, patients: state.patients, shared: state.shared };
}

interface PartitionState {
  patients: number;
  shared: string[];
  maxShared: number;
}

async function partitionFile(
  dir: string,
  file: string,
  streams: WriteStream[],
  state: PartitionState,
  problems: ProblemLog,
): Promise<void> {
  let lineNo = 0;
  try {
    for await (const line of linesOf(join(dir, file))) {
      lineNo++;
      if (line.trim() === '') continue;
      const placed = placeLine(line, state);
      if (typeof placed === 'string') {
        problems.add({ where: `${file}:${lineNo}`, message: placed });
        continue;
      }
      if (!placed) continue;
      const stream = streams[bucketOf(placed.patientId, streams.length)]!;
      if (!stream.write(`${placed.patientId}\t${placed.json}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
    }
  } catch (error) {
    // A truncated or corrupt .gz ends this file only: the lines before it count, the run goes on.
    if (!file.endsWith('.gz')) throw error;
    problems.add({ where: `${file}:${lineNo + 1}`, message: `not readable as gzip (${(error as Error).message})` });
  }
}

function linesOf(path: string): AsyncIterable<string> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  if (input !== raw) raw.on('error', (error) => input.destroy(error));
  return createInterface({ input, crlfDelay: Infinity });
}

/** Where a line goes: a bucket (patient id + normalised JSON), nowhere (undefined), or a problem. */
function placeLine(line: string, state: PartitionState): { patientId: string; json: string } | string | undefined {
  let r: Resource;
  try {
    r = JSON.parse(line) as Resource;
  } catch {
    return 'not valid JSON';
  }
  if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') return 'not a FHIR resource (no resourceType)';
  if (r.resourceType === 'Patient') {
    if (!validId(r.id)) return 'Patient without a valid id';
    state.patients++;
    return { patientId: r.id, json: JSON.stringify(r) };
  }
  if (SHARED_TYPES.has(r.resourceType)) {
    if (state.shared.length >= state.maxShared) return `more than ${state.maxShared} ${r.resourceType} resources; extra ones ignored`;
    state.shared.push(JSON.stringify(r));
    return undefined;
  }
  if (IGNORED_TYPES.has(r.resourceType)) return undefined;
  const patientId = patientIdOf(r);
  if (!patientId) return `${r.resourceType} without a Patient reference in subject/patient`;
  // Re-serialised so no raw tab or newline can break the bucket format.
  return { patientId, json: JSON.stringify(r) };
}

function validId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(id);
}

export function patientIdOf(r: Resource): string | undefined {
  for (const field of PATIENT_FIELDS) {
    const ref = (r as unknown as Record<string, { reference?: unknown } | undefined>)[field]?.reference;
    if (typeof ref !== 'string') continue;
    const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(ref);
    if (m) return m[1];
  }
  return undefined;
}

/** FNV-1a: cheap, stable across runs and machines (a shard on another machine agrees). */
export function bucketOf(id: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
