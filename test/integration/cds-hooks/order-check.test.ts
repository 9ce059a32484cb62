// The order-sign / order-select service (issue 15 part 3) over real HTTP, in the shape of the CDS
// Hooks specification's order-sign example (../shared/corpora/cds-hooks/examples-from-spec).
import { readFileSync } from 'node:fs';
import type { MedicationRequest, Patient, Resource, ServiceRequest } from 'fhir/r4';
import { createMemoryFeedbackStore } from '../../../src/cds-hooks/feedback-store.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { call, outcomeTexts, patientViewRequest, startCds, type RunningCds } from '../../support/cds-server.js';
import { bundledEngine, expanderOf, prefetchFor, slePatientChart } from '../../support/real-engine.js';
import { hasShared, sharedPath } from '../../support/shared.js';

const EXAMPLE = ['corpora', 'cds-hooks', 'examples-from-spec', 'HL7-cds-hooks_input_pagecontent_index__04__request-order-sign.json'] as const;
const present = hasShared(...EXAMPLE);

interface Card {
  uuid: string;
  summary: string;
  detail: string;
  indicator: string;
  source: { label: string; url?: string; topic: { code: string } };
  suggestions: { label: string; uuid: string; actions?: { type: string; resourceId?: string[] }[] }[];
  overrideReasons: { code: string }[];
}

const rituximabDraft = (patientId: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id: 'draft‑rx‑1', // the spec example's id, with its non-ASCII hyphens
  status: 'draft',
  intent: 'order',
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '121191', display: 'rituximab' }], text: 'rituximab' },
  subject: { reference: `Patient/${patientId}` },
});

const mmrDraft = (patientId: string): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  id: 'draft-mmr',
  status: 'draft',
  intent: 'order',
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '03', display: 'measles, mumps and rubella virus vaccine' }] },
  subject: { reference: `Patient/${patientId}` },
});

(present ? describe : describe.skip)('trial-order-check (order-sign, order-select) over HTTP', () => {
  let engine: LoadedEngine;
  let cds: RunningCds;
  const store = createMemoryFeedbackStore();
  const { asOf, patient, resources } = slePatientChart();
  let prefetch: Record<string, unknown>;

  /** The spec's order-sign example, with our patient, our prefetch and the given draft orders. */
  function orderSign(drafts: Resource[], overrides: Record<string, unknown> = {}) {
    const example = JSON.parse(readFileSync(sharedPath(...EXAMPLE), 'utf8'));
    example.context.patientId = patient.id;
    example.context.draftOrders.entry = drafts.map((resource) => ({ resource }));
    example.prefetch = prefetch;
    return { ...example, ...overrides };
  }

  beforeAll(async () => {
    engine = await bundledEngine();
    cds = await startCds({
      engine,
      expandValueSet: expanderOf(engine),
      feedbackStore: store,
      now: () => new Date(`${asOf}T10:00:00`),
    });
    const services = (await call(`${cds.url}/cds-services`)).body.services as { id: string; hook: string; prefetch: Record<string, string> }[];
    const check = services.find((s) => s.id === 'trial-order-check')!;
    expect(check.hook).toBe('order-sign');
    expect(services.find((s) => s.id === 'trial-order-select')!.hook).toBe('order-select');
    // Prefetch as for patient-view.
    expect(check.prefetch).toEqual(services.find((s) => s.id === 'trial-eligibility')!.prefetch);
    prefetch = prefetchFor(check.prefetch, patient as Patient, resources);
  });
  afterAll(() => cds.close());

  it('warns, per trial the patient could enter, that signing rituximab closes it, until the washout lapses', async () => {
    const before = await engine.evaluate({ patient, resources }, { asOf });
    const open = before.trials.filter((t) => t.status !== 'ineligible').map((t) => t.id);
    expect(open).toContain('NCT06789107');
    const res = await call(`${cds.url}/cds-services/trial-order-check`, { body: orderSign([rituximabDraft(patient.id!)]) });
    expect(res.status).toBe(200);
    const cards: Card[] = res.body.cards;
    const card = cards.find((c) => c.source.topic.code === 'NCT06789107')!;
    // Given today (the as-of date), the 3-month anti-CD20 window lapses 3 months and a day later.
    const d = new Date(`${asOf}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 3);
    d.setUTCDate(d.getUTCDate() + 1);
    const until = d.toISOString().slice(0, 10);
    // Rituximab is anti-CD20 (E13, 3 months) and a biologic (E15, 4 weeks): the later lapse decides.
    expect(card.summary).toBe(`Ordering rituximab now makes this patient ineligible for NCT06789107 until ${until} (E13, E15)`);
    expect(card.detail).toContain('- **E15** eligible on this criterion from ');
    expect(card.summary.length).toBeLessThan(140);
    expect(card.indicator).toBe('warning');
    expect(card.detail).toContain(`- **E13** eligible on this criterion from ${until}: anti-CD19 or anti-CD20 therapy`);
    expect(card.source).toMatchObject({ label: 'NCT06789107', url: 'https://clinicaltrials.gov/study/NCT06789107' });
    expect(card.overrideReasons.map((r) => r.code)).toContain('treatment-needed-now');
    // A suggestion removes the draft (by the id the client sent), another refers to the study team.
    expect(card.suggestions[0]!.actions).toEqual([{ type: 'delete', description: 'Remove the draft order rituximab', resourceId: ['MedicationRequest/draft‑rx‑1'] }]);
    expect(card.suggestions[1]!.label).toBe('Refer to the study team for screening');
    // Only trials the patient could enter, and that the order closes, get a card.
    for (const c of cards) expect(open).toContain(c.source.topic.code);

    // Feedback works as for the other services, the removal suggestion included.
    const fb = await call(`${cds.url}/cds-services/trial-order-check/feedback`, {
      body: { feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }], outcomeTimestamp: '2026-11-01T10:05:31Z' }] },
    });
    expect(fb.status).toBe(200);
    const overridden = await call(`${cds.url}/cds-services/trial-order-check/feedback`, {
      body: { feedback: [{ card: card.uuid, outcome: 'overridden', overrideReason: { reason: { system: 'urn:trialcds:override-reason', code: 'treatment-needed-now' } }, outcomeTimestamp: '2026-11-01T10:06:00Z' }] },
    });
    expect(overridden.status).toBe(200);
  });

  it('a live vaccine ServiceRequest (CVX) counts as an immunization given today', async () => {
    const res = await call(`${cds.url}/cds-services/trial-order-check`, { body: orderSign([mmrDraft(patient.id!)]) });
    expect(res.status).toBe(200);
    const card = (res.body.cards as Card[]).find((c) => c.source.topic.code === 'NCT06789107')!;
    expect(card.summary).toMatch(/^Ordering measles, mumps and rubella virus vaccine now makes this patient ineligible for NCT06789107 until \d{4}-\d{2}-\d{2} \(E17: /);
  });

  it('the spec example as is (amoxicillin, text only) closes nothing: no cards', async () => {
    const example = JSON.parse(readFileSync(sharedPath(...EXAMPLE), 'utf8'));
    example.context.patientId = patient.id;
    const res = await call(`${cds.url}/cds-services/trial-order-check`, { body: { ...example, prefetch } });
    expect(res.status).toBe(200);
    expect(res.body.cards).toEqual([]);
  });

  it('order-select: only the selected drafts count', async () => {
    const body = orderSign([rituximabDraft(patient.id!), mmrDraft(patient.id!)], { hook: 'order-select' });
    body.context.selections = ['ServiceRequest/draft-mmr'];
    const res = await call(`${cds.url}/cds-services/trial-order-select`, { body });
    expect(res.status).toBe(200);
    const summaries = (res.body.cards as Card[]).map((c) => c.summary);
    expect(summaries.length).toBeGreaterThan(0);
    for (const s of summaries) expect(s).toMatch(/^Ordering measles, mumps and rubella virus vaccine now/);
  });

  it('draft orders count only for this service: patient-view ignores them', async () => {
    const plain = await call(`${cds.url}/cds-services/trial-eligibility`, { body: patientViewRequest(patient.id!, { prefetch }) });
    const withDrafts = patientViewRequest(patient.id!, { prefetch }) as { context: Record<string, unknown> };
    withDrafts.context.draftOrders = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: rituximabDraft(patient.id!) }] };
    const res = await call(`${cds.url}/cds-services/trial-eligibility`, { body: withDrafts });
    const topics = (r: typeof res) => (r.body.cards as Card[]).map((c) => `${c.source.topic.code} ${c.summary}`);
    expect(topics(res)).toEqual(topics(plain));
    // And a prefetched draft MedicationRequest (status draft) does not count at order-sign either.
    const drafted = { ...prefetch } as Record<string, { resourceType: string; entry?: { resource: Resource }[] } | null>;
    const key = 'medication-request';
    drafted[key] = { resourceType: 'Bundle', entry: [...(drafted[key]?.entry ?? []), { resource: rituximabDraft(patient.id!) }] };
    const signed = await call(`${cds.url}/cds-services/trial-order-check`, { body: { ...orderSign([]), prefetch: drafted } });
    expect(signed.body.cards).toEqual([]);
  });

  it('refuses an order-sign request without draftOrders, naming the member', async () => {
    const body = orderSign([]);
    delete body.context.draftOrders;
    const res = await call(`${cds.url}/cds-services/trial-order-check`, { body });
    expect(res.status).toBe(400);
    expect(outcomeTexts(res.body)[0]).toMatch(/^context\.draftOrders: must be a FHIR Bundle/);
    const wrongHook = await call(`${cds.url}/cds-services/trial-order-check`, { body: { ...orderSign([]), hook: 'patient-view' } });
    expect(wrongHook.status).toBe(400);
  });
});
