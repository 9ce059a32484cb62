import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArtifactError, BadInputError } from '../domain/errors.js';
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
  mkdirSync(parentDir, { recursive: true });
  const staging = mkdtempSync(join(parentDir, '.staging-'));
  try {
    const staged = writeTrialFolder(artifacts, staging);
    await checkLoadsAlone(staging, engineOptions);
    return await use(staged, join(staging, 'previous'));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function refuseBundledTrial(engine: ReloadableEngine, trialId: string, localDir: string): void {
  const existing = engine.loadedTrials.find((t) => t.manifest.id === trialId);
  if (existing && !resolve(existing.dir).startsWith(`${localDir}/`)) {
    throw new BadInputError(`trial ${trialId} is bundled with the service (${existing.dir}); an uploaded Bundle cannot replace it`, 'processing');
  }
}

async function checkLoadsAlone(stagingDir: string, engineOptions: EngineOptions): Promise<void> {
  try {
    await loadEngine({ ...engineOptions, trialsDir: stagingDir, localTrialsDir: undefined, onlyTrials: undefined });
  } catch (error) {
    if (error instanceof ArtifactError) throw new BadInputError(`the trial in this Bundle does not load: ${error.message}`, 'processing');
    throw error;
  }
}

/** Moves `staged` to `target`, keeping any folder already there in `backup`; returns the undo. */
export function swapFolder(staged: string, target: string, backup: string): () => Promise<void> {
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, backup);
  renameSync(staged, target);
  return async () => {
    rmSync(target, { recursive: true, force: true });
    if (hadPrevious) renameSync(backup, target);
  };
}
