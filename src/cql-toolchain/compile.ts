import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { diagnosticLocation, shortenExpectations } from './diagnostic-report.js';
import { CqlTranslatorService, type Diagnostic, type ElmLibraryJson, type TranslationResult } from './translator.js';
import { LibraryIndex, findCqlFiles, readCqlFile, type CqlSourceFile } from './library-index.js';

export interface FileCompilation {
  file: CqlSourceFile;
  elm: ElmLibraryJson;
  diagnostics: Diagnostic[];
  elmPath: string;
}

/** Where the compiled ELM of a CQL file lives: `<dir>/elm/<LibraryName>.json`. */
export function elmPathFor(file: CqlSourceFile): string {
  return join(dirname(file.path), 'elm', `${file.name}.json`);
}

/** Include search path: the shared libraries first, then the folder of the files being compiled. */
export function defaultLibraryDirs(projectRoot: string, target: string): string[] {
  // For one file, its folder: the libraries next to it are the ones it includes.
  const folder = existsSync(target) && statSync(target).isFile() ? dirname(resolve(target)) : resolve(target);
  return [join(projectRoot, 'cql', 'lib'), folder];
}

/** Recorded in ELM by `trialcds compile`: lets a loader tell whether the ELM is stale. */
export function cqlSourceHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function withSourceHash(elm: ElmLibraryJson, cql: string): ElmLibraryJson {
  return { sourceSha256: cqlSourceHash(cql), ...elm };
}

export function compilePath(target: string, libraryDirs: string[]): FileCompilation[] {
  const files = findCqlFiles(target).map(readCqlFile);
  const index = new LibraryIndex(libraryDirs);
  for (const file of files) index.add(file);
  const translator = new CqlTranslatorService(index.lookup);
  return files.map((file) => toFileCompilation(file, translator.translate(file.text)));
}

/** One file's result: an error inside an included library is reported once, against that library. */
export function toFileCompilation(file: CqlSourceFile, { elm, diagnostics }: TranslationResult): FileCompilation {
  const own = diagnostics.filter((d) => d.libraryId === undefined || d.libraryId === file.name);
  const included = diagnostics.filter((d) => d.libraryId !== undefined && d.libraryId !== file.name);
  const summary = included.some((d) => d.severity === 'error')
    ? [{ severity: 'error' as const, message: `an included library has errors (${included[0]?.libraryId})` }]
    : [];
  return { file, elm: withSourceHash(elm, file.text), diagnostics: [...own, ...summary], elmPath: elmPathFor(file) };
}

export function hasErrors(results: FileCompilation[]): boolean {
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
}

export function formatDiagnostic(file: string, d: Diagnostic, cwd = process.cwd()): string {
  return `${diagnosticLocation(file, d, cwd)}: ${d.severity}: ${shortenExpectations(d.message)}`;
}

/** ELM is written with a stable layout so the drift test can compare it byte for byte. */
export function serializeElm(elm: ElmLibraryJson): string {
  return JSON.stringify(elm, null, 1) + '\n';
}

export function writeElm(result: FileCompilation): void {
  mkdirSync(dirname(result.elmPath), { recursive: true });
  writeFileSync(result.elmPath, serializeElm(result.elm));
}
