import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Group } from 'fhir/r4';
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

describe('trialcds import', () => {
  const bundleFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcds-import-'));
    return { dir, file: join(dir, 'bundle.json'), trials: join(dir, 'trials') };
  };

  test('writes a packaged trial as a folder the CLI loads; refuses to overwrite without --replace', async () => {
    const { file, trials } = bundleFile();
    expect((await runTrialcds('package', 'NCT06789107', '--out', file)).code).toBe(0);
    const run = await runTrialcds('import', file, '--into', trials);
    expect(run.code).toBe(0);
    expect(readdirSync(trials)).toEqual(['NCT06789107']);
    const listed = await runTrialcds('--trials-dir', trials, 'trials', '--format', 'json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((t: { id: string }) => t.id)).toEqual(['NCT06789107']);
    const again = await runTrialcds('import', file, '--into', trials);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists (use --replace');
    expect((await runTrialcds('import', file, '--into', trials, '--replace')).code).toBe(0);
  }, 60_000);

  test('a Bundle whose trial does not load → exit 2 with the reason, nothing written', async () => {
    const { file, trials } = bundleFile();
    expect((await runTrialcds('package', 'NCT06789107', '--out', file)).code).toBe(0);
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    // The first criterion now names a define its library does not have.
    const group = bundle.entry!.find((e) => e.resource?.resourceType === 'Group')!.resource as Group;
    const expression = group.characteristic![0]!.extension!.find((x) => x.valueExpression)!.valueExpression!;
    expression.expression = 'No Such Define';
    writeFileSync(file, JSON.stringify(bundle));
    const run = await runTrialcds('import', file, '--into', trials);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not load: .*I1 → "No Such Define"/);
    expect(existsSync(join(trials, 'NCT06789107'))).toBe(false);
  }, 60_000);

  test('not a trial Bundle → exit 2', async () => {
    const { file, trials } = bundleFile();
    writeFileSync(file, JSON.stringify({ resourceType: 'Patient' }));
    const run = await runTrialcds('import', file, '--into', trials);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Bundle/);
  });
});
