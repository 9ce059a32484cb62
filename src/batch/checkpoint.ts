import { createReadStream, createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { BadInputError } from '../domain/errors.js';

/**
 * Resume: the results NDJSON is its own checkpoint. A patient is finished when it has a report
 * line; a resumed run rewrites the file without error lines (those patients are tried again) and
 * without a torn last line, then appends. `<out>.run.json` records what the run was, so a resume
 * with another as-of date or other trials is refused instead of mixing results.
 */
export interface RunRecord {
  version: 1;
  source: string;
  asOf: string;
  trials: string[];
}

export interface PreparedOutput {
  /** Patient ids (no prefix) that already have a report. */
  done: Set<string>;
}

export const runRecordPath = (out: string) => `${out}.run.json`;

export function readRunRecord(out: string): RunRecord | undefined {
  const path = runRecordPath(out);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
  } catch {
    throw new BadInputError(`${path} is not a run record; start again with --overwrite`);
  }
}

export async function prepareOutput(
  out: string,
  record: RunRecord,
  mode: { resume?: boolean; overwrite?: boolean },
): Promise<PreparedOutput> {
  const hasResults = existsSync(out) && statSync(out).size > 0;
  if (mode.resume && hasResults) {
    checkSameRun(out, record);
    return { done: await compact(out) };
  }
  if (hasResults && !mode.overwrite && !mode.resume) {
    throw new BadInputError(`${out} already holds results: use --resume to continue that run or --overwrite to start again`);
  }
  writeFileSync(out, '');
  writeFileSync(runRecordPath(out), JSON.stringify(record, null, 2) + '\n');
  return { done: new Set() };
}

function checkSameRun(out: string, record: RunRecord): void {
  const previous = readRunRecord(out);
  if (!previous) throw new BadInputError(`cannot resume: ${runRecordPath(out)} is missing; start again with --overwrite`);
  if (previous.asOf !== record.asOf)
    throw new BadInputError(`cannot resume: the run being resumed used --as-of ${previous.asOf}, not ${record.asOf}`);
  if (previous.trials.join(',') !== record.trials.join(','))
    throw new BadInputError(`cannot resume: the run being resumed screened ${previous.trials.join(', ')}, not ${record.trials.join(', ')}`);
}

/** Keeps complete report lines (streamed: bounded memory apart from the set of finished ids). */
async function compact(out: string): Promise<Set<string>> {
  const done = new Set<string>();
  const tmp = `${out}.compacting`;
  const writer = createWriteStream(tmp);
  const lines = createInterface({ input: createReadStream(out), crlfDelay: Infinity });
  for await (const line of lines) {
    const id = finishedId(line);
    if (!id || done.has(id)) continue;
    done.add(id);
    if (!writer.write(line + '\n')) await new Promise<void>((r) => writer.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => writer.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await rename(tmp, out);
  return done;
}

/** The patient id of a complete report line; undefined for error lines and torn or foreign lines. */
export function finishedId(line: string): string | undefined {
  let parsed: { patient?: unknown; error?: unknown; trials?: unknown };
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (parsed.error !== undefined || !Array.isArray(parsed.trials) || typeof parsed.patient !== 'string') return undefined;
  return parsed.patient.replace(/^Patient\//, '');
}
