import { leavesWithStatus } from '../../../src/cds-hooks/card-detail.js';
import { readFileSync } from 'node:fs';
import type { Bundle, Patient, Resource } from 'fhir/r4';
import { createFhirClient } from '../../../src/data/fhir-client.js';
import type { EligibilityReport } from '../../../src/domain/criterion.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { fillTemplate } from '../../../src/data/query-templates.js';
import { call, patientViewRequest, startCds, type RunningCds } from '../../support/cds-server.js';
import { startFhirServer, type TestFhirServer } from '../../support/fhir-server.js';
import { findNullOrEmpty } from '../../support/json-rules.js';

/**
 * The CDS Hooks service over real HTTP with the real engine and the bundled trials: the cards
 * must say what the eligibility report says for the same data, whether the data came as prefetch
 * or from the FHIR server.
 */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sle-patient.json', import.meta.url), 'utf8')) as {
  asOf: string;
  bundle: Bundle;
};
const chart: Resource[] = fixture.bundle.entry!.map((e) => e.resource!);
const patient = chart.find((r): r is Patient => r.resourceType === 'Patient')!;

interface Card {
  uuid: string;
  summary: string;
  detail: string;
  source: { label: string; topic: { code: string; display: string } };
}

describe('CDS Hooks with the real engine and the bundled trials', () => {
  let engine: LoadedEngine;
  let fhir: TestFhirServer;
  let cds: RunningCds;
  let templates: Record<string, string>;

  beforeAll(async () => {
    engine = await loadEngine();
    fhir = await startFhirServer({ pageSize: 10 });
    await fhir.load(chart);
    cds = await startCds({
      engine,
      expandValueSet: (url) => engine.valueSets.get(url)?.codes,
      now: () => new Date(`${fixture.asOf}T12:00:00`),
    });
    const discovery = await call(`${cds.url}/cds-services`);
    templates = discovery.body.services.find((s: { id: string }) => s.id === 'trial-eligibility').prefetch;
  });
  afterAll(async () => {
    await cds?.close();
    await fhir?.close();
  });

  /** What an EHR would prefetch: each template run against its FHIR server. */
  async function prefetchFromServer(): Promise<Record<string, Resource | Bundle>> {
    const client = createFhirClient({ baseUrl: fhir.baseUrl });
    const out: Record<string, Resource | Bundle> = {};
    for (const [key, template] of Object.entries(templates)) {
      const got = await client.get(fillTemplate(template, { patientId: patient.id })!);
      out[key] =
        got.kind === 'resource'
          ? got.resource
          : ({
              resourceType: 'Bundle',
              type: 'searchset',
              entry: got.resources.map((resource) => ({ resource })),
            } as Bundle);
    }
    return out;
  }

  function expectCardsMatchReport(cards: Card[], report: EligibilityReport) {
    const shown = report.trials.filter((t) => t.status !== 'ineligible');
    expect(cards.map((c) => c.source.topic.code).sort()).toEqual(shown.map((t) => t.id).sort());
    for (const card of cards) {
      const trial = report.trials.find((t) => t.id === card.source.topic.code)!;
      expect(card.source.topic.display).toBe(trial.title);
      expect(
        card.summary.startsWith(trial.status === 'likely-eligible' ? 'Likely eligible' : 'Possibly eligible'),
      ).toBe(true);
      expect(card.detail.length).toBeLessThanOrEqual(1500);
      if (!/… and \d+ more/.test(card.detail))
        for (const s of ['fail', 'unknown', 'review'] as const)
          for (const c of leavesWithStatus(trial.criteria, s)) expect(card.detail).toContain(`**${c.id}**`);
      const met = trial.criteria.filter((c) => c.status === 'pass').length;
      if (met > 0) expect(card.detail).toContain(`**Met:** ${met} criteria`);
    }
  }

  it('advertises a prefetch template for every resource type the libraries retrieve', () => {
    const types = new Set(engine.trials.flatMap((t) => t.dataRequirements.map((r) => r.type)));
    for (const type of types) {
      if (type === 'Medication') continue;
      expect(Object.values(templates).some((t) => t.startsWith(`${type}/`) || t.startsWith(`${type}?`))).toBe(
        true,
      );
    }
  });

  it('gives the same answer from prefetch and from the FHIR server, and it matches the evaluate report', async () => {
    const report = await engine.evaluate(
      { patient, resources: chart.filter((r) => r !== patient) },
      { asOf: fixture.asOf },
    );
    const prefetched = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patient.id!, { prefetch: await prefetchFromServer() }),
    });
    expect(prefetched.status).toBe(200);
    expect(findNullOrEmpty(prefetched.body)).toEqual([]);
    expectCardsMatchReport(prefetched.body.cards, report);
    // Every card's source links somewhere that answers: the registry page (not fetched here) or our ResearchStudy.
    for (const card of prefetched.body.cards as { source: { url?: string } }[]) {
      expect(card.source.url).toBeDefined();
      if (card.source.url!.startsWith(cds.url)) expect((await call(card.source.url!)).status).toBe(200);
    }

    const fetched = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patient.id!, { fhirServer: fhir.baseUrl }),
    });
    expect(fetched.status).toBe(200);
    const summaries = (r: typeof fetched) =>
      r.body.cards.map((c: Card) => `${c.source.topic.code} ${c.summary}`).sort();
    expect(summaries(fetched)).toEqual(summaries(prefetched));
  });

  it('leaves out a trial the patient is ineligible for (age 40 is outside ln-cart-5-35)', async () => {
    const older = { ...patient, birthDate: '1986-01-15' };
    const prefetch = { ...(await prefetchFromServer()), patient: older };
    const res = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patient.id!, { prefetch }),
    });
    expect(res.status).toBe(200);
    const report = await engine.evaluate(
      { patient: older, resources: chart.filter((r) => r !== patient) },
      { asOf: fixture.asOf },
    );
    expect(report.trials.find((t) => t.id === 'ln-cart-5-35')!.status).toBe('ineligible');
    expectCardsMatchReport(res.body.cards, report);
  });
});
