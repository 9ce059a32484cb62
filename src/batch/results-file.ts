// Reading a screening results file (one §2 report or error line per patient) as input: a file a
// person names on the command line (`trialcds report`), perhaps concatenated from shards, so every
// problem is reported with its line number rather than as a crash.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { BadInputError } from '../domain/errors.js';
import type { ResultsLine } from './person-row.js';

export type ParsedLine = (ResultsLine & { error?: undefined }) | { patient: string; asOf: string; error: { code?: string } };

/** One line, checked for the fields the outputs read; `where` is `file:line`. */
export function parseResultsLine(text: string, where: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadInputError(`${where}: not JSON (a results file has one JSON report per line)`, 'structure');
  }
  const line = value as Partial<ResultsLine> & { error?: unknown };
  if (!line || typeof line !== 'object' || typeof line.patient !== 'string' || typeof line.asOf !== 'string') {
    throw new BadInputError(`${where}: not a screening results line (needs "patient" and "asOf")`, 'structure');
  }
  if (line.error === undefined && !Array.isArray(line.trials)) {
    throw new BadInputError(`${where}: not a screening results line (no "trials" and no "error")`, 'structure');
  }
  return line as ParsedLine;
}

/** Every non-empty line of the file, parsed, with its `file:line`. */
export async function* resultsLines(path: string): AsyncGenerator<ParsedLine> {
  let n = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    n++;
    if (text.trim()) yield parseResultsLine(text, `${path}:${n}`);
  }
}

export interface ResultsOverview {
  asOf: string;
  /** Trial ids in the order of the first report line. */
  trials: string[];
  reports: number;
  errors: number;
}

/** A first pass: what the file is about, and that it is one run (one as-of date). */
export async function overviewOf(path: string): Promise<ResultsOverview> {
  try {
    if (!statSync(path).isFile()) throw new BadInputError(`cannot read ${path}: not a file`, 'not-found');
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`cannot read ${path}: no such file`, 'not-found');
  }
  let asOf: string | undefined;
  const trials: string[] = [];
  let reports = 0;
  let errors = 0;
  for await (const line of resultsLines(path)) {
    if (asOf !== undefined && line.asOf !== asOf) {
      throw new BadInputError(`${path}: lines screened as of ${asOf} and as of ${line.asOf}: one report covers one as-of date`);
    }
    asOf = line.asOf;
    if (line.error !== undefined) {
      errors++;
      continue;
    }
    reports++;
    for (const t of line.trials) if (!trials.includes(t.id)) trials.push(t.id);
  }
  if (asOf === undefined || reports === 0) throw new BadInputError(`${path}: no patient reports in the file`);
  return { asOf, trials, reports, errors };
}
