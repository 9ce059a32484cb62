import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.js';

/** ../shared beside the repository: outside data; tests that use it skip cleanly when it is absent. */
export const SHARED_DIR = join(PROJECT_ROOT, '..', 'shared');
export const sharedPath = (...parts: string[]) => join(SHARED_DIR, ...parts);
export const hasShared = (...parts: string[]) => existsSync(sharedPath(...parts));
