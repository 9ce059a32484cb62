import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFhirHelpers } from '../../scripts/generate-fhirhelpers.js';
import { compilePath, defaultLibraryDirs, elmPathFor, formatDiagnostic, serializeElm } from '../../src/cql-toolchain/compile.js';
import { findCqlFiles } from '../../src/cql-toolchain/library-index.js';
import { CQL_LIB_DIR, PROJECT_ROOT, TRIALS_DIR } from '../../src/project-paths.js';

describe('FHIRHelpers', () => {
  test('the checked-in FHIRHelpers.cql is exactly what the generator makes from the model info', () => {
    expect(readFileSync(join(CQL_LIB_DIR, 'FHIRHelpers.cql'), 'utf8')).toBe(generateFhirHelpers());
  });

  test('it provides every conversion the model info lists (ToString for code types, ToQuantity, ToConcept…)', () => {
    const text = generateFhirHelpers();
    expect(text.match(/define function ToString\(/g)?.length).toBeGreaterThan(200);
    for (const fn of ['ToQuantity', 'ToConcept', 'ToCode', 'ToInterval', 'ToRatio', 'ToDateTime', 'ToDate', 'ToBoolean']) {
      expect(text).toContain(`define function ${fn}(`);
    }
  });
});

describe('compile diagnostics', () => {
  test('an error is reported as file:line:col: severity: message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcds-cql-'));
    const file = join(dir, 'Broken.cql');
    writeFileSync(file, "library Broken version '1'\nusing FHIR version '4.0.1'\ncontext Patient\ndefine X: Foo + 1\n");
    const [result] = compilePath(file, defaultLibraryDirs(PROJECT_ROOT, dir));
    const errors = result!.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(formatDiagnostic(file, errors[0]!, dir)).toMatch(/^Broken\.cql:4:\d+: error: .*Foo/);
  });
});

describe('bundled ELM is current', () => {
  // The service runs the checked-in ELM; this fails when a .cql changed without `trialcds compile`.
  const targets = [CQL_LIB_DIR, ...findCqlFiles(TRIALS_DIR).map((f) => join(f, '..'))];
  test.each([...new Set(targets)])('%s', (dir) => {
    for (const result of compilePath(dir, defaultLibraryDirs(PROJECT_ROOT, dir))) {
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const path = elmPathFor(result.file);
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe(serializeElm(result.elm));
    }
  });
});
