import { trialServiceId } from '../../../src/cds-hooks/services.js';
import { DEFAULT_CARD_SETTINGS } from '../../../src/config.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { call, outcomeTexts, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';
import { findNullOrEmpty } from '../../support/json-rules.js';
import { bundledEngine, expanderOf } from '../../support/real-engine.js';

const ALLOWED_TOKENS = new Set([
  'context.patientId',
  'context.encounterId',
  'context.userId',
  'userPractitionerId',
  'userPractitionerRoleId',
  'userPatientId',
  'userRelatedPersonId',
]);
const SPEC_MEMBERS = ['hook', 'title', 'description', 'id', 'prefetch', 'usageRequirements'];

interface Service {
  hook: string;
  id: string;
  title: string;
  description: string;
  prefetch: Record<string, string>;
}

describe('CDS Hooks discovery (GET /cds-services) with the bundled trials', () => {
  let engine: LoadedEngine;
  let cds: RunningCds;
  let services: Service[];

  beforeAll(async () => {
    engine = await bundledEngine();
    cds = await startCds({
      engine,
      expandValueSet: expanderOf(engine),
      config: testConfig({
        corsOrigins: ['https://sandbox.cds-hooks.org'],
        cards: { ...DEFAULT_CARD_SETTINGS, perTrialServices: true },
      }),
    });
    const res = await call(`${cds.url}/cds-services`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    services = res.body.services;
    expect(findNullOrEmpty(res.body)).toEqual([]);
  });
  afterAll(() => cds.close());

  it('by default lists trial-eligibility as the only patient-view service, so an EHR shows each trial once', async () => {
    const plain = await startCds({ engine, expandValueSet: expanderOf(engine) });
    try {
      const res = await call(`${plain.url}/cds-services`);
      const patientView = res.body.services.filter((s: Service) => s.hook === 'patient-view');
      expect(patientView.map((s: Service) => s.id)).toEqual(['trial-eligibility']);
    } finally {
      await plain.close();
    }
  });

  it('with TRIALCDS_PER_TRIAL_SERVICES lists trial-eligibility and one patient-view service per bundled trial, with the spec members only', () => {
    expect(services.map((s) => s.id)).toEqual([
      'trial-eligibility',
      'trial-order-check',
      'trial-order-select',
      ...engine.trials.map((t) => trialServiceId(t.manifest.id)),
    ]);
    expect(services.map((s) => s.hook)).toEqual(['patient-view', 'order-sign', 'order-select', ...engine.trials.map(() => 'patient-view')]);
    for (const s of services) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(20);
      expect(Object.keys(s).every((k) => SPEC_MEMBERS.includes(k))).toBe(true);
    }
  });

  it('asks for every resource type the trial libraries retrieve, with CDS Hooks 2.0 tokens only', () => {
    engine.trials.forEach((trial) => {
      const templates = Object.values(services.find((s) => s.id === trialServiceId(trial.manifest.id))!.prefetch);
      for (const { type } of trial.dataRequirements) {
        if (type === 'Medication') continue; // reached through _include on the medication searches
        expect(templates.some((t) => t.startsWith(`${type}/`) || t.startsWith(`${type}?`))).toBe(true);
      }
    });
    for (const s of services) {
      expect(s.prefetch.patient).toBe('Patient/{{context.patientId}}');
      for (const template of Object.values(s.prefetch)) {
        const tokens = [...template.matchAll(/\{\{\s*([^}]*)\s*\}\}/g)].map((m) => m[1]!.trim());
        expect(tokens.length).toBeGreaterThan(0);
        for (const t of tokens) expect(ALLOWED_TOKENS.has(t)).toBe(true);
        expect(template.length).toBeLessThan(8000);
      }
    }
    // Value-set code filters are used where the libraries allow it.
    const all = services.flatMap((s) => Object.values(s.prefetch));
    expect(all.some((t) => /[?&](code|vaccine-code)=[^&]+\|/.test(t))).toBe(true);
  });

  it('answers CORS requests from allowed origins only, never with credentials', async () => {
    const allowed = await call(`${cds.url}/cds-services`, {
      headers: { Origin: 'https://sandbox.cds-hooks.org' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://sandbox.cds-hooks.org');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await call(`${cds.url}/cds-services`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(`${cds.url}/cds-services/trial-eligibility`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://sandbox.cds-hooks.org',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const unlisted = await call(`${cds.url}/cds-services/trial-eligibility`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(unlisted.status).toBe(204);
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers and forbids caching', async () => {
    const res = await call(`${cds.url}/cds-services`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers unknown services, paths and methods with an OperationOutcome', async () => {
    const unknown = await call(`${cds.url}/cds-services/no-such-service`, { body: {} });
    expect(unknown.status).toBe(404);
    expect(outcomeTexts(unknown.body)[0]).toMatch(/no CDS service/);
    const path = await call(`${cds.url}/elsewhere`);
    expect(path.status).toBe(404);
    outcomeTexts(path.body);
    const method = await call(`${cds.url}/cds-services`, { method: 'DELETE' });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, OPTIONS');
    outcomeTexts(method.body);
    const get = await call(`${cds.url}/cds-services/trial-eligibility`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
