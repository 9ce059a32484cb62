import type { Command } from 'commander';
import { compilePath, defaultLibraryDirs, formatDiagnostic, hasErrors, writeElm } from '../cql-toolchain/compile.js';
import { PROJECT_ROOT } from '../project-paths.js';
import { existsSync } from 'node:fs';
import { BadInputError } from '../domain/errors.js';

export function registerCompileCommand(program: Command): void {
  program
    .command('compile')
    .description('translate CQL to ELM (in-process); prints file:line:col: severity: message')
    .argument('<path>', 'a .cql file or a directory of them')
    .option('--no-write', 'check only; do not write elm/<Library>.json')
    .action((path: string, options: { write: boolean }) => {
      if (!existsSync(path)) throw new BadInputError(`no such file or directory: ${path}`);
      const results = compilePath(path, defaultLibraryDirs(PROJECT_ROOT, path));
      if (results.length === 0) throw new BadInputError(`no .cql files found in ${path}`);
      for (const result of results) {
        for (const d of result.diagnostics) console.log(formatDiagnostic(result.file.path, d));
      }
      const failed = hasErrors(results);
      if (!failed && options.write) results.forEach(writeElm);
      console.error(`${results.length} librar${results.length === 1 ? 'y' : 'ies'} compiled${failed ? ' with errors' : ''}`);
      if (failed) process.exitCode = 1;
    });
}
