import type { Command } from 'commander';
import { basename } from 'node:path';
import { trialDirsIn } from '../artifacts/trial-registry.js';
import { TRIALS_DIR } from '../project-paths.js';
import { BadInputError } from '../domain/errors.js';
import { loadEngine, type EngineKind, type LoadedEngine } from '../engine/load-engine.js';

interface EngineFlags {
  trialsDir?: string;
  valuesetsDir?: string;
  allowMissingValuesets?: boolean;
  engine?: string;
}

/** Global flags that point the CLI at other trial or value-set folders than the bundled ones. */
export function addEngineOptions(program: Command): Command {
  return program
    .option('--trials-dir <dir>', 'folder of trial folders (default: the bundled cql/trials)')
    .option('--valuesets-dir <dir>', 'folder of FHIR ValueSet files (default: the bundled valuesets)')
    .option('--allow-missing-valuesets', 'authoring only: warn about missing/empty value sets and treat them as empty')
    .option('--engine <engine>', 'compiled (default: the trials compiled to JavaScript) | interpreted (cql-execution, the reference)');
}

export function loadEngineFor(command: Command, onlyTrials?: string[]): Promise<LoadedEngine> {
  const flags = command.optsWithGlobals<EngineFlags>();
  if (flags.engine !== undefined && flags.engine !== 'compiled' && flags.engine !== 'interpreted') {
    throw new BadInputError(`--engine must be compiled or interpreted, not "${flags.engine}"`);
  }
  return loadEngine({
    engine: (flags.engine as EngineKind | undefined) ?? 'compiled',
    trialsDir: flags.trialsDir,
    valueSetsDir: flags.valuesetsDir,
    onlyTrials,
    onValueSetProblem: flags.allowMissingValuesets ? (p) => console.error(`warning: ${p}`) : undefined,
  });
}

/** Checked before loading, so a typo is named as such rather than as "no trials found". */
export function checkTrialsExist(command: Command, ids: readonly string[]): void {
  const { trialsDir } = command.optsWithGlobals<{ trialsDir?: string }>();
  const known = trialDirsIn(trialsDir ?? TRIALS_DIR).map((dir) => basename(dir));
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    throw new BadInputError(`unknown trial ${unknown.map((id) => `"${id}"`).join(', ')}; known trials: ${known.join(', ')}`, 'not-found');
  }
}
