import type { Resource } from 'fhir/r4';
import { leavesWithStatus, md } from '../../../src/cds-hooks/card-detail.js';
import { orderableTests } from '../../../src/cds-hooks/orderable-tests.js';
import { createMemoryFeedbackStore } from '../../../src/cds-hooks/feedback-store.js';
import type { TrialResult } from '../../../src/domain/criterion.js';
import { DEFAULT_CARD_SETTINGS } from '../../../src/config.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import {
  call,
  HOOK_INSTANCE,
  outcomeTexts,
  patientViewRequest,
  startCds,
  testConfig,
  type RunningCds,
} from '../../support/cds-server.js';
import { findNullOrEmpty } from '../../support/json-rules.js';
import {
  bundledEngine,
  expanderOf,
  prefetchFor,
  RecordingEngine,
  searchset,
  slePatientChart,
} from '../../support/real-engine.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const { asOf, patient, resources } = slePatientChart();
const older = { ...patient, birthDate: '1986-01-15' }; // 40 on the as-of date: outside ln-cart-5-35's 5–35

interface Card {
  uuid: string;
  summary: string;
  detail: string;
  indicator: string;
  source: { label: string; url?: string; topic: { system: string; code: string; display: string } };
  suggestions: {
    label: string;
    uuid: string;
    actions?: { type: string; resource?: { resourceType: string; code?: { coding?: { code: string }[] } } }[];
  }[];
  selectionBehavior: string;
  overrideReasons: { system: string; code: string; display: string }[];
  links?: { label: string; url: string; type: string }[];
}

describe('CDS Hooks service call (POST /cds-services/{id}) with the bundled trials', () => {
  let real: LoadedEngine;
  let engine: RecordingEngine;
  let cds: RunningCds;
  let templates: Record<string, string>;
  const fullPrefetch = (p = patient) => prefetchFor(templates, p, resources);
  const post = (body: unknown, service = 'trial-eligibility') =>
    call(`${cds.url}/cds-services/${service}`, { body });
  const lastReport = () => engine.calls.at(-1)!.report!;

  beforeAll(async () => {
    real = await bundledEngine();
    engine = new RecordingEngine(real);
    cds = await startCds({
      engine,
      expandValueSet: expanderOf(real),
      now: () => new Date(`${asOf}T10:00:00`),
    });
    templates = (await call(`${cds.url}/cds-services`)).body.services[0].prefetch;
  });
  afterAll(() => cds.close());

  function expectCardsAgreeWithReport(cards: Card[], trials: TrialResult[]) {
    const shown = trials.filter((t) => t.status !== 'ineligible');
    const rank = (t: TrialResult) => (t.status === 'likely-eligible' ? 0 : 1);
    const expected = shown.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i);
    expect(cards.map((c) => c.source.topic.code)).toEqual(expected.map(({ t }) => t.id));
    for (const card of cards) {
      const trial = trials.find((t) => t.id === card.source.topic.code)!;
      expect(
        card.summary.startsWith(trial.status === 'likely-eligible' ? 'Likely eligible' : 'Possibly eligible'),
      ).toBe(true);
      expect(card.source.topic.display).toBe(trial.title);
      // Brief detail (issue 15): ≤ 1 500 characters; what blocks, is missing or needs a person,
      // by leaf criterion, with its reason; the met criteria on one line with their count.
      expect(card.detail.length).toBeLessThanOrEqual(1500);
      const met = trial.criteria.filter((c) => c.status === 'pass').length;
      if (met > 0) expect(card.detail).toContain(`**Met:** ${met} criteria`);
      const folded = /… and \d+ more/.test(card.detail);
      const open = (['fail', 'unknown', 'review'] as const).flatMap((s) => leavesWithStatus(trial.criteria, s));
      if (!folded) for (const c of open) expect(card.detail).toContain(`**${c.id}**`);
      for (const c of leavesWithStatus(trial.criteria, 'unknown')) {
        if (!folded) expect(card.detail).toContain(md(c.reason.slice(0, 30)));
        // A missing test the trial's table knows is offered as a draft order.
        for (const test of orderableTests(trial.id, c.id))
          expect(card.suggestions.some((s) => s.actions?.[0]?.resource?.code?.coding?.[0]?.code === test.code)).toBe(true);
      }
      expect(card.suggestions.at(-1)!.label).toBe('Refer to the study team for screening');
    }
  }

  describe('cards', () => {
    it('returns one card per likely/possibly eligible trial, in agreement with the evaluate report', async () => {
      const res = await post(patientViewRequest(patient.id!, { prefetch: fullPrefetch() }));
      expect(res.status).toBe(200);
      expect(findNullOrEmpty(res.body)).toEqual([]);
      expect(res.body.cards.length).toBeGreaterThan(0);
      expectCardsAgreeWithReport(res.body.cards, lastReport().trials);
      // The same data through evaluate() directly gives the same statuses.
      const direct = await real.evaluate({ patient, resources }, { asOf });
      expect(direct.trials.map((t) => [t.id, t.status])).toEqual(
        lastReport().trials.map((t) => [t.id, t.status]),
      );
    });

    it('fills every card member the way the spec and the contract say', async () => {
      const res = await post(patientViewRequest(patient.id!, { prefetch: fullPrefetch() }));
      const cards: Card[] = res.body.cards;
      expect(new Set(cards.map((c) => c.uuid)).size).toBe(cards.length);
      for (const card of cards) {
        expect(card.uuid).toMatch(UUID);
        expect(card.summary.length).toBeLessThan(140);
        expect(card.summary).toContain(card.source.label);
        expect(card.indicator).toBe('info');
        expect(card.source.topic.system).toBe('urn:trialcds:trial');
        expect(card.overrideReasons.map((r) => r.code)).toEqual(
          expect.arrayContaining(['not-interested', 'already-screened', 'not-appropriate']),
        );
        for (const r of card.overrideReasons) expect(r.display.length).toBeGreaterThan(0);
        // Suggestions present ⇒ selectionBehavior present (spec MUST).
        expect(card.suggestions[0]!.uuid).toMatch(UUID);
        expect(card.selectionBehavior).toBe('any');
        for (const sg of card.suggestions) expect(sg.uuid).toMatch(UUID);
        // source.url: the registry page, else our ResearchStudy (BASE_URL unset: the address called).
        const study = { label: `All criteria of ${card.source.label} (ResearchStudy)`, url: `${cds.url}/fhir/ResearchStudy/${card.source.topic.code}`, type: 'absolute' };
        if (/^NCT\d{8}$/.test(card.source.topic.code)) {
          const url = `https://clinicaltrials.gov/study/${card.source.topic.code}`;
          expect(card.source.url).toBe(url);
          expect(card.links).toEqual([{ label: `${card.source.label} on clinicaltrials.gov`, url, type: 'absolute' }, study]);
        } else {
          expect(card.source.url).toBe(study.url);
          expect(card.links).toEqual([study]);
        }

      }
    });

    it('leaves out an ineligible trial, and shows it when configured', async () => {
      const res = await post(patientViewRequest(patient.id!, { prefetch: fullPrefetch(older) }));
      expect(res.status).toBe(200);
      expect(lastReport().trials.find((t) => t.id === 'ln-cart-5-35')!.status).toBe('ineligible');
      expectCardsAgreeWithReport(res.body.cards, lastReport().trials);

      const store = createMemoryFeedbackStore();
      const recording = new RecordingEngine(real);
      const showing = await startCds({
        engine: recording,
        expandValueSet: expanderOf(real),
        feedbackStore: store,
        now: () => new Date(`${asOf}T10:00:00`),
        config: testConfig({ showIneligible: true }),
      });
      try {
        const all = await call(`${showing.url}/cds-services/trial-eligibility`, {
          body: patientViewRequest(patient.id!, { prefetch: fullPrefetch(older) }),
        });
        const lnCart = all.body.cards.find((c: Card) => c.source.topic.code === 'ln-cart-5-35');
        expect(lnCart.summary).toMatch(/^Not eligible for trial ln-cart-5-35: \d+ not met/);
        expect(lnCart.detail).toMatch(/\*\*Not met\*\* \(\d+\)/);
        expect(store.events.filter((e) => e.kind === 'card-issued')).toHaveLength(all.body.cards.length);
        // An ineligible card lists every criterion, so nothing may stop early.
        expect(recording.calls.at(-1)!.options.stopAtFirstFail).toBe(false);
      } finally {
        await showing.close();
      }
    });

    it('a per-trial service (only with TRIALCDS_PER_TRIAL_SERVICES) screens only its trial, as of the server date', async () => {
      const body = patientViewRequest(patient.id!, { prefetch: fullPrefetch() });
      // Off by default, so an EHR that calls every patient-view service shows each trial once.
      expect((await post(body, 'trial-nct06789107')).status).toBe(404);
      const perTrial = await startCds({
        engine,
        expandValueSet: expanderOf(real),
        now: () => new Date(`${asOf}T10:00:00`),
        config: testConfig({ cards: { ...DEFAULT_CARD_SETTINGS, perTrialServices: true } }),
      });
      let res;
      try {
        res = await call(`${perTrial.url}/cds-services/trial-nct06789107`, { body });
      } finally {
        await perTrial.close();
      }
      expect(res.status).toBe(200);
      // No ineligible cards by default, so a trial may stop at its first failing criterion.
      const { signal, ...options } = engine.calls.at(-1)!.options;
      expect(options).toEqual({ asOf, trialIds: ['NCT06789107'], stopAtFirstFail: true });
      // The request deadline travels with the evaluation (the worker pool stops it when it fires).
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(res.body.cards.every((c: Card) => c.source.topic.code === 'NCT06789107')).toBe(true);
    });
  });

  describe('prefetch', () => {
    const nullPrefetch = () => ({
      ...Object.fromEntries(Object.keys(templates).map((k) => [k, null])),
      patient,
    });

    it('null means "no data": nothing is fetched, even with a fhirServer', async () => {
      // Port 9 (discard) would fail any fetch: a 200 proves none was tried.
      const res = await post(
        patientViewRequest(patient.id!, { prefetch: nullPrefetch(), fhirServer: 'http://127.0.0.1:9/fhir' }),
      );
      expect(res.status).toBe(200);
      expect(engine.calls.at(-1)!.data.resources).toEqual([]);
      expectCardsAgreeWithReport(res.body.cards, lastReport().trials);
    });

    it('answers 412 with an OperationOutcome when keys are missing and there is no fhirServer', async () => {
      const partial: Record<string, unknown> = nullPrefetch();
      delete partial.observation;
      const res = await post(patientViewRequest(patient.id!, { prefetch: partial }));
      expect(res.status).toBe(412);
      expect(outcomeTexts(res.body)).toEqual([
        "prefetch 'observation' was not prefetched and the request has no fhirServer to fetch it from",
      ]);
      const none = await post(patientViewRequest(patient.id!));
      expect(none.status).toBe(412);
      expect(outcomeTexts(none.body)).toHaveLength(Object.keys(templates).length);
    });

    it('treats an error OperationOutcome or a paged Bundle as missing, not as data', async () => {
      const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] };
      const paged = { ...searchset([]), link: [{ relation: 'next', url: 'http://ehr.example/fhir?page=2' }] };
      const res = await post(
        patientViewRequest(patient.id!, {
          prefetch: { ...nullPrefetch(), observation: outcome, condition: paged },
        }),
      );
      expect(res.status).toBe(412);
      const texts = outcomeTexts(res.body).join('\n');
      expect(texts).toContain("prefetch 'condition' prefetch is a Bundle with more pages");
      expect(texts).toContain("prefetch 'observation' prefetch holds an error OperationOutcome");
    });

    it('ignores resources of another patient', async () => {
      const mine = resources.find((r) => r.resourceType === 'Condition')!;
      const theirs = {
        ...mine,
        id: 'someone-elses',
        subject: { reference: 'Patient/someone-else' },
      } as Resource;
      const prefetch = {
        ...nullPrefetch(),
        condition: searchset([mine, theirs, { ...patient, id: 'someone-else' }]),
      };
      const res = await post(patientViewRequest(patient.id!, { prefetch }));
      expect(res.status).toBe(200);
      expect(engine.calls.at(-1)!.data.resources.map((r) => r.id)).toEqual([mine.id]);
    });

    it('refuses a prefetched Patient that is not the patient in context (412)', async () => {
      const res = await post(
        patientViewRequest(patient.id!, {
          prefetch: { ...nullPrefetch(), patient: { ...patient, id: 'p2' } },
        }),
      );
      expect(res.status).toBe(412);
      expect(outcomeTexts(res.body)[0]).toMatch(/Patient resource for context.patientId/);
    });
  });

  describe('request validation (400 with an OperationOutcome naming the member)', () => {
    const auth = { access_token: 't', token_type: 'Bearer', expires_in: 300, scope: 's', subject: 'c' };
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing hook', { hook: undefined }, 'hook'],
      ['another hook', { hook: 'order-sign' }, 'hook'],
      ['hookInstance not a UUID', { hookInstance: 'abc' }, 'hookInstance'],
      ['missing context', { context: undefined }, 'context'],
      ['missing context.patientId', { context: { userId: 'Practitioner/1' } }, 'context.patientId'],
      [
        'patientId that is not a FHIR id',
        { context: { userId: 'Practitioner/1', patientId: '../Patient/x?_id=1' } },
        'context.patientId',
      ],
      ['userId not a user reference', { context: { userId: 'Device/1', patientId: 'p1' } }, 'context.userId'],
      ['fhirServer not a URL', { fhirServer: 'not a url' }, 'fhirServer'],
      [
        'fhirAuthorization without subject',
        { fhirServer: 'https://ehr.example/fhir', fhirAuthorization: { ...auth, subject: undefined } },
        'fhirAuthorization.subject',
      ],
      [
        'fhirAuthorization with a non-Bearer token_type',
        { fhirServer: 'https://ehr.example/fhir', fhirAuthorization: { ...auth, token_type: 'MAC' } },
        'fhirAuthorization.token_type',
      ],
      ['fhirAuthorization without fhirServer', { fhirAuthorization: auth }, 'fhirServer'],
      ['prefetch value that is not a resource', { prefetch: { patient: 'Patient/p1' } }, 'prefetch.patient'],
    ];
    it.each(cases)('%s', async (_name, overrides, member) => {
      const res = await post(patientViewRequest('p1', overrides));
      expect(res.status).toBe(400);
      const texts = outcomeTexts(res.body);
      expect(texts.some((t) => t.startsWith(member))).toBe(true);
      expect(res.text).not.toMatch(/\n\s+at |Error:/);
      expect(res.text).not.toContain('../Patient/x');
    });

    it('rejects a body that is not JSON, or not an object', async () => {
      const broken = await call(`${cds.url}/cds-services/trial-eligibility`, { rawBody: '{"hook": ' });
      expect(broken.status).toBe(400);
      expect(outcomeTexts(broken.body)).toEqual(['the request body is not valid JSON']);
      const array = await post([]);
      expect(array.status).toBe(400);
      outcomeTexts(array.body);
    });
  });

  it('answers 413 with an OperationOutcome for bodies over the limit', async () => {
    const small = await startCds({
      engine,
      expandValueSet: expanderOf(real),
      config: testConfig({ bodyLimit: '1kb' }),
    });
    try {
      const res = await call(`${small.url}/cds-services/trial-eligibility`, {
        body: patientViewRequest('p1', { extension: { pad: 'x'.repeat(4000) } }),
      });
      expect(res.status).toBe(413);
      outcomeTexts(res.body);
    } finally {
      await small.close();
    }
  });

  it('echoes nothing of the request in its answers', async () => {
    const res = await post(patientViewRequest('secret-patient-42'));
    expect(res.status).toBe(412);
    expect(res.text).not.toContain('secret-patient-42');
    expect(res.text).not.toContain(HOOK_INSTANCE);
  });
});
