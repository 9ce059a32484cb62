import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
 * Watches a .cql file or a folder and recompiles the whole target after each burst of changes; the
 * first round runs before watching starts. Each folder is watched on its own: Node 20's recursive
 * fs.watch on Linux follows files, not folders, and loses a file once an editor (or sed -i) replaces it.
 */
export function watchAndCompile(target: string, libraryDirs: string[], options: WatchOptions): Watch {
  const session = new CompileSession(target, libraryDirs);
  compileRound(session, options);
  const isFile = statSync(target).isFile();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  const watchFolders = () => syncWatchers(watchers, isFile ? [dirname(target)] : foldersUnder(target), onChange);
  function onChange(event: string, name: string) {
    // A folder created, renamed or removed: watch the new set (the elm/ folder is never watched).
    if (!isFile && event === 'rename' && !name.endsWith('.cql')) watchFolders();
    if (isFile ? name !== basename(target) : !name.endsWith('.cql')) return;
    clearTimeout(timer);
    timer = setTimeout(() => recompile(session, options), options.debounceMs ?? 200);
  }
  watchFolders();
  return {
    close() {
      clearTimeout(timer);
      watchers.forEach((w) => w.close());
    },
  };
}

/** The target and its subfolders, without our output and test-data folders. */
export function foldersUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // removed while we looked: nothing to watch there
  }
  const subfolders = entries
    .filter((e) => e.isDirectory() && !IGNORED_DIRS.has(e.name))
    .flatMap((e) => foldersUnder(join(dir, e.name)));
  return [dir, ...subfolders];
}

/** Starts watchers for new folders and stops those of folders that are gone. */
function syncWatchers(watchers: Map<string, FSWatcher>, folders: string[], onChange: (event: string, name: string) => void): void {
  for (const [folder, watcher] of watchers) {
    if (folders.includes(folder)) continue;
    watcher.close();
    watchers.delete(folder);
  }
  for (const folder of folders.filter((f) => !watchers.has(f))) {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (event, name) => onChange(event, name === null ? '' : String(name)));
    } catch {
      continue; // removed between listing and watching
    }
    watcher.on('error', () => {
      // The folder was removed.
      watcher.close();
      watchers.delete(folder);
    });
    watchers.set(folder, watcher);
  }
}

function recompile(session: CompileSession, options: WatchOptions): void {
  try {
    compileRound(session, options);
  } catch (error) {
    // A file deleted mid-round or unreadable: say so and keep watching.
    options.summarize(`[${clock()}] compile failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
