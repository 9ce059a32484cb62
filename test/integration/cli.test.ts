import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_VALUESETS, compiledDemoTrials } from '../support/demo-engine.js';
import { runTrialcds } from '../support/run-cli.js';
import { SNOMED, bundle, condition, patient } from '../builders/fhir.js';

const work = mkdtempSync(join(tmpdir(), 'trialcds-cli-'));
const file = (name: string, content: unknown) => {
  const path = join(work, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

let engineFlags: string[];
beforeAll(() => {
  engineFlags = ['--trials-dir', compiledDemoTrials(), '--valuesets-dir', DEMO_VALUESETS];
});

describe('trialcds evaluate', () => {
  const good = () => file('good.json', bundle(patient(), condition(SNOMED, '55464009')));

  test('--format json prints exactly one JSON document (the report) and exits 0', async () => {
    const run = await runTrialcds(...engineFlags, 'evaluate', '--bundle', good(), '--as-of', '2026-11-01', '--format', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ patient: 'Patient/pt-1', asOf: '2026-11-01' });
    expect(report.trials[0].criteria.find((c: { id: string }) => c.id === 'I2').status).toBe('pass');
  });

  test('--format table is for people', async () => {
    const run = await runTrialcds(...engineFlags, 'evaluate', '--bundle', good(), '--as-of', '2026-11-01', '--format', 'table');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/demo-trial — possibly-eligible/);
    expect(run.stdout).toMatch(/I2 +pass/);
  });

  test.each([
    ['an unreadable file', () => join(work, 'missing.json'), /cannot read .*missing\.json: no such file/],
    ['not JSON', () => file('bad.json', '{ nope'), /is not JSON/],
    ['not FHIR', () => file('notfhir.json', { hello: 1 }), /not a FHIR resource/],
    ['no Patient', () => file('nopatient.json', bundle(condition(SNOMED, '1'))), /no Patient/],
    ['two Patients', () => file('two.json', bundle(patient(), patient({ id: 'b' }))), /2 Patient resources/],
  ])('%s → exit 2 with a clear message and no stack trace', async (_label, path, message) => {
    const run = await runTrialcds(...engineFlags, 'evaluate', '--bundle', path(), '--as-of', '2026-11-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  test('a bad --as-of or an unknown --trial → exit 2', async () => {
    expect((await runTrialcds(...engineFlags, 'evaluate', '--bundle', good(), '--as-of', '2026-13-45')).code).toBe(2);
    const unknown = await runTrialcds(...engineFlags, 'evaluate', '--bundle', good(), '--trial', 'nope', '--as-of', '2026-11-01');
    expect(unknown.code).toBe(2);
  });

  test('a missing required flag → exit 2', async () => {
    expect((await runTrialcds(...engineFlags, 'evaluate')).code).toBe(2);
  });
});

describe('trialcds trials', () => {
  test('lists each trial with every criterion and how it is computed', async () => {
    const run = await runTrialcds(...engineFlags, 'trials');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/demo-trial — Demo trial/);
    expect(run.stdout).toMatch(/E5 +exclusion review \(not yet automated\)/);
    expect(run.stdout).toMatch(/I4\.2 +inclusion cql "I4\.2"/);
  });
});

describe('trialcds compile', () => {
  test('errors → file:line:col: error: … and a non-zero exit', async () => {
    const cql = file('Bad.cql', "library Bad version '1'\nusing FHIR version '4.0.1'\ncontext Patient\ndefine X: Nope\n");
    const run = await runTrialcds('compile', cql, '--no-write');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Bad\.cql:4:\d+: error: /);
  });
});

describe('trialcds test', () => {
  const caseFile = (name: string, expect: unknown) =>
    file(name, { id: name, asOf: '2026-11-01', bundle: bundle(patient(), condition(SNOMED, '55464009', { id: 'sle' })), expect });

  test('a passing case → exit 0', async () => {
    const run = await runTrialcds(...engineFlags, 'test', caseFile('ok.json', { 'demo-trial': { criteria: { I2: 'pass', E1: 'pass' } } }));
    expect(run.stdout).toMatch(/1 cases, 2 checks: 2 passed, 0 failed/);
    expect(run.code).toBe(0);
  });

  test('a wrong expectation → a per-criterion diff row and exit 1', async () => {
    const run = await runTrialcds(...engineFlags, 'test', caseFile('diff.json', { 'demo-trial': { criteria: { I2: 'fail' } } }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/DIFF +diff\.json +demo-trial +I2 +fail +pass/);
  });

  test('extends/add derive a variant from a base case (an added resource replaces the same type/id)', async () => {
    caseFile('base.json', { 'demo-trial': {} });
    const variant = file('variant.json', {
      id: 'variant',
      asOf: '2026-11-01',
      extends: 'base.json',
      remove: [],
      add: [condition(SNOMED, '55464009', { id: 'sle', verificationStatus: { coding: [{ code: 'refuted' }] } })],
      expect: { 'demo-trial': { status: 'ineligible', criteria: { I1: { status: 'pass', reasonIncludes: '14 years old' } } } },
    });
    const run = await runTrialcds(...engineFlags, 'test', variant);
    expect(run.stdout).toMatch(/2 checks: 2 passed/);
  });

  test('remove drops a resource of the base case', async () => {
    const variant = file('removed.json', {
      id: 'removed',
      asOf: '2026-11-01',
      extends: 'base.json',
      remove: ['Condition/sle'],
      expect: { 'demo-trial': { criteria: { I2: 'fail' } } },
    });
    expect((await runTrialcds(...engineFlags, 'test', variant)).code).toBe(0);
  });
});
