import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { timeZoneFromEnv } from '../config.js';
import { todayIn } from '../domain/calendar-date.js';
import { BadInputError } from '../domain/errors.js';

/** Reads and parses a JSON file, turning every failure into a message a user can act on. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? 'unreadable';
    throw new BadInputError(`cannot read ${path}: ${why}`, 'not-found');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`${path} is not JSON: ${(error as Error).message}`, 'structure');
  }
}

/** The default as-of date: today in TRIALCDS_TIME_ZONE, else the machine's zone (as the service). */
export function todayIso(): string {
  try {
    return todayIn(timeZoneFromEnv());
  } catch (error) {
    throw new BadInputError((error as Error).message);
  }
}

/** commander collector for repeatable options (`--trial a --trial b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * stdout carries exactly one document (contract §1): anything a library prints while we work
 * (ucum-lhc, the translator runtime) is sent to stderr instead.
 */
export async function withStdoutReserved<T>(work: () => Promise<T>): Promise<T> {
  const { log, info } = console;
  console.log = console.info = (...args: unknown[]) => console.error(...args);
  try {
    return await work();
  } finally {
    console.log = log;
    console.info = info;
  }
}

/** An output file a user named: its folder must exist and it must not be a folder itself. */
export function checkWritablePath(path: string, flag: string): void {
  const kind = (p: string) => {
    try {
      return statSync(p).isDirectory() ? 'dir' : 'file';
    } catch {
      return 'none';
    }
  };
  if (kind(path) === 'dir') throw new BadInputError(`${flag} ${path} is a folder; give a file name`);
  if (kind(dirname(path)) !== 'dir') throw new BadInputError(`${flag} ${path}: no folder ${dirname(path)}`, 'not-found');
}
