import { readFileSync } from 'node:fs';
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

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** commander collector for repeatable options (`--trial a --trial b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
