// How `trialcds compile` shows translator errors to an author: the first error of a cascade (one
// typo makes the translator report several more at the same place), ANTLR's long expectation lists
// cut to a few tokens, and a code frame (the line, a caret under the column).
import { relative } from 'node:path';
import type { FileCompilation } from './compile.js';
import type { Diagnostic } from './translator.js';

const SYNTAX_ERROR = /^(mismatched input|extraneous input|no viable alternative|missing |token recognition error)/;
const SHOWN_EXPECTATIONS = 5;

/** `expecting {',', '.', '<', … 57 more}` instead of sixty tokens. */
export function shortenExpectations(message: string): string {
  return message.replace(/expecting \{([^}]*)\}/, (whole, list: string) => {
    // Tokens are quoted literals (`','` among them) or names (`<EOF>`, `IDENTIFIER`).
    const tokens = list.match(/'(?:[^'\\]|\\.)*'|[^,\s][^,]*/g) ?? [];
    if (tokens.length <= SHOWN_EXPECTATIONS + 1) return whole;
    return `expecting {${tokens.slice(0, SHOWN_EXPECTATIONS).join(', ')}, … ${tokens.length - SHOWN_EXPECTATIONS} more}`;
  });
}

export interface ShownDiagnostic {
  diagnostic: Diagnostic;
  /** Errors dropped as follow-ons of this one (same place, or the rest of a line with a syntax error). */
  followOns: number;
}

/** Keeps the first error at each place; after a syntax error, the rest of that line is its cascade. */
export function firstOfCascades(diagnostics: readonly Diagnostic[]): ShownDiagnostic[] {
  const shown: ShownDiagnostic[] = [];
  for (const d of diagnostics) {
    const cause = d.severity === 'error' ? shown.find((s) => isFollowOn(d, s.diagnostic)) : undefined;
    if (cause) cause.followOns++;
    else shown.push({ diagnostic: d, followOns: 0 });
  }
  return shown;
}

function isFollowOn(d: Diagnostic, earlier: Diagnostic): boolean {
  if (earlier.severity !== 'error' || d.line === undefined || d.line !== earlier.line) return false;
  return d.column === earlier.column || SYNTAX_ERROR.test(earlier.message);
}

/** The source line and a caret under the translator's column (0-based in its annotations). */
export function codeFrame(source: string, line: number | undefined, column: number | undefined): string[] {
  if (line === undefined) return [];
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return [];
  const gutter = String(line).padStart(5);
  const caretAt = Math.min(Math.max(column ?? 0, 0), text.length);
  return [`${gutter} | ${text}`, `${' '.repeat(gutter.length)} | ${' '.repeat(caretAt)}^`];
}

/** Relative below the working directory (short, clickable in editors); absolute anywhere else. */
export function shownPath(file: string, cwd = process.cwd()): string {
  const shown = relative(cwd, file);
  return shown && !shown.startsWith('..') ? shown : file;
}

export function diagnosticLocation(file: string, d: Diagnostic, cwd = process.cwd()): string {
  return `${shownPath(file, cwd)}:${d.line ?? 1}:${d.column ?? 1}`;
}

/** Every diagnostic of one file as an author reads it: location, message, code frame, follow-ons. */
export function renderDiagnostics(result: FileCompilation, cwd = process.cwd()): string[] {
  return firstOfCascades(result.diagnostics).flatMap(({ diagnostic: d, followOns }) => [
    `${diagnosticLocation(result.file.path, d, cwd)}: ${d.severity}: ${shortenExpectations(d.message)}`,
    // Frames for errors only: a library's dozens of translator warnings would bury them.
    ...(d.severity === 'error' ? codeFrame(result.file.text, d.line, d.column) : []),
    ...(followOns > 0 ? [`      (${followOns === 1 ? '1 more error here follows' : `${followOns} more errors here follow`} from this one: fix it first)`] : []),
  ]);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `Bad.cql (library Bad 0.1.0): 2 errors, 0 warnings; ELM not written`. */
export function compilationLine(result: FileCompilation, written: boolean, cwd = process.cwd()): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  const id = result.elm.library?.identifier;
  const library = id ? ` (library ${id.id}${id.version ? ` ${id.version}` : ''})` : '';
  const elm = written ? `ELM written to ${shownPath(result.elmPath, cwd)}` : errors > 0 ? 'ELM not written' : 'ELM not written (--no-write)';
  return `${shownPath(result.file.path, cwd)}${library}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${elm}`;
}
