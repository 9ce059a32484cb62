import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { BadInputError } from '../domain/errors.js';
import { swapFolder, withStagedTrial } from '../knowledge/install-trial.js';
import { artifactsFromBundle } from '../knowledge/trial-bundle.js';
import { readJsonFile } from './io.js';

interface ImportFlags {
  into: string;
  replace?: boolean;
  valuesetsDir?: string;
}

/**
 * The inverse of `package`: a trial Bundle (from `trialcds package` or another site) becomes a trial
 * folder an author can edit, test and serve. It is written only if it loads on its own.
 */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('write a trial Bundle (ResearchStudy + Group + Library + ValueSet) as a trial folder, after checking it loads')
    .argument('<bundle>', 'a FHIR Bundle JSON file, as `trialcds package` writes it')
    .requiredOption('--into <dir>', 'folder of trial folders to write <trial id>/ into')
    .option('--replace', 'replace a trial folder of the same id')
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      const artifacts = artifactsFromBundle(readJsonFile(file));
      const target = join(resolve(flags.into), artifacts.trialId);
      // Messages name the folder as the user wrote it (relative stays relative).
      const shown = join(flags.into, artifacts.trialId);
      if (existsSync(target) && !flags.replace) {
        throw new BadInputError(`${shown} already exists (use --replace to replace it, or --into another folder)`);
      }
      const { valuesetsDir } = command.optsWithGlobals<ImportFlags>();
      await withStagedTrial(artifacts, resolve(flags.into), valuesetsDir ? { valueSetsDir: valuesetsDir } : {}, async (staged, backup) =>
        swapFolder(staged, target, backup),
      );
      console.error(`trial ${artifacts.trialId} written to ${shown}`);
    });
}
