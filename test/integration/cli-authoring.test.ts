import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCase } from '../../src/authoring/case-file.js';
import { PROJECT_ROOT, TRIALS_DIR } from '../../src/project-paths.js';
import { runTrialcds } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'trialcds-authoring-'));
const file = (name: string, content: unknown) => {
  const path = join(work, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

// --watch runs until a signal, so it is tested as a real process: the built CLI (npm run build).
const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const withBuiltCli = existsSync(CLI) ? test : test.skip;
if (!existsSync(CLI)) process.stderr.write('skipping the compile --watch test: no dist/src/cli/main.js (run npm run build)\n');

class Output {
  text = '';
  constructor(child: ChildProcess) {
    child.stdout!.on('data', (chunk) => (this.text += String(chunk)));
    child.stderr!.on('data', (chunk) => (this.text += String(chunk)));
  }

  /** Waits until `pattern` has appeared `times` times in stdout+stderr (the translator is slow to start). */
  async waitFor(pattern: RegExp, times = 1, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const count = () => this.text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
    while (count() < times) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} ×${times}; output so far:\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('trialcds compile --watch', () => {
  withBuiltCli(
    'recompiles on change: an error is reported at its line and leaves the ELM alone; the fix writes it',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trialcds-watch-'));
      const cqlPath = join(dir, 'DemoTrial.cql');
      const elmPath = join(dir, 'elm', 'DemoTrial.json');
      const original = readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'demo', 'trials', 'demo-trial', 'DemoTrial.cql'), 'utf8');
      const good = 'define "I1": E."Age Between"(5, 35)';
      const errorLine = original.split('\n').findIndex((l) => l === good) + 1;
      expect(errorLine).toBeGreaterThan(0);
      writeFileSync(cqlPath, original);

      const child = spawn(process.execPath, [CLI, 'compile', dir, '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = new Output(child);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await output.waitFor(/watching /);
        expect(output.text).toMatch(/\] 1 library compiled: 0 error\(s\), \d+ warning\(s\); ELM written/);
        const firstElm = readFileSync(elmPath, 'utf8');

        writeFileSync(cqlPath, original.replace(good, 'define "I1": E."Age Betwen"(5, 35)'));
        await output.waitFor(/ELM not written/);
        expect(output.text).toMatch(new RegExp(`DemoTrial\\.cql:${errorLine}:\\d+: error: `));
        expect(readFileSync(elmPath, 'utf8')).toBe(firstElm);

        writeFileSync(cqlPath, original.replace(good, 'define "I1": E."Age Between"(5, 36)'));
        await output.waitFor(/0 error\(s\), \d+ warning\(s\); ELM written/, 2);
        const fixedElm = readFileSync(elmPath, 'utf8');
        expect(fixedElm).not.toBe(firstElm);
        expect(fixedElm).toContain('"36"');
        expect(child.exitCode).toBeNull(); // still watching after the error
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
    },
    60_000,
  );
});

describe('trialcds explain', () => {
  const trial = 'NCT06789107';
  const casePath = join(TRIALS_DIR, trial, 'cases', 'e9-igg-440-mg-dl-age-8-fail.json');
  const testCase = loadCase(casePath);
  const bundlePath = file('igg.json', testCase.bundle);
  const explain = (...args: string[]) => runTrialcds('explain', '--bundle', bundlePath, '--trial', trial, '--as-of', testCase.asOf, ...args);

  test('a criterion define shows the status the evaluate report gives that criterion', async () => {
    const evaluated = await runTrialcds('evaluate', '--bundle', bundlePath, '--trial', trial, '--as-of', testCase.asOf);
    const criteria = JSON.parse(evaluated.stdout).trials[0].criteria as { id: string; status: string }[];
    const e9 = criteria.find((c) => c.id === 'E9')!;
    expect(e9.status).toBe('fail');

    const run = await explain();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`define "E9"\\n  criteria: E9\\n  value:    ${e9.status} — IgG 440 mg/dL`));
    expect(run.stdout).toMatch(/define "I1"\n {2}criteria: I1\n {2}value: {4}pass — /);
  });

  test('a define that feeds a criterion through another define lists it; --define filters, in library order', async () => {
    const run = await explain('--define', 'E9', '--define', 'IgG Result');
    expect(run.code).toBe(0);
    const blocks = run.stdout.split('\n\n').slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^define "IgG Result"\n {2}criteria: indirectly E9\n {2}value: {4}Observation\//);
    expect(blocks[1]).toMatch(/^define "E9"/);
  });

  test('--json prints the same watch list as JSON', async () => {
    const run = await explain('--define', 'E9', '--define', 'Antibody Window', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ trial, asOf: '2026-11-01', patient: expect.stringMatching(/^Patient\//) });
    const [window, e9] = json.defines;
    expect(window).toMatchObject({ define: 'Antibody Window', value: { low: '2025-11-01', high: '2026-11-01' } });
    expect(window.criteria.indirect.map((c: { criterion: string }) => c.criterion)).toEqual(expect.arrayContaining(['I3.1', 'I3.2', 'I3.3']));
    expect(e9).toMatchObject({ define: 'E9', criteria: { direct: ['E9'], indirect: [] }, value: { status: 'fail' } });
    expect(e9.value.evidence).toEqual([expect.stringMatching(/^Observation\//)]);
  });

  test('--case reads an author test case (its bundle and its as-of date)', async () => {
    const run = await runTrialcds('explain', '--case', casePath, '--trial', trial, '--define', 'E9', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ asOf: testCase.asOf, defines: [{ define: 'E9', value: { status: 'fail' } }] });
  });

  test.each([
    ['an unknown trial', () => ['--bundle', bundlePath, '--trial', 'nope'], /unknown trial "nope"; known trials: .*NCT06789107/],
    ['a missing file', () => ['--bundle', join(work, 'missing.json'), '--trial', trial], /cannot read .*missing\.json: no such file/],
    ['not JSON', () => ['--bundle', file('bad.json', '{ nope'), '--trial', trial], /is not JSON/],
    ['no Patient', () => ['--bundle', file('nopatient.json', { resourceType: 'Bundle', type: 'collection', entry: [] }), '--trial', trial], /no Patient/],
    ['an unknown define', () => ['--bundle', bundlePath, '--trial', trial, '--define', 'Nope'], /has no define "Nope"/],
    ['neither --bundle nor --case', () => ['--trial', trial], /either --bundle <file> or --case <file>/],
    ['a bad --as-of', () => ['--bundle', bundlePath, '--trial', trial, '--as-of', '2026-13-45'], /not a calendar date/],
  ])('%s → exit 2 with a precise message', async (_label, args, message) => {
    const run = await runTrialcds('explain', ...args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('the README walkthrough trial (examples/authoring)', () => {
  const trialsDir = join(work, 'trials');
  const trialDir = join(trialsDir, 'example-hemoglobin');
  beforeAll(() => cpSync(join(PROJECT_ROOT, 'examples', 'authoring'), trialsDir, { recursive: true }));

  test('compiles, passes its own cases and explains', async () => {
    const compiled = await runTrialcds('compile', trialDir);
    expect(compiled.stderr).toMatch(/1 library compiled\n/);
    expect(compiled.code).toBe(0);

    const tested = await runTrialcds('--trials-dir', trialsDir, 'test', trialDir);
    expect(tested.stdout).toMatch(/3 cases, 3 checks: 3 passed, 0 failed/);
    expect(tested.code).toBe(0);

    const explained = await runTrialcds('--trials-dir', trialsDir, 'explain', '--trial', 'example-hemoglobin', '--case', join(trialDir, 'cases', 'hemoglobin-85-g-l-fail.json'));
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/define "Hemoglobin g\/dL"\n {2}criteria: indirectly I1\n {2}value: {4}8\.5 g\/dL/);
    expect(explained.stdout).toMatch(/define "I1"\n {2}criteria: I1\n {2}value: {4}fail — hemoglobin 85 g\/L on 2026-10-18 = 8\.5 g\/dL/);
  });
});
