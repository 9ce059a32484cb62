import type { Command } from 'commander';
import { compilePath, defaultLibraryDirs, hasErrors, writeElm } from '../cql-toolchain/compile.js';
import { compilationLine, renderDiagnostics } from '../cql-toolchain/diagnostic-report.js';
import { watchAndCompile } from '../authoring/watch.js';
import { findCqlFiles } from '../cql-toolchain/library-index.js';
import { PROJECT_ROOT } from '../project-paths.js';
import { existsSync } from 'node:fs';
import { BadInputError } from '../domain/errors.js';
import type { ElmLibraryJson } from '../artifacts/elm.js';
import { enginePlanLine, enginePlans } from '../engine/compiled/compile-report.js';

interface CompileFlags {
  write: boolean;
  watch?: boolean;
}

export function registerCompileCommand(program: Command): void {
  program
    .command('compile')
    .description('translate CQL to ELM (in-process); prints file:line:col: severity: message')
    .argument('<path>', 'a .cql file or a directory of them')
    .option('--no-write', 'check only; do not write elm/<Library>.json')
    .option('--watch', 'keep running: recompile on every change to a .cql file under <path> (Ctrl-C stops)')
    .action((path: string, options: CompileFlags) => {
      if (!existsSync(path)) throw new BadInputError(`no such file or directory: ${path}`);
      if (options.watch) return watchUntilSignal(path, options.write);
      compileOnce(path, options.write);
    });
}

function compileOnce(path: string, write: boolean): void {
  const libraryDirs = defaultLibraryDirs(PROJECT_ROOT, path);
  const results = compilePath(path, libraryDirs);
  if (results.length === 0) throw new BadInputError(`no .cql files found in ${path}`);
  for (const result of results) for (const line of renderDiagnostics(result)) console.log(line);
  const failed = hasErrors(results);
  // Nothing is written when any library has errors: the ELM of a folder stays one consistent set.
  const written = !failed && write;
  if (written) results.forEach(writeElm);
  for (const result of results) console.error(compilationLine(result, written));
  console.error(`${results.length} librar${results.length === 1 ? 'y' : 'ies'} compiled${failed ? ' with errors' : ''}`);
  if (failed) process.exitCode = 1;
  else reportEngine(results.map((r) => r.elm), libraryDirs);
}

/** Which defines the compiled engine runs as JavaScript, which interpreted (and why). */
function reportEngine(elms: ElmLibraryJson[], libraryDirs: string[]): void {
  for (const plan of enginePlans(elms, libraryDirs)) console.error(enginePlanLine(plan));
}

/** Compile errors never end a watch; only SIGINT/SIGTERM do, with exit code 0. */
function watchUntilSignal(path: string, write: boolean): Promise<void> {
  if (findCqlFiles(path).length === 0) throw new BadInputError(`no .cql files found in ${path}`);
  const watching = watchAndCompile(path, defaultLibraryDirs(PROJECT_ROOT, path), {
    write,
    report: (line) => console.log(line),
    summarize: (line) => console.error(line),
  });
  console.error(`watching ${path} (Ctrl-C to stop)`);
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      watching.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
