// Hooks evaluate in the worker pool, off the event loop, under a hard deadline (issues 13 and 21):
// a pathological chart past the deadline gets a 503 OperationOutcome and its worker is replaced;
// a normal chart sent at the same time answers in normal time; discovery answers while the
// workers are busy; the pool's reports are the in-process engine's.
import { readFileSync } from 'node:fs';
import type { Condition } from 'fhir/r4';
import { EvaluationPool, evaluationWorkerScript } from '../../../src/engine/pool/evaluation-pool.js';
import { PooledEngine } from '../../../src/engine/pool/pooled-engine.js';
import { ReloadableEngine } from '../../../src/engine/reloadable-engine.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { PROJECT_ROOT } from '../../../src/project-paths.js';
import { call, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';

const script = evaluationWorkerScript();
if (!script) process.stderr.write('skipping the evaluation-pool tests: no dist/src/engine/pool/evaluation-worker.js (run npm run build)\n');

const request = JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/hook-request.json`, 'utf8'));
const DEADLINE_MS = 1500;

/** 60 000 active SLE Conditions: seconds of evaluation even compiled, far past the deadline. */
function pathological(): unknown {
  const patientId = request.context.patientId;
  const entry = Array.from({ length: 60_000 }, (_, i) => ({
    resource: {
      resourceType: 'Condition',
      id: `c${i}`,
      subject: { reference: `Patient/${patientId}` },
      clinicalStatus: { coding: [{ code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '55464009' }] },
      onsetDateTime: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`,
    } satisfies Condition,
  }));
  return { ...request, hookInstance: 'f4b1b7a0-0000-4000-8000-000000000001', prefetch: { ...request.prefetch, condition: { resourceType: 'Bundle', type: 'searchset', entry } } };
}

(script ? describe : describe.skip)('the evaluation pool behind the hooks', () => {
  let inProcess: LoadedEngine;
  let pool: EvaluationPool;
  let cds: RunningCds;

  beforeAll(async () => {
    inProcess = await loadEngine();
    pool = await EvaluationPool.create({ engine: {}, threads: 2 });
    const engine = new PooledEngine(new ReloadableEngine(inProcess, () => loadEngine()), pool);
    cds = await startCds({
      engine,
      expandValueSet: (url) => inProcess.valueSets.get(url)?.codes,
      config: testConfig({ requestDeadlineMs: DEADLINE_MS, bodyLimit: '20mb' }),
    });
  });
  afterAll(async () => {
    await cds?.close();
    await pool?.close();
  });

  test('a chart past the deadline gets a 503; a normal one sent with it answers; the pool goes on', async () => {
    const started = Date.now();
    const [slow, normal] = await Promise.all([
      call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: pathological() }),
      call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: request }),
    ]);
    expect(normal.status).toBe(200);
    expect(normal.body.cards.length).toBeGreaterThan(0);
    expect(slow.status).toBe(503);
    expect(slow.body.resourceType).toBe('OperationOutcome');
    expect(slow.body.issue[0].code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 8000);
    // The worker that ran the slow chart was stopped and replaced: the pool still answers.
    const after = await call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: { ...request, hookInstance: 'f4b1b7a0-0000-4000-8000-000000000002' } });
    expect(after.status).toBe(200);
  });

  test('discovery answers while every worker is busy with a long evaluation', async () => {
    let done = false;
    const busy = Promise.all([1, 2].map(() => call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: pathological() }))).finally(() => (done = true));
    // Discovery calls for as long as the workers evaluate (the main thread only parsed and routed).
    const times: number[] = [];
    await new Promise((r) => setTimeout(r, 400));
    while (!done && times.length < 20) {
      const started = performance.now();
      expect((await call(`${cds.url}/cds-services`)).status).toBe(200);
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
    await busy;
    times.sort((a, b) => a - b);
    // In-process evaluation would hold the event loop for the whole evaluation (seconds).
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times[0]).toBeLessThan(300);
  });

  test('the pool reports what the in-process engine reports', async () => {
    const data = { patient: request.prefetch.patient, resources: request.prefetch.condition.entry.map((e: { resource: unknown }) => e.resource) };
    const options = { asOf: '2026-11-01' };
    expect(await pool.evaluate(data, options)).toEqual(await inProcess.evaluate(data, options));
  });

  test('an input error in a worker is the same user-facing error', async () => {
    await expect(pool.evaluate({ patient: request.prefetch.patient, resources: [] }, { asOf: '2026-13-45' })).rejects.toThrow(/not a calendar date/);
  });
});
