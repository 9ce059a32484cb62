import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../../src/artifacts/trial-registry.js';
import type { CriterionDefinition } from '../../src/domain/trial.js';
import { PROJECT_ROOT, TRIALS_DIR } from '../../src/project-paths.js';

// Criterion ids of shared/docs/contract.md §5, copied here so the check runs without ../shared.
const CONTRACT_IDS: Record<string, string> = {
  'ln-cart-5-35':
    'I1 I2 I3 I4 I5 I6 I7 I8 I9 I10 E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 E11 E12 E13 E13.1 E13.2 E13.3 E13.4 E13.5 E13.6 E13.7 E13.8 E13.9 E14 E15 E16 E17 E18',
  NCT07233642: 'I1 I2 I3 I4 I4.1 I4.2 I4.3 I4.4 I5 I6 I7 E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 E11 E12 E13 E14',
  NCT06789107:
    'I1 I2 I3 I3.1 I3.2 I3.3 I4 I4.1 I4.2 I4.3 I4.4 I5 I6 I6.1 I6.2 I6.3 I7 I7.1 I7.2 I7.3 I7.4 I7.5 I7.6 I7.7 I7.8 I7.9 I8 I9 ' +
    'E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 E11 E12 E13 E14 E15 E16 E17 E18 E19 E20 E21 E22',
};

const SEEDS_DIR = join(PROJECT_ROOT, '..', 'shared', 'seeds');

function flatten(criteria: CriterionDefinition[]): CriterionDefinition[] {
  return criteria.flatMap((c) => [c, ...flatten(c.criteria ?? [])]);
}

describe.each(Object.keys(CONTRACT_IDS))('manifest of %s', (trialId) => {
  const manifest = readManifest(join(TRIALS_DIR, trialId));
  const criteria = flatten(manifest.criteria);

  test('lists every criterion of contract §5, in seed order, each once', () => {
    expect(criteria.map((c) => c.id)).toEqual(CONTRACT_IDS[trialId]!.split(' '));
  });

  test('sub-criteria sit under their parent and share its kind', () => {
    for (const parent of criteria) {
      for (const child of parent.criteria ?? []) {
        expect(child.id.startsWith(`${parent.id}.`)).toBe(true);
        expect(child.kind).toBe(parent.kind);
      }
    }
  });

  const seedPath = join(SEEDS_DIR, manifest.seed);
  (existsSync(seedPath) ? test : test.skip)('every criterion text (and note) is an exact quote of the seed', () => {
    const seed = readFileSync(seedPath, 'utf8');
    for (const c of criteria) {
      expect({ id: c.id, quoted: seed.includes(c.text) }).toEqual({ id: c.id, quoted: true });
      if (c.note) expect(seed.includes(c.note)).toBe(true);
    }
  });
});
