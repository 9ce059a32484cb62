import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createJobManager } from '../../../src/batch/job-manager.js';
import { screenPopulation, type ScreenOptions, type ScreeningInput } from '../../../src/batch/screen-population.js';
import { errorHandler } from '../../../src/cds-hooks/error-handler.js';
import { screeningRoutes } from '../../../src/cds-hooks/screening-routes.js';
import { loadConfig } from '../../../src/config.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { createLogger } from '../../../src/logging.js';
import { startFhirServer, type TestFhirServer } from '../../support/fhir-server.js';
import { AS_OF, population, screenOptions } from './fixtures.js';

let engine: LoadedEngine;
let fhir: TestFhirServer;
const charts = population();
const ids = charts.map((c) => c[0]!.id!);

beforeAll(async () => {
  engine = await loadEngine();
  fhir = await startFhirServer({ pageSize: 2, requireToken: 'secret-token' });
  await fhir.load(charts.flat());
});
afterAll(() => fhir.close());

async function screen(input: Partial<Extract<ScreeningInput, { kind: 'fhir' }>> = {}, extra: Partial<ScreenOptions> = {}) {
  const out = mkdtempSync(join(tmpdir(), 'trialcds-fhir-'));
  const summary = await screenPopulation(
    screenOptions(engine, { kind: 'fhir', baseUrl: fhir.baseUrl, token: 'secret-token', timeoutMs: 20_000, retries: 1, ...input }, out, extra),
  );
  const lines = readFileSync(join(out, 'results.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { summary, lines };
}

describe('screening a FHIR server', () => {
  it('lists every Patient across pages and fetches each one’s data with the bearer token', async () => {
    fhir.requests.length = 0;
    const { summary, lines } = await screen();
    expect(lines.map((l) => l.patient).sort()).toEqual(ids.map((id) => `Patient/${id}`).sort());
    expect(summary.patients).toMatchObject({ evaluated: ids.length, errors: 0 });
    expect(fhir.requests.some((r) => r.url.startsWith('/fhir/Patient?') && r.url.includes('_offset=4'))).toBe(true);
    expect(fhir.requests.every((r) => r.authorization === 'Bearer secret-token')).toBe(true);
    const ideal = lines.find((l) => l.patient === `Patient/${ids[0]}`);
    expect(ideal.trials.some((t: { status: string }) => t.status !== 'ineligible')).toBe(true);
  }, 180_000);

  it('writes an error line for a patient whose searches fail with 500 or time out, and goes on', async () => {
    const [failing, slow] = [ids[0]!, ids[1]!];
    fhir.requests.length = 0;
    fhir.setFault((req) => {
      if (req.url.startsWith('/fhir/Observation') && req.url.includes(failing)) return { status: 500 };
      if (req.url.startsWith('/fhir/Condition') && req.url.includes(slow)) return { delayMs: 9000 };
      return undefined;
    });
    try {
      const { summary, lines } = await screen({ timeoutMs: 8000, retries: 1 });
      const byId = new Map(lines.map((l) => [l.patient, l]));
      expect(byId.get(`Patient/${failing}`).error).toEqual({ code: 'http', message: 'search Observation: HTTP 500' });
      expect(byId.get(`Patient/${slow}`).error).toEqual({ code: 'timeout', message: 'search Condition: timed out' });
      expect(summary.patients).toMatchObject({ screened: ids.length, evaluated: ids.length - 2, errors: 2 });
      // retried once (bounded), not forever
      expect(fhir.requests.filter((r) => r.url.startsWith('/fhir/Observation') && r.url.includes(failing))).toHaveLength(2);
    } finally {
      fhir.setFault(undefined);
    }
  }, 180_000);

  it('narrows to SLE patients with --prefilter sle, and to a Group’s members', async () => {
    const pre = await screen({ prefilter: 'sle' });
    expect(pre.lines.map((l) => l.patient).sort()).toEqual(ids.filter((id) => id.startsWith('ideal')).map((id) => `Patient/${id}`).sort());
    await fhir.load([{ resourceType: 'Group', id: 'cohort', type: 'person', actual: true, member: [{ entity: { reference: 'Patient/plain-2' } }] } as never]);
    const group = await screen({ group: 'cohort' });
    expect(group.lines.map((l) => l.patient)).toEqual(['Patient/plain-2']);
  }, 180_000);
});

describe('the screening HTTP API', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const config = loadConfig({ TRIALCDS_FHIR_SERVER_ALLOWLIST: fhir.baseUrl } as NodeJS.ProcessEnv);
    const jobs = createJobManager({ engine, expand: (u) => engine.valueSets.get(u)?.codes, jobsDir: mkdtempSync(join(tmpdir(), 'trialcds-jobs-')) });
    const app = express();
    const logger = createLogger('silent');
    app.use('/screening-jobs', screeningRoutes({ engine, config, logger, expandValueSet: (u) => engine.valueSets.get(u)?.codes, screeningJobs: jobs }));
    app.use(errorHandler(logger));
    server = app.listen(0, '127.0.0.1');
    // The job evaluates on this thread: keep polling sockets open across a long evaluation.
    server.keepAliveTimeout = 120_000;
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const post = (body: unknown) => fetch(`${base}/screening-jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('starts a job, reports progress, then serves results, the worklists, summary and the HTML report', async () => {
    const res = await post({ fhirServer: fhir.baseUrl, fhirAuthorization: { access_token: 'secret-token' }, prefilter: 'sle', asOf: AS_OF });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/screening-jobs\/[0-9a-f-]{36}$/);
    type JobJson = { state: string; summary: { patients: { evaluated: number } } };
    let job = (await (await fetch(base + location)).json()) as JobJson;
    for (let i = 0; i < 300 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await (await fetch(base + location)).json()) as JobJson;
    }
    expect(job.state).toBe('completed');
    expect(job.summary.patients.evaluated).toBe(3);
    const results = await fetch(`${base}${location}/results`);
    expect(results.headers.get('content-type')).toMatch(/ndjson/);
    expect((await results.text()).trim().split('\n')).toHaveLength(3);
    expect((await (await fetch(`${base}${location}/worklist`)).text())).toMatch(/^patient,trial,status/);
    // The people's lists: one row per patient, candidates and ineligible apart, each saying it holds patient data.
    for (const list of ['candidates', 'ineligible']) {
      const csv = await fetch(`${base}${location}/${list}`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(await csv.text()).toMatch(/^"CONTAINS PATIENT DATA [^\r]*\r\n(?:"[^\r]*\r\n)?patient,name,mrn,age,sex,/);
    }
    expect(((await (await fetch(`${base}${location}/summary`)).json()) as JobJson['summary']).patients.evaluated).toBe(3);
    const report = await fetch(`${base}${location}/report`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/html/);
    expect(report.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    const page = await report.text();
    expect(page).toMatch(/This file contains patient data/);
    expect(page).not.toContain('secret-token');
    expect((await fetch(`${base}/screening-jobs/00000000-0000-0000-0000-000000000000/report`)).status).toBe(404);
  }, 180_000);

  it('refuses a FHIR server off the allowlist, a bad body and an unknown job with an OperationOutcome', async () => {
    const off = await post({ fhirServer: 'http://169.254.169.254/fhir' });
    expect(off.status).toBe(403);
    expect(((await off.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await post({ fhirServer: 'not a url' })).status).toBe(400);
    const missing = await fetch(`${base}/screening-jobs/00000000-0000-0000-0000-000000000000`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { issue: { code: string }[] }).issue[0]!.code).toBe('not-found');
  });
});
