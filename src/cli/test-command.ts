import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { findCaseFiles, loadCase } from '../authoring/case-file.js';
import { formatChecks, runCase, type Check } from '../authoring/run-cases.js';
import { UserFacingError } from '../domain/errors.js';
import { loadEngineFor } from './engine-options.js';
import { TRIALS_DIR } from '../project-paths.js';

export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description("run authors' test cases (a trial folder, a folder of case files, or one case) and diff per criterion")
    .argument('[path]', 'trial folder, case folder or case file (default: every bundled trial)')
    .option('--verbose', 'list every check, not only the differences')
    .action(async (path: string | undefined, flags: { verbose?: boolean }, command: Command) => {
      // A trial folder is tested with only that trial loaded, so one trial's authoring is not blocked by another's.
      const onlyTrial = path && existsSync(join(path, 'trial.json')) ? [basename(resolve(path))] : undefined;
      const engine = await loadEngineFor(command, onlyTrial);
      const { trialsDir } = command.optsWithGlobals<{ trialsDir?: string }>();
      const targets = path ? [path] : engine.trials.map((t) => join(trialsDir ?? TRIALS_DIR, t.manifest.id));
      const files = targets.flatMap(findCaseFiles);
      const checks: Check[] = [];
      for (const file of files) {
        try {
          checks.push(...(await runCase(engine, loadCase(file))));
        } catch (error) {
          if (!(error instanceof UserFacingError)) throw error;
          checks.push({ caseId: file, trial: '-', criterion: '(case)', expected: 'runs', actual: error.message, ok: false });
        }
      }
      const table = formatChecks(checks, !!flags.verbose);
      if (table) console.log(table);
      const failed = checks.filter((c) => !c.ok).length;
      console.log(`${files.length} cases, ${checks.length} checks: ${checks.length - failed} passed, ${failed} failed`);
      if (failed > 0 || files.length === 0) process.exitCode = 1;
    });
}
