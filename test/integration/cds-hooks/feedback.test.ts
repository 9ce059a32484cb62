import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNdjsonFeedbackStore, summarizeFeedback } from '../../../src/cds-hooks/feedback-store.js';
import { bundledEngine, expanderOf, prefetchFor, slePatientChart } from '../../support/real-engine.js';
import {
  call,
  outcomeTexts,
  patientViewRequest,
  startCds,
  type RunningCds,
} from '../../support/cds-server.js';
import { runTrialcds } from '../../support/run-cli.js';

describe('CDS Hooks feedback (POST /cds-services/{id}/feedback)', () => {
  let dir: string;
  let storePath: string;
  let cds: RunningCds;
  let prefetch: Record<string, unknown>;
  let patientId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trialcds-feedback-'));
    storePath = join(dir, 'nested', 'feedback.ndjson');
    const engine = await bundledEngine();
    cds = await startCds({
      engine,
      expandValueSet: expanderOf(engine),
      feedbackStore: createNdjsonFeedbackStore(storePath),
    });
    const templates: Record<string, string> = (await call(`${cds.url}/cds-services`)).body.services[0]
      .prefetch;
    const { patient, resources } = slePatientChart();
    patientId = patient.id!;
    prefetch = prefetchFor(templates, patient, resources);
  });
  afterAll(async () => {
    await cds.close();
    await rm(dir, { recursive: true, force: true });
  });

  const feedback = (body: unknown) => call(`${cds.url}/cds-services/trial-eligibility/feedback`, { body });

  it('stores accepted and overridden feedback durably, joined to the trial of the card', async () => {
    const hook = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patientId, { prefetch }),
    });
    const card = hook.body.cards[0];
    const accepted = await feedback({
      feedback: [
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: card.suggestions[0].uuid }],
          outcomeTimestamp: '2026-11-01T10:05:31Z',
        },
      ],
    });
    expect(accepted.status).toBe(200);
    const reason = card.overrideReasons[1];
    const overridden = await feedback({
      feedback: [
        {
          card: card.uuid,
          outcome: 'overridden',
          overrideReason: { reason, userComment: 'Screened last month' },
          outcomeTimestamp: '2026-11-01T10:06:00Z',
        },
      ],
    });
    expect(overridden.status).toBe(200);
    // Repeated feedback for the same card is accepted and kept.
    expect(
      (
        await feedback({
          feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: '2026-11-01T10:07:00Z' }],
        })
      ).status,
    ).toBe(200);

    // A fresh store instance reads what the first one wrote: the file is the record.
    const summary = summarizeFeedback(await createNdjsonFeedbackStore(storePath).readAll());
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({
      cardUuid: card.uuid,
      serviceId: 'trial-eligibility',
      trialId: card.source.topic.code,
      trialStatus: card.summary.startsWith('Likely') ? 'likely-eligible' : 'possibly-eligible',
    });
    expect(summary[0]!.feedback.map((f) => f.outcome)).toEqual(['accepted', 'overridden', 'overridden']);
    expect(summary[0]!.feedback[0]!.acceptedSuggestions).toEqual([card.suggestions[0].uuid]);
    expect(summary[0]!.feedback[1]).toMatchObject({
      overrideReason: { code: 'already-screened' },
      userComment: 'Screened last month',
    });
  });

  it('GET /admin/feedback and `trialcds feedback` count per trial by the latest answer, with no patient data', async () => {
    const report = await call(`${cds.url}/admin/feedback`);
    expect(report.status).toBe(200);
    const trials = report.body.trials as { trialId: string; cardsIssued: number; accepted: number; overridden: number; withoutFeedback: number }[];
    const answered = trials.filter((t) => t.accepted + t.overridden > 0);
    // The card above was accepted, then overridden twice: its latest answer is an override.
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ accepted: 0, overridden: 1 });
    expect(answered[0]!.cardsIssued).toBeGreaterThanOrEqual(1);
    expect(report.text).not.toContain(patientId);
    expect(report.text).not.toContain('Screened last month');
    const cli = await runTrialcds('feedback', '--store', storePath, '--format', 'json');
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(report.body);
    const table = await runTrialcds('feedback', '--store', storePath);
    expect(table.stdout).toMatch(new RegExp(`${answered[0]!.trialId}\\s+\\d+\\s+0\\s+1\\s`));
    expect((await runTrialcds('feedback', '--store', join(dir, 'absent.ndjson'))).code).toBe(2);
  });

  it('refuses the specification examples: their cards were never issued here, and nothing is stored', async () => {
    const before = (await createNdjsonFeedbackStore(storePath).readAll()).length;
    const res = await feedback({
      feedback: [
        {
          card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
          outcome: 'accepted',
          acceptedSuggestions: [{ id: 'e56e1945-20b3-4393-8503-a1a20fd73152' }],
          outcomeTimestamp: '2021-12-11T10:05:31Z',
        },
        {
          card: '9368d37b-283f-44a0-93ea-547cebab93ed',
          outcome: 'overridden',
          overrideReason: {
            reason: { code: 'd7ecf885', system: 'https://example.com/cds-hooks/override-reason-system' },
            userComment: 'A comment entered by the clinician.',
          },
          outcomeTimestamp: '2020-12-11T00:00:00Z',
        },
      ],
    });
    expect(res.status).toBe(404);
    expect(outcomeTexts(res.body)).toEqual([
      'feedback[0].card: this service issued no such card (or no longer keeps it)',
      'feedback[1].card: this service issued no such card (or no longer keeps it)',
    ]);
    expect((await createNdjsonFeedbackStore(storePath).readAll()).length).toBe(before);
  });

  it('refuses an accepted suggestion that is not the card\'s own', async () => {
    const hook = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patientId, { prefetch, hookInstance: 'a1577c69-dfbe-44ad-ba6d-3e05e953b2e0' }),
    });
    const card = hook.body.cards[0];
    const res = await feedback({
      feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: '4e0a3a1e-3283-4575-ab82-028d55fe2719' }], outcomeTimestamp: '2026-11-01T10:05:31Z' }],
    });
    expect(res.status).toBe(400);
    expect(outcomeTexts(res.body)).toEqual(['feedback[0].acceptedSuggestions[0].id: not a suggestion of this card']);
  });

  it('accepts every suggestion of a card: the draft orders and the referral (issue 15)', async () => {
    // Without any Observation, lab criteria are unknown: their tests are suggested as draft orders.
    const noLabs = Object.fromEntries(
      Object.entries(prefetch).map(([k, v]) => {
        const b = v as { resourceType?: string; entry?: { resource: { resourceType: string } }[] } | null;
        return [k, b?.resourceType === 'Bundle' ? { ...b, entry: (b.entry ?? []).filter((e) => e.resource.resourceType !== 'Observation') } : b];
      }),
    );
    const hook = await call(`${cds.url}/cds-services/trial-eligibility`, {
      body: patientViewRequest(patientId, { prefetch: noLabs, hookInstance: 'b2577c69-dfbe-44ad-ba6d-3e05e953b2e1' }),
    });
    const card = hook.body.cards.find((c: { suggestions: unknown[] }) => c.suggestions.length > 1);
    expect(card).toBeDefined();
    const res = await feedback({
      feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: card.suggestions.map((s: { uuid: string }) => ({ id: s.uuid })), outcomeTimestamp: '2026-11-01T10:05:31Z' }],
    });
    expect(res.status).toBe(200);
  });

  const invalid: [string, unknown, string][] = [
    ['no feedback array', { card: '4e0a3a1e-3283-4575-ab82-028d55fe2719' }, 'feedback'],
    ['an empty feedback array', { feedback: [] }, 'feedback'],
    [
      'a card that is not a uuid',
      { feedback: [{ card: 'card-1', outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] },
      'feedback.0.card',
    ],
    [
      'an unknown outcome',
      {
        feedback: [
          {
            card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
            outcome: 'rejected',
            outcomeTimestamp: '2020-12-11T00:00:00Z',
          },
        ],
      },
      'feedback.0.outcome',
    ],
    [
      'no outcomeTimestamp',
      { feedback: [{ card: '4e0a3a1e-3283-4575-ab82-028d55fe2719', outcome: 'overridden' }] },
      'feedback.0.outcomeTimestamp',
    ],
    [
      'a timestamp that is not ISO 8601',
      {
        feedback: [
          {
            card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
            outcome: 'overridden',
            outcomeTimestamp: 'yesterday',
          },
        ],
      },
      'feedback.0.outcomeTimestamp',
    ],
    [
      'accepted without acceptedSuggestions',
      {
        feedback: [
          {
            card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
            outcome: 'accepted',
            outcomeTimestamp: '2020-12-11T00:00:00Z',
          },
        ],
      },
      'feedback.0.acceptedSuggestions',
    ],
    [
      'an override reason without display-able content',
      {
        feedback: [
          {
            card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
            outcome: 'overridden',
            overrideReason: {},
            outcomeTimestamp: '2020-12-11T00:00:00Z',
          },
        ],
      },
      'feedback.0.overrideReason',
    ],
  ];
  it.each(invalid)('rejects %s with a 400 OperationOutcome', async (_name, body, member) => {
    const before = (await createNdjsonFeedbackStore(storePath).readAll()).length;
    const res = await feedback(body);
    expect(res.status).toBe(400);
    expect(outcomeTexts(res.body).some((t) => t.startsWith(member))).toBe(true);
    expect((await createNdjsonFeedbackStore(storePath).readAll()).length).toBe(before);
  });

  it('answers 404 for feedback to an unknown service', async () => {
    const res = await call(`${cds.url}/cds-services/nope/feedback`, { body: { feedback: [] } });
    expect(res.status).toBe(404);
    outcomeTexts(res.body);
  });
});
