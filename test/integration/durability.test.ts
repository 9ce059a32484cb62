// Durability under kill -9 (issue #21): no shutdown code runs, so only what was made durable before
// an acknowledgement can count. Feedback acknowledged with 200 must survive; a screening run killed
// mid-way and resumed must list every patient exactly once, with the reports an uninterrupted run
// gives.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluationWorkerScript } from '../../src/engine/pool/evaluation-pool.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { idealCharts, plainChart, writeExport } from './batch/fixtures.js';
import { call } from '../support/cds-server.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const built = evaluationWorkerScript() !== undefined;
if (!built) process.stderr.write('skipping the durability tests: run npm run build first\n');
const request = JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/hook-request.json`, 'utf8'));

(built ? describe : describe.skip)('feedback survives kill -9', () => {
  let service: ServiceProcess | undefined;
  afterAll(async () => service?.kill9());

  test('hundreds of concurrent feedback calls: every acknowledged record is in the store after SIGKILL, and the store still loads', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'trialcds-durable-')), 'feedback.ndjson');
    service = await startServiceProcess({ TRIALCDS_FEEDBACK_STORE: store, TRIALCDS_EVALUATION_THREADS: '0' });
    const hook = await call(`${service.url}/cds-services/trial-eligibility`, { body: request });
    expect(hook.status).toBe(200);
    const card = hook.body.cards[0];
    const stamp = (i: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, 0, i)).toISOString();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        call(`${service!.url}/cds-services/trial-eligibility/feedback`, {
          body: { feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: (card.suggestions ?? []).slice(0, 1).map((s: { uuid: string }) => ({ id: s.uuid })), outcomeTimestamp: stamp(i) }] },
        }).then((res) => ({ i, status: res.status })),
      ),
    );
    // Killed the moment the last answer arrived: nothing after the acknowledgements may be needed.
    await service.kill9();
    service = undefined;
    const acknowledged = answers.filter((a) => a.status === 200).map((a) => stamp(a.i));
    expect(acknowledged.length).toBe(300);
    const stored = new Set(
      readFileSync(store, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"kind":"feedback"'))
        .map((line) => JSON.parse(line).outcomeTimestamp as string),
    );
    for (const ts of acknowledged) expect(stored.has(ts)).toBe(true);
    // A new process reads the same store and still knows the issued card.
    service = await startServiceProcess({ TRIALCDS_FEEDBACK_STORE: store, TRIALCDS_EVALUATION_THREADS: '0' });
    const again = await call(`${service.url}/cds-services/trial-eligibility/feedback`, { body: { feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: stamp(999) }] } });
    expect(again.status).toBe(200);
  }, 120_000);
});

/** Runs the CLI as its own process; resolves with the exit code (SIGKILL: null). */
function screenProcess(args: string[], killWhen?: () => boolean): Promise<number | null> {
  const child = spawn(process.execPath, ['dist/src/cli/main.js', 'screen', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let timer: NodeJS.Timeout | undefined;
  if (killWhen) timer = setInterval(() => killWhen() && child.kill('SIGKILL'), 20);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(timer);
      resolve(code);
    }),
  );
}

const lineCount = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

/** Results by patient; fails on a patient listed twice. */
function resultsByPatient(file: string): Map<string, unknown> {
  const byPatient = new Map<string, unknown>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const result = JSON.parse(line) as { patient: string };
    expect(byPatient.has(result.patient)).toBe(false);
    byPatient.set(result.patient, result);
  }
  return byPatient;
}

(built ? describe : describe.skip)('screening killed with SIGKILL resumes', () => {
  test('no patient lost or duplicated, and the same reports as an uninterrupted run', async () => {
    const charts = [...idealCharts(), ...Array.from({ length: 400 }, (_, i) => plainChart(`plain-${i}`))];
    const exportDir = writeExport(charts);
    const out = mkdtempSync(join(tmpdir(), 'trialcds-sigkill-'));
    const common = ['--ndjson', exportDir, '--as-of', '2026-11-01', '--workers', '1', '--no-report', '--progress-interval', '60'];

    const whole = join(out, 'whole.ndjson');
    expect(await screenProcess([...common, '--out', whole])).toBe(0);

    const broken = join(out, 'broken.ndjson');
    const killed = await screenProcess([...common, '--out', broken], () => lineCount(broken) >= 40);
    expect(killed).toBeNull();
    const before = lineCount(broken);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(charts.length);

    expect(await screenProcess([...common, '--out', broken, '--resume'])).toBe(0);
    const expected = resultsByPatient(whole);
    const resumed = resultsByPatient(broken);
    expect([...resumed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [patient, result] of expected) expect(resumed.get(patient)).toEqual(result);
  }, 240_000);
});
