import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrial, type LoadedTrial } from '../../../src/artifacts/trial-registry.js';
import { loadValueSetDir } from '../../../src/artifacts/value-sets.js';
import { BadInputError } from '../../../src/domain/errors.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { trialArtifacts } from '../../../src/knowledge/trial-artifacts.js';
import { writeTrialFolder } from '../../../src/knowledge/trial-folder.js';

let engine: LoadedEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

const parent = () => mkdtempSync(join(tmpdir(), 'trialcds-folder-'));

describe('writeTrialFolder', () => {
  test.each(['NCT06789107', 'NCT07233642', 'ln-cart-5-35'])(
    '%s: the folder loads back as the same trial, with no other folder',
    (id) => {
      const original = engine.loadedTrials.find((t) => t.manifest.id === id)!;
      const dir = writeTrialFolder(trialArtifacts(original, engine.valueSets), parent());
      expect(dir.endsWith(`/${id}`)).toBe(true);
      // No shared library folder and only the folder's own value sets: the folder is self-contained.
      const reloaded: LoadedTrial = loadTrial(dir, [], loadValueSetDir(join(dir, 'valuesets')));
      expect(reloaded.manifest).toStrictEqual(original.manifest);
      expect(reloaded.libraries).toEqual(original.libraries);
    },
  );

  test('writes trial.json, <Lib>.cql (no ELM when the CQL is there: the loader compiles it), valuesets/<id>.json', () => {
    const original = engine.loadedTrials.find((t) => t.manifest.id === 'NCT06789107')!;
    const artifacts = trialArtifacts(original, engine.valueSets);
    const dir = writeTrialFolder(artifacts, parent());
    expect(readdirSync(join(dir, 'elm'))).toEqual([]);
    expect(readdirSync(join(dir, 'valuesets'))).toHaveLength(artifacts.valueSets.length);
    expect(existsSync(join(dir, 'valuesets', 'dx-sle.json'))).toBe(true);
    expect([...original.cqlSources.keys()].sort()).toEqual(['Eligibility', 'FHIRHelpers', 'NCT06789107']);
    for (const [name, text] of original.cqlSources) {
      expect(readFileSync(join(dir, `${name}.cql`), 'utf8')).toBe(text);
    }
  });

  test('writes the ELM of a library shared without its CQL', () => {
    const original = engine.loadedTrials.find((t) => t.manifest.id === 'NCT06789107')!;
    const artifacts = trialArtifacts(original, engine.valueSets);
    artifacts.libraries = artifacts.libraries.map((l) =>
      l.name === 'NCT06789107' ? { ...l, content: l.content!.filter((c) => c.contentType !== 'text/cql') } : l,
    );
    const dir = writeTrialFolder(artifacts, parent());
    expect(readdirSync(join(dir, 'elm'))).toEqual(['NCT06789107.json']);
    expect(JSON.parse(readFileSync(join(dir, 'elm', 'NCT06789107.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(original.dir, 'elm', 'NCT06789107.json'), 'utf8')),
    );
  });

  test.each(['../escape', '.hidden', 'a/b', ''])('refuses the unsafe trial id %j', (id) => {
    const original = engine.loadedTrials[0]!;
    const artifacts = trialArtifacts(original, engine.valueSets);
    artifacts.researchStudy = { ...artifacts.researchStudy, id };
    expect(() => writeTrialFolder(artifacts, parent())).toThrow(BadInputError);
  });

  test('refuses a library name that is not a safe file name', () => {
    const artifacts = trialArtifacts(engine.loadedTrials[0]!, engine.valueSets);
    artifacts.libraries[1] = { ...artifacts.libraries[1]!, name: '../x' };
    expect(() => writeTrialFolder(artifacts, parent())).toThrow(
      /library name "..\/x" is not a safe file name/,
    );
  });
});
