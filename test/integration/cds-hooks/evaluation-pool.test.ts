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
// The service under test answers with a normal deadline; a second service over the same pool has
// this strict one, so the slow chart is stopped early while a normal chart, sent to the first at the
// same moment, needs no luck with the machine's load to answer in time.
const STRICT_DEADLINE_MS = 300;

/** 29 000 active SLE Conditions (under the default chart limits): seconds of evaluation, far past the strict deadline. */
function sleConditions(): { resource: Condition }[] {
  const patientId = request.context.patientId;
  return Array.from({ length: 29_000 }, (_, i) => ({
    resource: {
      resourceType: 'Condition',
      id: `c${i}`,
      subject: { reference: `Patient/${patientId}` },
      clinicalStatus: { coding: [{ code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '55464009' }] },
      onsetDateTime: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`,
    } satisfies Condition,
  }));
}

function pathological(): unknown {
  const entry = sleConditions();
  return { ...request, hookInstance: 'f4b1b7a0-0000-4000-8000-000000000001', prefetch: { ...request.prefetch, condition: { resourceType: 'Bundle', type: 'searchset', entry } } };
}

(script ? describe : describe.skip)('the evaluation pool behind the hooks', () => {
  let inProcess: LoadedEngine;
  let pool: EvaluationPool;
  let cds: RunningCds;
  let strict: RunningCds;

  beforeAll(async () => {
    inProcess = await loadEngine();
    pool = await EvaluationPool.create({ engine: {}, threads: 2 });
    const engine = new PooledEngine(new ReloadableEngine(inProcess, () => loadEngine()), pool);
    cds = await startCds({
      engine,
      expandValueSet: (url) => inProcess.valueSets.get(url)?.codes,
      config: testConfig({ bodyLimit: '20mb', chartLimits: { perChart: 30_000, perType: 30_000, byType: { Observation: 100 } } }),
    });
    strict = await startCds({ engine, expandValueSet: cds.deps.expandValueSet, config: testConfig({ ...cds.deps.config, requestDeadlineMs: STRICT_DEADLINE_MS }) });
  });
  afterAll(async () => {
    await strict?.close();
    await cds?.close();
    await pool?.close();
  });

  test('a chart past the deadline gets a 503; a normal one sent with it answers; the pool goes on', async () => {
    const started = Date.now();
    const [slow, normal] = await Promise.all([
      call(`${strict.url}/cds-services/trial-eligibility`, { method: 'POST', body: pathological() }),
      call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: request }),
    ]);
    expect(normal.status).toBe(200);
    expect(normal.body.cards.length).toBeGreaterThan(0);
    expect(slow.status).toBe(503);
    expect(slow.body.resourceType).toBe('OperationOutcome');
    expect(slow.body.issue[0].code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(STRICT_DEADLINE_MS + 8000);
    // The worker that ran the slow chart was stopped and replaced: the pool still answers.
    const after = await call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: { ...request, hookInstance: 'f4b1b7a0-0000-4000-8000-000000000002' } });
    expect(after.status).toBe(200);
  });

  test('Library/$evaluate runs in the pool under the same deadline: 504, and the pool goes on', async () => {
    const data = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: request.prefetch.patient }, ...sleConditions()] };
    // Every define over 29 000 Conditions takes ~1 s in a worker: past the strict deadline.
    const started = Date.now();
    const slow = await call(`${strict.url}/fhir/Library/NCT06789107/$evaluate`, {
      body: { resourceType: 'Parameters', parameter: [{ name: 'subject', valueString: `Patient/${request.context.patientId}` }, { name: 'data', resource: data }] },
    });
    expect(slow.status).toBe(504);
    expect(slow.body.issue[0].code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(STRICT_DEADLINE_MS + 8000);
    const quick = await call(`${cds.url}/fhir/Library/NCT06789107/$evaluate`, {
      body: { resourceType: 'Parameters', parameter: [{ name: 'subject', valueString: `Patient/${request.context.patientId}` }, { name: 'data', resource: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: request.prefetch.patient }] } }, { name: 'expression', valueString: 'I1' }] },
    });
    expect(quick.status).toBe(200);
    expect(quick.body.resourceType).toBe('Parameters');
  });

  test('a chart over a per-type limit gets 413 before any evaluation', async () => {
    const patientId = request.context.patientId;
    const observations = Array.from({ length: 101 }, (_, i) => ({
      resource: { resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${patientId}` } },
    }));
    const started = Date.now();
    const res = await call(`${cds.url}/cds-services/trial-eligibility`, {
      method: 'POST',
      body: { ...request, hookInstance: 'f4b1b7a0-0000-4000-8000-000000000003', prefetch: { ...request.prefetch, observation: { resourceType: 'Bundle', type: 'searchset', entry: observations } } },
    });
    expect(res.status).toBe(413);
    expect(res.body.issue[0].code).toBe('too-costly');
    expect(res.body.issue[0].details.text).toMatch(/more than 100 Observation resources.*TRIALCDS_MAX_RESOURCES_PER_TYPE/);
    expect(Date.now() - started).toBeLessThan(1500);
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
