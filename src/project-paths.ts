import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from src/ (tests) or dist/src/ (built). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'cql'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('trialcds: cannot find the project root (package.json + cql/)');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
export const CQL_LIB_DIR = join(PROJECT_ROOT, 'cql', 'lib');
export const TRIALS_DIR = join(PROJECT_ROOT, 'cql', 'trials');
export const VALUE_SETS_DIR = join(PROJECT_ROOT, 'valuesets');
