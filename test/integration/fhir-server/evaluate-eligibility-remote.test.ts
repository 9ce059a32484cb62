// $evaluate-eligibility reading the patient from a real FHIR server (medplum's in-memory router)
// with the caller's bearer token: the report equals evaluating the same chart directly.
import type { Parameters } from 'fhir/r4';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { call, outcomeTexts, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';
import { startFhirServer, type TestFhirServer } from '../../support/fhir-server.js';
import { bundledEngine, expanderOf, slePatientChart } from '../../support/real-engine.js';

const TOKEN = 'remote-eligibility-token';
const { asOf, patient, resources } = slePatientChart();
const TRIAL = 'NCT06789107';

let fhir: TestFhirServer;
let engine: LoadedEngine;
let cds: RunningCds;

beforeAll(async () => {
  fhir = await startFhirServer({ pageSize: 7, requireToken: TOKEN });
  await fhir.load([patient, ...resources]);
  engine = await bundledEngine();
  cds = await startCds({
    engine,
    expandValueSet: expanderOf(engine),
    config: testConfig({ fhir: { timeoutMs: 3000, retries: 0, maxPages: 50, serverAllowlist: [fhir.baseUrl, 'http://127.0.0.1:1/fhir'] } }),
  });
}, 60_000);
afterAll(async () => {
  await cds?.close();
  await fhir?.close();
});

const input = (server: string, token = TOKEN): Parameters => ({
  resourceType: 'Parameters',
  parameter: [
    { name: 'subject', valueString: `Patient/${patient.id}` },
    { name: 'fhirServer', valueString: server },
    { name: 'fhirAuthorization', valueString: `Bearer ${token}` },
    { name: 'asOf', valueDate: asOf },
  ],
});
const evaluate = (body: Parameters) => call(`${cds.url}/fhir/ResearchStudy/${TRIAL}/$evaluate-eligibility`, { body });

describe('ResearchStudy/$evaluate-eligibility with subject + fhirServer', () => {
  it('reads the chart with the token (paging through) and reports what direct evaluation reports', async () => {
    const res = await evaluate(input(fhir.baseUrl));
    expect(res.status).toBe(200);
    const attachment = (res.body as Parameters).parameter!.find((p) => p.name === 'report')!.valueAttachment!;
    const report = JSON.parse(Buffer.from(attachment.data!, 'base64').toString('utf8'));
    expect(report).toEqual(await engine.evaluate({ patient, resources }, { asOf, trialIds: [TRIAL] }));
    expect(fhir.requests.length).toBeGreaterThan(1);
    expect(fhir.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  }, 60_000);

  it('a token the server refuses, or a server that is not there, is an OperationOutcome naming fhirServer', async () => {
    const refused = await evaluate(input(fhir.baseUrl, 'wrong'));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(outcomeTexts(refused.body).join(' ')).toMatch(/fhirServer/);
    const gone = await evaluate(input('http://127.0.0.1:1/fhir'));
    expect(gone.status).toBeGreaterThanOrEqual(400);
    expect(outcomeTexts(gone.body).join(' ')).toMatch(/could not be read from fhirServer/);
    const offList = await evaluate(input('https://elsewhere.example/fhir'));
    expect(offList.status).toBe(403);
    expect(outcomeTexts(offList.body).join(' ')).toContain('allowlist');
  }, 60_000);
});
