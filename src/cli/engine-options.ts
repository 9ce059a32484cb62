import type { Command } from 'commander';
import { loadEngine, type LoadedEngine } from '../engine/load-engine.js';

interface EngineFlags {
  trialsDir?: string;
  valuesetsDir?: string;
  allowMissingValuesets?: boolean;
}

/** Global flags that point the CLI at other trial or value-set folders than the bundled ones. */
export function addEngineOptions(program: Command): Command {
  return program
    .option('--trials-dir <dir>', 'folder of trial folders (default: the bundled cql/trials)')
    .option('--valuesets-dir <dir>', 'folder of FHIR ValueSet files (default: the bundled valuesets)')
    .option('--allow-missing-valuesets', 'authoring only: warn about missing/empty value sets and treat them as empty');
}

export function loadEngineFor(command: Command, onlyTrials?: string[]): Promise<LoadedEngine> {
  const flags = command.optsWithGlobals<EngineFlags>();
  return loadEngine({
    trialsDir: flags.trialsDir,
    valueSetsDir: flags.valuesetsDir,
    onlyTrials,
    onValueSetProblem: flags.allowMissingValuesets ? (p) => console.error(`warning: ${p}`) : undefined,
  });
}
