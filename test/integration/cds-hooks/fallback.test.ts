import type { Resource } from 'fhir/r4';
import { fillTemplate } from '../../../src/data/query-templates.js';
import { createFhirClient } from '../../../src/data/fhir-client.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import {
  call,
  captureLogs,
  outcomeTexts,
  patientViewRequest,
  startCds,
  testConfig,
  type RunningCds,
} from '../../support/cds-server.js';
import { startFhirServer, type TestFhirServer } from '../../support/fhir-server.js';
import { bundledEngine, expanderOf, RecordingEngine, slePatientChart } from '../../support/real-engine.js';

const { asOf, patient, resources } = slePatientChart();
const chart: Resource[] = [patient, ...resources];
const PATIENT_ID = patient.id!;
const TOKEN = 'opaque-ehr-access-token-7f3a';

describe('prefetch fallback against a real FHIR server (medplum in-memory, paged)', () => {
  let fhir: TestFhirServer;
  let cds: RunningCds;
  let real: LoadedEngine;
  let engine: RecordingEngine;
  let templates: Record<string, string>;
  const logs = captureLogs();

  beforeAll(async () => {
    fhir = await startFhirServer({ pageSize: 5, requireToken: TOKEN });
    await fhir.load(chart);
    await fhir.load([
      {
        resourceType: 'Observation',
        id: 'other-patient-obs',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: 'Patient/someone-else' },
      } as Resource,
      {
        resourceType: 'Condition',
        id: 'asthma',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '195967001' }] },
        subject: { reference: `Patient/${PATIENT_ID}` },
      } as Resource,
    ]);
    real = await bundledEngine();
    engine = new RecordingEngine(real);
    cds = await startCds({
      engine,
      expandValueSet: expanderOf(real),
      now: () => new Date(`${asOf}T10:00:00`),
      logger: logs.logger,
      config: testConfig({ fhir: { timeoutMs: 5000, retries: 1, maxPages: 50, serverAllowlist: [] } }),
    });
    templates = (await call(`${cds.url}/cds-services`)).body.services[0].prefetch;
  });
  afterAll(async () => {
    await cds.close();
    await fhir.close();
  });
  beforeEach(() => {
    fhir.requests.length = 0;
    fhir.setFault(undefined);
  });

  const auth = {
    access_token: TOKEN,
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'patient/*.read',
    subject: 'trialcds',
  };
  const hook = (extra: Record<string, unknown> = {}) =>
    call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(PATIENT_ID, { fhirServer: fhir.baseUrl, fhirAuthorization: auth, ...extra }),
    });

  it('fetches every missing key with the bearer token and follows paging to the last page', async () => {
    const res = await hook();
    expect(res.text).not.toContain('OperationOutcome');
    expect(res.status).toBe(200);
    expect(res.body.cards.length).toBeGreaterThan(0);
    const data = engine.calls.at(-1)!.data;
    expect(data.patient.id).toBe(PATIENT_ID);
    // The server pages at 5: every page was read (compare with one unpaged query for the same template),
    // and the other patient's observation was not kept.
    const unpaged = await createFhirClient({ baseUrl: fhir.baseUrl, accessToken: TOKEN }).search(
      'Observation',
      {
        ...Object.fromEntries(
          new URLSearchParams(fillTemplate(templates.observation!, { patientId: PATIENT_ID })!.split('?')[1]),
        ),
        _count: '1000',
      },
    );
    const observations = data.resources.filter((r) => r.resourceType === 'Observation');
    expect(unpaged.length).toBeGreaterThan(5);
    expect(observations.map((r) => r.id).sort()).toEqual(unpaged.map((r) => r.id).sort());
    expect(observations.some((r) => r.id === 'other-patient-obs')).toBe(false);
    expect(fhir.requests.filter((r) => r.url.startsWith('/fhir/Observation?')).length).toBe(
      Math.ceil(unpaged.length / 5) + 1,
    );
    expect(fhir.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // The server answered the Condition template exactly: narrowed to the value sets' codes when
    // the template has a code filter (the asthma left out), every condition otherwise.
    const conditions = data.resources.filter((r) => r.resourceType === 'Condition').map((r) => r.id);
    const expected = templates.condition!.includes('code=')
      ? ['cond-1', 'cond-2']
      : ['asthma', 'cond-1', 'cond-2'];
    expect(conditions.sort()).toEqual(expected);
    // Same data, same answer as the evaluate report.
    const direct = await real.evaluate({ patient, resources }, { asOf });
    const shown = direct.trials.filter((t) => t.status !== 'ineligible').map((t) => t.id);
    expect(
      res.body.cards.map((c: { source: { topic: { code: string } } }) => c.source.topic.code).sort(),
    ).toEqual(shown.sort());
  });

  it('fetches only the keys the prefetch lacks', async () => {
    const res = await hook({ prefetch: { patient, condition: null } });
    expect(res.status).toBe(200);
    const paths = new Set(fhir.requests.map((r) => r.url.split('?')[0]));
    const missing = Object.entries(templates)
      .filter(([key]) => key !== 'patient' && key !== 'condition')
      .map(([, t]) => `/fhir/${t.split('?')[0]}`);
    expect(paths).toEqual(new Set(missing));
  });

  it('retries a 503 and then succeeds', async () => {
    let failures = 0;
    fhir.setFault((req) =>
      req.url.startsWith('/fhir/Patient') && failures++ === 0 ? { status: 503 } : undefined,
    );
    const res = await hook();
    expect(res.status).toBe(200);
    expect(fhir.requests.filter((r) => r.url.startsWith('/fhir/Patient'))).toHaveLength(2);
  });

  it('answers 412 when the FHIR server keeps failing, refuses the token, times out or lacks the patient', async () => {
    fhir.setFault((req) => (req.url.startsWith('/fhir/Observation') ? { status: 503 } : undefined));
    const failing = await hook();
    expect(failing.status).toBe(412);
    expect(outcomeTexts(failing.body)).toEqual([
      "prefetch 'observation' could not be fetched from fhirServer: search Observation: HTTP 503",
    ]);

    fhir.setFault(undefined);
    const refused = await hook({ fhirAuthorization: { ...auth, access_token: 'wrong' } });
    expect(refused.status).toBe(412);
    expect(outcomeTexts(refused.body)).toHaveLength(Object.keys(templates).length);

    fhir.setFault((req) => (req.url.startsWith('/fhir/Condition') ? { delayMs: 1200 } : undefined));
    const impatient = await startCds({
      engine,
      expandValueSet: expanderOf(real),
      config: testConfig({ fhir: { timeoutMs: 300, retries: 0, maxPages: 50, serverAllowlist: [] } }),
    });
    try {
      const slow = await call(`${impatient.url}/cds-services/trial-eligibility`, {
        body: patientViewRequest(PATIENT_ID, { fhirServer: fhir.baseUrl, fhirAuthorization: auth }),
      });
      expect(slow.status).toBe(412);
      expect(slow.body.issue.map((i: { code: string }) => i.code)).toContain('timeout');
    } finally {
      await impatient.close();
    }

    fhir.setFault(undefined);
    const unknown = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest('no-such-patient', { fhirServer: fhir.baseUrl, fhirAuthorization: auth }),
    });
    expect(unknown.status).toBe(412);
    expect(outcomeTexts(unknown.body)).toContain(
      "prefetch 'patient' could not be fetched from fhirServer: read Patient: HTTP 404",
    );
  });

  it('answers 412 when the FHIR server is unreachable or not allowed', async () => {
    const closed = await startFhirServer();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const unreachable = await hook({ fhirServer: deadUrl });
    expect(unreachable.status).toBe(412);

    const strict = await startCds({
      engine,
      expandValueSet: expanderOf(real),
      config: testConfig({
        fhir: { timeoutMs: 1000, retries: 0, maxPages: 5, serverAllowlist: ['https://ehr.example.org/'] },
      }),
    });
    try {
      const res = await call(`${strict.url}/cds-services/trial-eligibility`, {
        body: patientViewRequest(PATIENT_ID, { fhirServer: fhir.baseUrl, fhirAuthorization: auth }),
      });
      expect(res.status).toBe(403);
      expect(outcomeTexts(res.body)[0]).toMatch(/not on this service’s allowlist/);
      expect(fhir.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('never writes the access token or patient identifiers to the logs', async () => {
    await hook();
    await hook({ fhirAuthorization: { ...auth, access_token: 'wrong' } });
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PATIENT_ID);
    expect(text).toContain('hook answered');
  });
});
