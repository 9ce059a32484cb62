import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Bundle } from 'fhir/r4';
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

/** What `package` wrote: `wrote x.json (41 KB): ResearchStudy/a, Group/a-criteria, Library/A, …`. */
export function describeBundle(bundle: Bundle, where: string, bytes: number): string {
  const refs = (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
  return `wrote ${where} (${Math.max(1, Math.round(bytes / 1024))} KB, ${refs.length} resources): ${refs.join(', ')}`;
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
      const bundle = trialBundle(trialArtifacts(trial, engine.valueSets));
      const json = JSON.stringify(bundle, null, 2) + '\n';
      if (flags.out) writeOut(flags.out, json);
      else process.stdout.write(json);
      // On stderr: stdout may be the Bundle itself.
      process.stderr.write(`${describeBundle(bundle, flags.out ?? 'stdout', json.length)}\n`);
    });
}
