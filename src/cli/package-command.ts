import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BadInputError } from '../domain/errors.js';
import { trialArtifacts } from '../knowledge/trial-artifacts.js';
import { trialBundle } from '../knowledge/trial-bundle.js';
import { loadEngineFor } from './engine-options.js';
import { withStdoutReserved } from './io.js';

interface PackageFlags {
  out?: string;
}

function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new BadInputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export function registerPackageCommand(program: Command): void {
  program
    .command('package')
    .description(
      'publish one trial as FHIR R4 knowledge artifacts: a transaction Bundle of ResearchStudy, Group, Library and ValueSet',
    )
    .argument('<trial>', 'trial id (see `trialcds trials`)')
    .option('--out <file>', 'write the Bundle to this file instead of stdout')
    .action(async (trialId: string, flags: PackageFlags, command: Command) => {
      // All trials are loaded (not just this one) so that an unknown id can be answered with the known ones.
      const engine = await withStdoutReserved(() => loadEngineFor(command));
      const trial = engine.loadedTrials.find((t) => t.manifest.id === trialId);
      if (!trial) {
        const known = engine.loadedTrials.map((t) => t.manifest.id).join(', ');
        throw new BadInputError(`unknown trial "${trialId}"; known trials: ${known}`, 'not-found');
      }
      const json = JSON.stringify(trialBundle(trialArtifacts(trial, engine.valueSets)), null, 2) + '\n';
      if (flags.out) writeOut(flags.out, json);
      else process.stdout.write(json);
    });
}
