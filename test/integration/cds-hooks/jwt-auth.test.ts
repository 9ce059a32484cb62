import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJwtAuthenticator } from '../../../src/cds-hooks/jwt-auth.js';
import { buildServices } from '../../../src/cds-hooks/services.js';
import type { AppConfig } from '../../../src/config.js';
import { bundledEngine, expanderOf, prefetchFor, slePatientChart } from '../../support/real-engine.js';
import {
  call,
  outcomeTexts,
  patientViewRequest,
  startCds,
  testConfig,
  type RunningCds,
} from '../../support/cds-server.js';
import {
  clientJwt,
  hmacJwt,
  jwks,
  signingKey,
  unsecuredJwt,
  type SigningKey,
} from '../../support/jwt-keys.js';
import { adminTokenDigest } from '../../../src/cds-hooks/admin-auth.js';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

const BASE = 'https://cds.example.org/trialcds';
const ISS_FILE = 'https://ehr-a.example.com/';
const ISS_URL = 'https://ehr-b.example.com/';
const { patient, resources } = slePatientChart();

describe('CDS Hooks JWT authentication (trusted issuers configured)', () => {
  let dir: string;
  let jwksFile: string;
  let es384: SigningKey;
  let rs384: SigningKey;
  let urlKey: SigningKey;
  let jwksServer: Server;
  let servedJwks: { keys: unknown[] };
  let cds: RunningCds;
  let prefetch: Record<string, unknown>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trialcds-jwks-'));
    jwksFile = join(dir, 'jwks.json');
    [es384, rs384, urlKey] = await Promise.all([
      signingKey('ES384'),
      signingKey('RS384'),
      signingKey('ES384'),
    ]);
    await writeFile(jwksFile, JSON.stringify(jwks(es384, rs384)));
    servedJwks = jwks(urlKey);
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(servedJwks));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    const auth: AppConfig['auth'] = {
      mode: 'jwt',
      issuers: [
        { iss: ISS_FILE, jwks: { kind: 'file', path: jwksFile } },
        { iss: ISS_URL, jwks: { kind: 'url', url: jwksUrl } },
      ],
      maxLifetimeSeconds: 300,
      clockToleranceSeconds: 5,
    };
    const engine = await bundledEngine();
    cds = await startCds({
      engine,
      expandValueSet: expanderOf(engine),
      config: testConfig({ auth, baseUrl: BASE, corsOrigins: ['https://sandbox.cds-hooks.org'], adminTokenDigest: adminTokenDigest(ADMIN_TOKEN) }),
      // Production defaults wait 30 s between key refreshes; the test rotates keys at once.
      authenticator: createJwtAuthenticator(auth, { refreshCooldownMs: 0 }),
    });
    prefetch = prefetchFor(buildServices(engine.trials, expanderOf(engine))[0]!.prefetch, patient, resources);
  });
  afterAll(async () => {
    await cds.close();
    await new Promise((r) => jwksServer.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const discovery = (token?: string) =>
    call(`${cds.url}/cds-services`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  const aud = (path: string) => `${BASE}${path}`;
  async function expect401(res: Awaited<ReturnType<typeof call>>) {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    // No detail: every refusal reads the same.
    expect(outcomeTexts(res.body)).toEqual(['authentication required']);
  }

  it('accepts ES384 and RS384 tokens whose aud is the exact endpoint URL', async () => {
    expect(
      (await discovery(await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services') }))).status,
    ).toBe(200);
    expect(
      (await discovery(await clientJwt(rs384, { iss: ISS_FILE, aud: [aud('/cds-services')] }))).status,
    ).toBe(200);
    const token = await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services/trial-eligibility') });
    const hook = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patient.id!, { prefetch }),
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(hook.status).toBe(200);
  });

  it('requires a token on every endpoint', async () => {
    await expect401(await discovery());
    await expect401(
      await call(`${cds.url}/cds-services/trial-eligibility`, {
        body: patientViewRequest(patient.id!, { prefetch }),
      }),
    );
    await expect401(
      await call(`${cds.url}/cds-services/trial-eligibility/feedback`, { body: { feedback: [] } }),
    );
    await expect401(await discovery('not-a-jwt'));
  });

  it('guards /fhir and /admin the same way, except the public CapabilityStatement', async () => {
    expect((await call(`${cds.url}/fhir/metadata`)).status).toBe(200);
    await expect401(await call(`${cds.url}/fhir/ResearchStudy`));
    await expect401(await call(`${cds.url}/fhir/$cql`, { body: { resourceType: 'Parameters', parameter: [{ name: 'expression', valueString: '1' }] } }));
    await expect401(await call(`${cds.url}/fhir`, { body: { resourceType: 'Bundle', type: 'transaction' } }));
    await expect401(await call(`${cds.url}/admin/reload`, { body: {} }));
    const token = await clientJwt(es384, { iss: ISS_FILE, aud: aud('/fhir/ResearchStudy') });
    const studies = await call(`${cds.url}/fhir/ResearchStudy`, { headers: { Authorization: `Bearer ${token}` } });
    expect(studies.status).toBe(200);
    expect(studies.body.total).toBe(3);
  });

  it('opens /admin and the trial upload only with the admin token, never with a CDS-client JWT', async () => {
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    const cdsToken = await clientJwt(es384, { iss: ISS_FILE, aud: aud('/admin/feedback') });
    await expect401(await call(`${cds.url}/admin/feedback`, { headers: bearer(cdsToken) }));
    const uploadToken = await clientJwt(es384, { iss: ISS_FILE, aud: aud('/fhir') });
    await expect401(await call(`${cds.url}/fhir`, { body: { resourceType: 'Bundle', type: 'transaction' }, headers: bearer(uploadToken) }));
    await expect401(await call(`${cds.url}/admin/feedback`, { headers: bearer(`${ADMIN_TOKEN}x`) }));
    const report = await call(`${cds.url}/admin/feedback`, { headers: bearer(ADMIN_TOKEN) });
    expect(report.status).toBe(200);
    expect(report.body.trials).toBeDefined();
    // The admin token is no CDS-client credential either.
    await expect401(await discovery(ADMIN_TOKEN));
  });

  it('refuses a hook naming an unlisted fhirServer in production (it would receive the token), unless the operator opts in', async () => {
    const withoutPrefetch = { ...patientViewRequest(patient.id!), fhirServer: 'https://attacker.example/fhir', fhirAuthorization: { access_token: 'ehr-token', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'trialcds' } };
    const hookCall = async (target: RunningCds) =>
      call(`${target.url}/cds-services/trial-eligibility`, {
        body: withoutPrefetch,
        headers: { Authorization: `Bearer ${await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services/trial-eligibility') })}` },
      });
    const refused = await hookCall(cds);
    expect(refused.status).toBe(403);
    expect(outcomeTexts(refused.body).join(' ')).toMatch(/TRIALCDS_FHIR_SERVER_ALLOWLIST/);
    const engine = await bundledEngine();
    const auth = cds.deps.config.auth as Extract<AppConfig['auth'], { mode: 'jwt' }>;
    const optedIn = await startCds({
      engine,
      expandValueSet: expanderOf(engine),
      config: testConfig({ auth, baseUrl: BASE, fhir: { ...testConfig().fhir, timeoutMs: 300, retries: 0, allowUnlistedHookServers: true } }),
      authenticator: createJwtAuthenticator(auth, { refreshCooldownMs: 0 }),
    });
    try {
      // Allowed now: the fetch is attempted (the host does not resolve), so the answer is 412, not 403.
      const fetched = await hookCall(optedIn);
      expect(fetched.status).toBe(412);
    } finally {
      await optedIn.close();
    }
  });

  it('keeps /admin off when no admin token is configured', async () => {
    const engine = await bundledEngine();
    const auth = cds.deps.config.auth;
    const bare = await startCds({ engine, expandValueSet: expanderOf(engine), config: testConfig({ auth, baseUrl: BASE }), authenticator: createJwtAuthenticator(auth as Extract<AppConfig['auth'], { mode: 'jwt' }>) });
    try {
      const res = await call(`${bare.url}/admin/feedback`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).toBe(403);
      expect(outcomeTexts(res.body)[0]).toMatch(/TRIALCDS_ADMIN_TOKEN/);
    } finally {
      await bare.close();
    }
  });

  it('refuses alg none and HMAC tokens', async () => {
    const claims = {
      iss: ISS_FILE,
      aud: aud('/cds-services'),
      exp: Math.floor(Date.now() / 1000) + 60,
      iat: Math.floor(Date.now() / 1000),
      jti: 'x1',
    };
    await expect401(await discovery(unsecuredJwt(claims, es384.kid)));
    await expect401(await discovery(await hmacJwt({ ...claims, jti: 'x2' }, es384.kid)));
  });

  it('refuses a token for another endpoint (wrong aud)', async () => {
    await expect401(
      await discovery(await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services/trial-eligibility') })),
    );
    await expect401(
      await discovery(await clientJwt(es384, { iss: ISS_FILE, aud: 'https://other.example/cds-services' })),
    );
    const feedbackToken = await clientJwt(es384, {
      iss: ISS_FILE,
      aud: aud('/cds-services/trial-eligibility'),
    });
    await expect401(
      await call(`${cds.url}/cds-services/trial-eligibility/feedback`, {
        body: { feedback: [] },
        headers: { Authorization: `Bearer ${feedbackToken}` },
      }),
    );
  });

  it('refuses expired, future-issued, overlong and incomplete tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(
      await discovery(
        await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services'), nowS: now - 600, expiresInS: 60 }),
      ),
    );
    await expect401(
      await discovery(
        await clientJwt(es384, {
          iss: ISS_FILE,
          aud: aud('/cds-services'),
          iatOffsetS: 120,
          expiresInS: 240,
        }),
      ),
    );
    await expect401(
      await discovery(await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services'), expiresInS: 3600 })),
    );
    for (const omit of ['exp', 'iat', 'jti', 'kid'] as const) {
      await expect401(
        await discovery(await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services'), omit: [omit] })),
      );
    }
  });

  it('refuses a replayed token (same jti)', async () => {
    const token = await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services') });
    expect((await discovery(token)).status).toBe(200);
    await expect401(await discovery(token));
    const sameJti = await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services'), jti: 'fixed-jti' });
    expect((await discovery(sameJti)).status).toBe(200);
    await expect401(
      await discovery(await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services'), jti: 'fixed-jti' })),
    );
  });

  it('refuses unknown issuers, unknown kids and keys of another issuer', async () => {
    await expect401(
      await discovery(
        await clientJwt(es384, { iss: 'https://stranger.example/', aud: aud('/cds-services') }),
      ),
    );
    await expect401(
      await discovery(
        await clientJwt(es384, { iss: ISS_FILE, aud: aud('/cds-services'), kid: 'no-such-kid' }),
      ),
    );
    const stranger = await signingKey('ES384', es384.kid);
    await expect401(await discovery(await clientJwt(stranger, { iss: ISS_FILE, aud: aud('/cds-services') })));
    await expect401(await discovery(await clientJwt(urlKey, { iss: ISS_FILE, aud: aud('/cds-services') })));
  });

  it('picks up rotated keys from a JWKS file and a JWKS URL', async () => {
    const next = await signingKey('ES384');
    await expect401(await discovery(await clientJwt(next, { iss: ISS_FILE, aud: aud('/cds-services') })));
    await writeFile(jwksFile, JSON.stringify(jwks(es384, rs384, next)));
    expect(
      (await discovery(await clientJwt(next, { iss: ISS_FILE, aud: aud('/cds-services') }))).status,
    ).toBe(200);

    expect(
      (await discovery(await clientJwt(urlKey, { iss: ISS_URL, aud: aud('/cds-services') }))).status,
    ).toBe(200);
    const rotated = await signingKey('RS384');
    servedJwks = jwks(rotated);
    expect(
      (await discovery(await clientJwt(rotated, { iss: ISS_URL, aud: aud('/cds-services') }))).status,
    ).toBe(200);
  });

  it('lets CORS preflights through without a token', async () => {
    const res = await call(`${cds.url}/cds-services`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://sandbox.cds-hooks.org',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
  });
});
