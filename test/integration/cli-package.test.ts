import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4';
import { artifactsFromBundle } from '../../src/knowledge/trial-bundle.js';
import { runTrialcds } from '../support/run-cli.js';

const typesIn = (bundle: Bundle) => new Set(bundle.entry?.map((e) => e.resource?.resourceType));

describe('trialcds package', () => {
  test('prints the transaction Bundle of one trial: ResearchStudy, Group, Library and ValueSet entries', async () => {
    const run = await runTrialcds('package', 'NCT06789107');
    expect(run.code).toBe(0);
    const bundle = JSON.parse(run.stdout) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(typesIn(bundle)).toEqual(new Set(['ResearchStudy', 'Group', 'Library', 'ValueSet']));
    expect(artifactsFromBundle(bundle).trialId).toBe('NCT06789107');
  });

  test('--out writes the Bundle to a file and prints nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trialcds-package-')), 'bundle.json');
    const run = await runTrialcds('package', 'ln-cart-5-35', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(artifactsFromBundle(JSON.parse(readFileSync(out, 'utf8'))).researchStudy.id).toBe('ln-cart-5-35');
  });

  test('an unknown trial → exit 2, naming the known trials', async () => {
    const run = await runTrialcds('package', 'NCT00000000');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown trial "NCT00000000"; known trials: .*NCT06789107/);
    expect(run.stdout).toBe('');
  });

  test('no trial → exit 2', async () => {
    expect((await runTrialcds('package')).code).toBe(2);
  });
});
