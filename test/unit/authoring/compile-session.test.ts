import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileSession, includedNames } from '../../../src/authoring/compile-session.js';
import type { FileCompilation } from '../../../src/cql-toolchain/compile.js';

const errorsOf = (results: FileCompilation[]) =>
  Object.fromEntries(results.map((r) => [r.file.name, r.diagnostics.filter((d) => d.severity === 'error').length]));

describe('CompileSession (compile --watch)', () => {
  test('includedNames reads include statements, quoted or not', () => {
    expect(includedNames("library B\ninclude A version '1' called A\n  include \"Other\" called O\n")).toEqual(['A', 'Other']);
  });

  test('recompiles what changed, including a library that another file includes (no stale translator cache)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcds-session-'));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    write('A.cql', "library A version '1'\ndefine X: 1\n");
    write('B.cql', "library B version '1'\ninclude A version '1' called A\ndefine Y: A.X + 1\n");
    const session = new CompileSession(dir, [dir]);
    expect(errorsOf(session.compile())).toEqual({ A: 0, B: 0 });

    write('B.cql', "library B version '1'\ninclude A version '1' called A\ndefine Y: A.X + \n");
    expect(errorsOf(session.compile()).B).toBeGreaterThan(0);

    write('B.cql', "library B version '1'\ninclude A version '1' called A\ndefine Y: A.X + 1\n");
    write('A.cql', "library A version '1'\ndefine X: 'now text'\n");
    expect(errorsOf(session.compile())).toEqual({ A: 0, B: 1 });
  });
});
