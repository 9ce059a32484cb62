import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePath, defaultLibraryDirs, hasErrors, writeElm } from '../../src/cql-toolchain/compile.js';
import { loadEngine, type EngineOptions, type LoadedEngine } from '../../src/engine/load-engine.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';

export const DEMO_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'demo');
export const DEMO_VALUESETS = join(DEMO_DIR, 'valuesets');

/** Copies the demo trial to a temporary folder and compiles its CQL there (in-process translator). */
export function compiledDemoTrials(): string {
  const trialsDir = join(mkdtempSync(join(tmpdir(), 'trialcds-demo-')), 'trials');
  cpSync(join(DEMO_DIR, 'trials'), trialsDir, { recursive: true });
  const target = join(trialsDir, 'demo-trial');
  const results = compilePath(target, defaultLibraryDirs(PROJECT_ROOT, target));
  if (hasErrors(results)) {
    throw new Error(results.flatMap((r) => r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).join('\n'));
  }
  results.forEach(writeElm);
  return trialsDir;
}

export function loadDemoEngine(options: EngineOptions = {}): Promise<LoadedEngine> {
  return loadEngine({ trialsDir: compiledDemoTrials(), valueSetsDir: DEMO_VALUESETS, ...options });
}
