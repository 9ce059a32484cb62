// The request log over real HTTP: one line per request with method, path, status and duration —
// never a token, a query (which can name a patient), a body or an error message.
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { call, captureLogs, patientViewRequest, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';
import { bundledEngine, expanderOf, prefetchFor, slePatientChart } from '../../support/real-engine.js';

const TOKEN = 'ehr-access-token-9c1d';
const JWT_LIKE = 'eyJhbGciOiJSUzI1NiJ9.secret-claims.sig';

describe('request log', () => {
  let cds: RunningCds;
  let engine: LoadedEngine;
  const logs = captureLogs('info');
  const { patient, resources } = slePatientChart();
  const PATIENT_ID = patient.id!;

  beforeAll(async () => {
    engine = await bundledEngine();
    cds = await startCds({ engine, expandValueSet: expanderOf(engine), logger: logs.logger, config: testConfig({ logLevel: 'info' }) });
  });
  afterAll(() => cds?.close());

  const requestLines = () =>
    logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');

  it('logs method, path, status and time of each request, and no patient data or token', async () => {
    const services = (await call(`${cds.url}/cds-services`)).body.services as { id: string; prefetch: Record<string, string> }[];
    const service = services[0]!;
    await call(`${cds.url}/cds-services/${service.id}`, {
      headers: { Authorization: `Bearer ${JWT_LIKE}` },
      body: patientViewRequest(PATIENT_ID, {
        fhirServer: 'https://ehr.example.org/fhir',
        fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'x' },
        prefetch: prefetchFor(service.prefetch, patient, resources),
      }),
    });
    await call(`${cds.url}/cds-services/no-such-service?patient=${PATIENT_ID}`, { body: {} });
    await call(`${cds.url}/cds-services/${service.id}`, { rawBody: `{"context":{"patientId":"${PATIENT_ID}"` });

    const lines = requestLines();
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const notFound = lines.find((l) => (l.res as { status: number }).status === 404)!;
    expect(notFound.req).toEqual({ method: 'POST', path: '/cds-services/no-such-service' });
    expect(typeof notFound.ms).toBe('number');
    expect(lines.some((l) => (l.res as { status: number }).status === 400)).toBe(true);
    expect(lines.some((l) => (l.req as { path: string }).path === '/cds-services')).toBe(true);
    const text = logs.text();
    for (const secret of [TOKEN, JWT_LIKE, PATIENT_ID, 'secret-claims', 'authorization', 'Authorization'])
      expect(text).not.toContain(secret);
  });
});
