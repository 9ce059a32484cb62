import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { libraryName } from '../artifacts/elm.js';
import { readManifest, type LoadedTrial } from '../artifacts/trial-registry.js';
import { serializeElm } from '../cql-toolchain/compile.js';
import { BadInputError, UserFacingError } from '../domain/errors.js';
import { loadEngine, type EngineOptions } from '../engine/load-engine.js';
import type { ReloadableEngine } from '../engine/reloadable-engine.js';
import { artifactsFromBundle } from './trial-bundle.js';
import type { TrialArtifacts } from './contracts.js';
import { writeTrialFolder } from './trial-folder.js';

export interface TrialInstallerOptions {
  engine: ReloadableEngine;
  /** How the service loads its trials; `localTrialsDir` is where installed trials are written. */
  engineOptions: EngineOptions & { localTrialsDir: string };
}

export type TrialInstaller = (bundle: unknown) => Promise<{ trialId: string; created: boolean }>;

/**
 * Adds (or replaces) a trial from a FHIR Bundle of ResearchStudy + Group + Library + ValueSet:
 * the Bundle is written as a trial folder in a staging folder, loaded on its own (so CQL compile
 * errors and missing value sets are reported against it), then moved into the local trials folder
 * and the service reloads. If the reload fails the previous folder is put back: never half-loaded.
 */
export function createTrialInstaller(options: TrialInstallerOptions): TrialInstaller {
  const localDir = resolve(options.engineOptions.localTrialsDir);
  return async (bundle) => {
    const artifacts = artifactsFromBundle(bundle);
    const { trialId } = artifacts;
    refuseBundledTrial(options.engine, trialId, localDir);
    const target = join(localDir, trialId);
    const created = !existsSync(target);
    await withStagedTrial(artifacts, localDir, options.engineOptions, (staged, backup) =>
      options.engine.changeAndReload(async () => swapFolder(staged, target, backup)),
    );
    return { trialId, created };
  };
}

/**
 * Writes the trial as a folder in a staging folder inside `parentDir` (same file system, so the
 * final move is a rename), loads it on its own — CQL compile errors and missing value sets are
 * reported against it as BadInputError — and hands the staged folder to `use`. The staging folder
 * is removed afterwards whatever happens.
 */
export async function withStagedTrial<T>(
  artifacts: TrialArtifacts,
  parentDir: string,
  engineOptions: EngineOptions,
  use: (staged: string, backup: string) => Promise<T>,
): Promise<T> {
  try {
    mkdirSync(parentDir, { recursive: true });
  } catch (error) {
    throw new BadInputError(`cannot create the trials folder ${parentDir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const staging = mkdtempSync(join(parentDir, STAGING_PREFIX));
  try {
    const staged = writeTrialFolder(artifacts, staging);
    const loaded = await checkLoadsAlone(staging, engineOptions);
    writeCompiledElm(staged, loaded);
    // A dot name: no trial id can take it (trial ids never start with a dot).
    return await use(staged, join(staging, BACKUP_NAME));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const STAGING_PREFIX = '.staging-';
const BACKUP_NAME = '.previous';

/**
 * The ELM compiled now from the Bundle's CQL is written next to it, so the service does not
 * compile it again at every start. (A Bundle's own ELM is never written when it carries CQL: its
 * recorded hash cannot prove it was compiled from that CQL.)
 */
function writeCompiledElm(stagedDir: string, trial: LoadedTrial): void {
  mkdirSync(join(stagedDir, 'elm'), { recursive: true });
  for (const elm of trial.libraries) {
    const name = libraryName(elm);
    if (trial.cqlSources.has(name) && existsSync(join(stagedDir, `${name}.cql`))) {
      writeFileSync(join(stagedDir, 'elm', `${name}.json`), serializeElm(elm));
    }
  }
}

/**
 * An install interrupted between its two renames (a crash) leaves the previous trial folder in
 * `.staging-*\/.previous`: put it back when its trial folder is missing, then drop the staging
 * folders. Run before the service loads its local trials.
 */
export function recoverInterruptedInstalls(localDir: string): void {
  if (!existsSync(localDir)) return;
  for (const name of readdirSync(localDir).filter((n) => n.startsWith(STAGING_PREFIX))) {
    const backup = join(localDir, name, BACKUP_NAME);
    const trialId = existsSync(join(backup, 'trial.json')) ? readManifest(backup).id : undefined;
    if (trialId && !existsSync(join(localDir, trialId))) renameSync(backup, join(localDir, trialId));
    rmSync(join(localDir, name), { recursive: true, force: true });
  }
}

function refuseBundledTrial(engine: ReloadableEngine, trialId: string, localDir: string): void {
  const existing = engine.loadedTrials.find((t) => t.manifest.id === trialId);
  if (existing && !resolve(existing.dir).startsWith(`${localDir}/`)) {
    // No folder named: the caller is a client of the service, the server's disk layout is not theirs.
    throw new BadInputError(
      `trial ${trialId} is bundled with the service; an uploaded Bundle cannot replace it (upload it under another trial id)`,
      'processing',
    );
  }
}

async function checkLoadsAlone(stagingDir: string, engineOptions: EngineOptions): Promise<LoadedTrial> {
  try {
    const engine = await loadEngine({ ...engineOptions, trialsDir: stagingDir, localTrialsDir: undefined, onlyTrials: undefined });
    return engine.loadedTrials[0]!;
  } catch (error) {
    // Anything a malformed upload makes the loader trip over is the upload's fault, not ours.
    const message = error instanceof UserFacingError ? error.message : `malformed content (${(error as Error).message})`;
    // Files are named inside the trial (`<trial id>/<Library>.cql:18:95`), not by the staging folder's path.
    const withinTrial = message.split(`${resolve(stagingDir)}${sep}`).join('');
    throw new BadInputError(`the trial in this Bundle does not load: ${withinTrial}`, 'processing');
  }
}

/**
 * Moves `staged` to `target`, keeping any folder already there in `backup`; returns the undo.
 * If the second rename fails, the previous folder is put back before the error goes on.
 */
export function swapFolder(staged: string, target: string, backup: string): () => Promise<void> {
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, backup);
  try {
    renameSync(staged, target);
  } catch (error) {
    if (hadPrevious) renameSync(backup, target);
    throw error;
  }
  return async () => {
    rmSync(target, { recursive: true, force: true });
    if (hadPrevious) renameSync(backup, target);
  };
}
