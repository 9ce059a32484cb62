import type { FileCompilation } from '../../../src/cql-toolchain/compile.js';
import { codeFrame, compilationLine, firstOfCascades, renderDiagnostics, shortenExpectations } from '../../../src/cql-toolchain/diagnostic-report.js';
import type { Diagnostic } from '../../../src/cql-toolchain/translator.js';

const source = ['library Bad version \'0.1.0\'', 'context Patient', 'define "A": 1 g/dL', 'define "B": "Nope" + 1'].join('\n');
const error = (line: number, column: number, message: string): Diagnostic => ({ severity: 'error', line, column, message });

const compilation = (diagnostics: Diagnostic[]): FileCompilation => ({
  file: { path: '/work/trials/x/Bad.cql', name: 'Bad', text: source } as FileCompilation['file'],
  elm: { library: { identifier: { id: 'Bad', version: '0.1.0' } } } as FileCompilation['elm'],
  diagnostics,
  elmPath: '/work/trials/x/elm/Bad.json',
});

describe('compile diagnostics for authors', () => {
  test("ANTLR's expectation list is cut to five tokens, quoted commas included", () => {
    const tokens = ["','", "'.'", "'<'", "'>'", "')'", ...Array.from({ length: 45 }, (_, i) => `'t${i}'`)];
    expect(shortenExpectations(`mismatched input 'g' expecting {${tokens.join(', ')}}`)).toBe("mismatched input 'g' expecting {',', '.', '<', '>', ')', … 45 more}");
    expect(shortenExpectations("extraneous input 'g' expecting {<EOF>, 'define', 'context'}")).toBe("extraneous input 'g' expecting {<EOF>, 'define', 'context'}");
  });

  test('a syntax error keeps the rest of its line as follow-ons; errors elsewhere stay', () => {
    const shown = firstOfCascades([
      error(3, 14, "mismatched input 'g' expecting {<EOF>}"),
      error(3, 16, 'Could not resolve identifier dL in the current library.'),
      error(3, 14, 'Could not determine signature for invocation of operator System.Divide'),
      error(4, 12, 'Could not resolve identifier Nope in the current library.'),
      error(4, 12, 'Could not determine signature for invocation of operator System.Add'),
      { severity: 'warning', line: 4, column: 1, message: 'a warning is never folded' },
    ]);
    expect(shown.map((s) => [s.diagnostic.line, s.diagnostic.message.slice(0, 20), s.followOns])).toEqual([
      [3, "mismatched input 'g'", 2],
      [4, 'Could not resolve id', 1],
      [4, 'a warning is never f', 0],
    ]);
  });

  test('the code frame puts the caret under the column (0-based, as the translator annotates)', () => {
    expect(codeFrame(source, 3, 14)).toEqual(['    3 | define "A": 1 g/dL', '      |               ^']);
    expect(codeFrame(source, 99, 1)).toEqual([]);
    expect(codeFrame(source, undefined, undefined)).toEqual([]);
  });

  test('renders location, message, frame and the follow-on count; the summary says where the ELM went', () => {
    const result = compilation([error(3, 14, "extraneous input 'g' expecting {<EOF>}"), error(3, 16, 'Could not resolve identifier dL')]);
    expect(renderDiagnostics(result, '/work')).toEqual([
      "trials/x/Bad.cql:3:14: error: extraneous input 'g' expecting {<EOF>}",
      '    3 | define "A": 1 g/dL',
      '      |               ^',
      '      (1 more error here follows from this one: fix it first)',
    ]);
    expect(compilationLine(result, false, '/work')).toBe('trials/x/Bad.cql (library Bad 0.1.0): 2 errors, 0 warnings; ELM not written');
    expect(compilationLine(compilation([]), true, '/work')).toBe('trials/x/Bad.cql (library Bad 0.1.0): 0 errors, 0 warnings; ELM written to trials/x/elm/Bad.json');
    expect(compilationLine(compilation([]), false, '/elsewhere')).toBe('/work/trials/x/Bad.cql (library Bad 0.1.0): 0 errors, 0 warnings; ELM not written (--no-write)');
  });
});
