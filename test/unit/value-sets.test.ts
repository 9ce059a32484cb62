import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeKey, loadValueSetDir } from '../../src/artifacts/value-sets.js';
import { loadEngine } from '../../src/engine/load-engine.js';
import { VALUE_SETS_DIR } from '../../src/project-paths.js';
import { DEMO_VALUESETS, compiledDemoTrials } from '../support/demo-engine.js';
import { CVX, ICD10CM, LOINC, RXNORM, SNOMED } from '../builders/fhir.js';

describe('value-set store', () => {
  const sets = loadValueSetDir(DEMO_VALUESETS);
  const member = (id: string, system: string, code: string) =>
    sets.get(`urn:trialcds:valueset:${id}`)!.keys.has(codeKey(system, code));

  test('codes match by system and code across SNOMED, ICD-10-CM, LOINC, RxNorm and CVX', () => {
    expect(member('demo-sle', SNOMED, '55464009')).toBe(true);
    expect(member('demo-sle', ICD10CM, 'M32.14')).toBe(true);
    expect(member('demo-ana', LOINC, '5048-4')).toBe(true);
    expect(member('demo-cyclophosphamide', RXNORM, '3002')).toBe(true);
    expect(member('demo-live-vaccines', CVX, '03')).toBe(true);
  });

  test('the same code in another system is not a member', () => {
    expect(member('demo-sle', ICD10CM, '55464009')).toBe(false);
    expect(member('demo-live-vaccines', RXNORM, '03')).toBe(false);
  });

  test('every bundled value set parses, has a url and at least one code', () => {
    const bundled = loadValueSetDir(VALUE_SETS_DIR);
    for (const vs of bundled.values()) {
      expect({ url: vs.url, codes: vs.codes.length > 0 }).toEqual({ url: vs.url, codes: true });
    }
  });
});

describe('startup refuses a trial whose value sets are missing or empty', () => {
  function valueSetsWithout(id: string, replacement?: object): string {
    const dir = mkdtempSync(join(tmpdir(), 'trialcds-vs-'));
    cpSync(DEMO_VALUESETS, dir, { recursive: true });
    rmSync(join(dir, `${id}.json`));
    if (replacement) writeFileSync(join(dir, `${id}.json`), JSON.stringify(replacement));
    return dir;
  }

  test('missing → a message naming the value set and the library', async () => {
    await expect(loadEngine({ trialsDir: compiledDemoTrials(), valueSetsDir: valueSetsWithout('demo-ana') })).rejects.toThrow(
      /DemoTrial references value set "ANA" \(urn:trialcds:valueset:demo-ana\), which is not in the value set folder/,
    );
  });

  test('empty → refused', async () => {
    const empty = { resourceType: 'ValueSet', url: 'urn:trialcds:valueset:demo-ana', expansion: { contains: [] } };
    await expect(loadEngine({ trialsDir: compiledDemoTrials(), valueSetsDir: valueSetsWithout('demo-ana', empty) })).rejects.toThrow(
      /"ANA" \(urn:trialcds:valueset:demo-ana\) has no codes/,
    );
  });

  test('authoring mode reports the problem instead', async () => {
    const problems: string[] = [];
    const engine = await loadEngine({
      trialsDir: compiledDemoTrials(),
      valueSetsDir: valueSetsWithout('demo-ana'),
      onValueSetProblem: (p) => problems.push(p),
    });
    expect(engine.trials).toHaveLength(1);
    expect(problems).toHaveLength(1);
  });
});
