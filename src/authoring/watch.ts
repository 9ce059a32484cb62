import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { watch as watchFiles } from 'chokidar';
import { hasErrors, writeElm, type FileCompilation } from '../cql-toolchain/compile.js';
import { renderDiagnostics } from '../cql-toolchain/diagnostic-report.js';
import { CompileSession } from './compile-session.js';

export interface WatchOptions {
  write: boolean;
  /** Quiet period after the last change before recompiling (editors write a file in several steps). */
  debounceMs?: number;
  /** Diagnostics, one `file:line:col: severity: message` per call. */
  report: (line: string) => void;
  /** The one-line summary of each round. */
  summarize: (line: string) => void;
}

export interface Watch {
  close(): void;
}

/** Our own output folders: writing ELM must not trigger another round. */
const IGNORED_DIRS = new Set(['elm', 'cases', 'node_modules']);

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

export function summaryLine(results: FileCompilation[], wrote: boolean, at = clock()): string {
  const count = (severity: string) => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
  const libraries = `${results.length} librar${results.length === 1 ? 'y' : 'ies'}`;
  const outcome = hasErrors(results) ? 'ELM not written' : wrote ? 'ELM written' : 'ELM not written (--no-write)';
  return `[${at}] ${libraries} compiled: ${count('error')} error(s), ${count('warning')} warning(s); ${outcome}`;
}

/** One compile round: diagnostics, ELM only when nothing failed, a summary. Never throws for CQL errors. */
export function compileRound(session: CompileSession, options: WatchOptions): FileCompilation[] {
  const results = session.compile();
  for (const result of results) renderDiagnostics(result).forEach((line) => options.report(line));
  const write = options.write && !hasErrors(results);
  if (write) results.forEach(writeElm);
  options.summarize(summaryLine(results, write));
  return results;
}

/**
 * Watches a .cql file or a folder (chokidar: new and removed folders, files replaced by editors or
 * sed -i) and recompiles the whole target after each burst of changes. The first round runs before
 * watching starts; a change made while the watcher was still starting is caught when it is ready.
 */
export function watchAndCompile(target: string, libraryDirs: string[], options: WatchOptions): Watch {
  const session = new CompileSession(target, libraryDirs);
  const firstRound = Date.now();
  compileRound(session, options);
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => recompile(session, options), options.debounceMs ?? 200);
  };
  const watcher = watchFiles(target, { ignoreInitial: true, ignored: (path, stats) => ignored(target, path, stats) });
  watcher.on('all', (_event, path) => {
    if (path.endsWith('.cql')) schedule();
  });
  watcher.on('ready', () => {
    if (cqlFiles(target).some((file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= firstRound)) schedule();
  });
  watcher.on('error', () => undefined); // a folder removed while being read: the next event resyncs
  return {
    close() {
      clearTimeout(timer);
      void watcher.close();
    },
  };
}

/** Our output and test-data folders, and files other than .cql (folders are walked for new ones). */
function ignored(target: string, path: string, stats?: Stats): boolean {
  const parts = relative(target, path).split(sep);
  if (parts.some((part) => IGNORED_DIRS.has(part))) return true;
  return stats?.isFile() === true && !path.endsWith('.cql');
}

/** The .cql files of the target (a file or a folder), without our output and test-data folders. */
function cqlFiles(target: string): string[] {
  if (statSync(target, { throwIfNoEntry: false })?.isFile()) return [target];
  let names: string[];
  try {
    names = readdirSync(target, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith('.cql') && !name.split(sep).some((part) => IGNORED_DIRS.has(part))).map((name) => join(target, name));
}

function recompile(session: CompileSession, options: WatchOptions): void {
  try {
    compileRound(session, options);
  } catch (error) {
    // A file deleted mid-round or unreadable: say so and keep watching.
    options.summarize(`[${clock()}] compile failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
