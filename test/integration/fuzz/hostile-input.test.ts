// Fuzz suite (issue #21): seeded mutations of the example hook request, feedback bodies, /fhir
// operation Parameters and NDJSON export lines, sent to the real service on 127.0.0.1. Whatever the
// input: no 5xx, no answer later than the deadline, every error an OperationOutcome without a stack,
// a server path or the patient's identity, no prototype pollution, and the service still answers
// discovery afterwards. The seed is fixed (reproducible); set TRIALCDS_FUZZ_SEED / _RUNS to explore.
// Inputs that once crashed the service are kept below as regression cases.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { screenPopulation } from '../../../src/batch/screen-population.js';
import { createMemoryFeedbackStore } from '../../../src/cds-hooks/feedback-store.js';
import { PROJECT_ROOT } from '../../../src/project-paths.js';
import { call, outcomeTexts, startCds, testConfig, type JsonResponse, type RunningCds } from '../../support/cds-server.js';
import { damageText, mutate, mutationArb, textDamageArb } from '../../support/json-mutations.js';
import { bundledEngine, expanderOf } from '../../support/real-engine.js';

const SEED = Number(process.env.TRIALCDS_FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.TRIALCDS_FUZZ_RUNS ?? 60);
const DEADLINE_MS = 4000;
/** The patient's identity: it must never come back in an error answer. */
const NAME = 'Quixotella';
const MRN = 'MRN-7731-FUZZ';

const base = JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/hook-request.json`, 'utf8'));
base.prefetch.patient.name = [{ family: NAME, given: ['Zeb'] }];
base.prefetch.patient.identifier = [{ system: 'urn:oid:1.2.3.4', value: MRN }];
const patientId: string = base.context.patientId;

let cds: RunningCds;
let issuedCard: string;

beforeAll(async () => {
  const engine = await bundledEngine();
  cds = await startCds({
    engine,
    expandValueSet: expanderOf(engine),
    feedbackStore: createMemoryFeedbackStore(),
    config: testConfig({ requestDeadlineMs: DEADLINE_MS, bodyLimit: '2mb' }),
  });
  const answer = await call(`${cds.url}/cds-services/trial-eligibility`, { body: base });
  expect(answer.status).toBe(200);
  issuedCard = answer.body.cards[0].uuid;
});
afterAll(() => cds?.close());

/** What every answer to hostile input must satisfy. */
function expectSafe(res: JsonResponse, elapsedMs: number): void {
  expect(res.status).toBeLessThan(500);
  expect(elapsedMs).toBeLessThan(DEADLINE_MS + 3000);
  if (res.status >= 400) {
    expect(() => outcomeTexts(res.body)).not.toThrow();
    expect(res.text).not.toMatch(/\n\s+at |node_modules|\/work\/|\/tmp\/|\.ts:\d+/);
    expect(res.text).not.toContain(NAME);
    expect(res.text).not.toContain(MRN);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** Status counts per route: a fuzzer whose inputs were all accepted (or all refused) tested nothing. */
const statuses = new Map<string, number[]>();

async function send(path: string, rawBody: string): Promise<void> {
  const started = Date.now();
  const res = await call(`${cds.url}${path}`, { method: 'POST', rawBody });
  expectSafe(res, Date.now() - started);
  statuses.set(path, [...(statuses.get(path) ?? []), res.status]);
}

function expectRefusals(path: string): void {
  const seen = statuses.get(path) ?? [];
  expect(seen.filter((s) => s >= 400).length).toBeGreaterThan(seen.length / 10);
}

async function fuzzJson(path: string, document: unknown, runs = RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (mutations) => {
      await send(path, JSON.stringify(mutate(document, mutations)));
    }),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
}

async function fuzzText(path: string, document: unknown, runs = Math.ceil(RUNS / 3)): Promise<void> {
  const text = JSON.stringify(document);
  await fc.assert(
    fc.asyncProperty(textDamageArb, async (damage) => send(path, damageText(text, damage))),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
}

const feedbackBody = () => ({
  feedback: [{ card: issuedCard, outcome: 'overridden', overrideReason: { reason: { code: 'not-appropriate' }, userComment: 'n/a' }, outcomeTimestamp: '2026-12-07T10:00:00Z' }],
});

const evaluateParameters = () => ({
  resourceType: 'Parameters',
  parameter: [
    { name: 'subject', valueString: `Patient/${patientId}` },
    { name: 'data', resource: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: base.prefetch.patient }, ...base.prefetch.condition.entry] } },
    { name: 'asOf', valueDate: '2026-12-01' },
  ],
});

describe('fuzzing every route that reads a body', () => {
  test('hook requests (patient-view, mutated structure and damaged text)', async () => {
    await fuzzJson('/cds-services/trial-eligibility', base);
    await fuzzText('/cds-services/trial-eligibility', base);
    expectRefusals('/cds-services/trial-eligibility');
    // Mutations of elements nobody reads are accepted: the hook still answers.
    expect(statuses.get('/cds-services/trial-eligibility')).toContain(200);
  });

  test('feedback bodies', async () => {
    await fuzzJson('/cds-services/trial-eligibility/feedback', feedbackBody());
    await fuzzText('/cds-services/trial-eligibility/feedback', feedbackBody());
    expectRefusals('/cds-services/trial-eligibility/feedback');
  });

  test('/fhir operation Parameters ($evaluate-eligibility, Library/$evaluate)', async () => {
    await fuzzJson('/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility', evaluateParameters(), Math.ceil(RUNS / 2));
    await fuzzJson('/fhir/Library/NCT06789107/$evaluate', evaluateParameters(), Math.ceil(RUNS / 2));
    await fuzzText('/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility', evaluateParameters());
    expectRefusals('/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility');
    expectRefusals('/fhir/Library/NCT06789107/$evaluate');
  });

  test('the service still answers discovery and a valid hook afterwards', async () => {
    expect((await call(`${cds.url}/cds-services`)).status).toBe(200);
    const again = await call(`${cds.url}/cds-services/trial-eligibility`, { body: { ...base, hookInstance: 'a0e0d7c2-1111-4000-8000-000000000001' } });
    expect(again.status).toBe(200);
    expect(again.body.cards.length).toBeGreaterThan(0);
  });
});

describe('regression cases found by fuzzing and probing', () => {
  // Each was a 500 (or a crash) once; they must stay precise 4xx answers.
  const cases: [string, string, unknown][] = [
    ['prefetch Bundle.entry is an object', '/cds-services/trial-eligibility', { ...base, prefetch: { ...base.prefetch, condition: { resourceType: 'Bundle', type: 'searchset', entry: {} } } }],
    ['a prefetch resource without resourceType', '/cds-services/trial-eligibility', { ...base, prefetch: { ...base.prefetch, patient: { id: patientId } } }],
    ['Condition.code is a string', '/cds-services/trial-eligibility', { ...base, prefetch: { ...base.prefetch, condition: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Condition', id: 'c', code: 'SLE', subject: { reference: `Patient/${patientId}` } } }] } } }],
    ['Parameters.parameter is an object', '/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility', { resourceType: 'Parameters', parameter: { name: 'subject' } }],
    ['feedback is not an array', '/cds-services/trial-eligibility/feedback', { feedback: { card: 'x' } }],
    ['__proto__ in the context', '/cds-services/trial-eligibility', JSON.parse(`{"hook":"patient-view","hookInstance":"${base.hookInstance}","context":{"__proto__":{"polluted":"yes"},"patientId":"${patientId}"}}`)],
  ];
  test.each(cases)('%s → 4xx OperationOutcome', async (_name, path, body) => {
    const started = Date.now();
    const res = await call(`${cds.url}${path}`, { method: 'POST', rawBody: JSON.stringify(body) });
    expectSafe(res, Date.now() - started);
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  test('/fhir honours TRIALCDS_BODY_LIMIT like every other route (it parsed 20 MB whatever the setting)', async () => {
    const small = await startCds({ engine: cds.deps.engine, expandValueSet: cds.deps.expandValueSet, config: testConfig({ bodyLimit: '64kb' }) });
    try {
      const padding = 'x'.repeat(100 * 1024);
      for (const path of ['/fhir', '/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility', '/cds-services/trial-eligibility']) {
        const res = await call(`${small.url}${path}`, { body: { resourceType: 'Parameters', id: padding } });
        expect([path, res.status]).toEqual([path, 413]);
        expect(() => outcomeTexts(res.body)).not.toThrow();
      }
    } finally {
      await small.close();
    }
  });

  test('a prefetch of 140 000 entries is refused with 413 before evaluation (was a RangeError 500)', async () => {
    const entry = Array.from({ length: 140_000 }, (_, i) => ({ resource: { resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'x' } } }));
    const big = await startCds({ engine: cds.deps.engine, expandValueSet: cds.deps.expandValueSet, config: testConfig({ bodyLimit: '50mb' }) });
    try {
      const res = await call(`${big.url}/cds-services/trial-eligibility`, { body: { ...base, prefetch: { ...base.prefetch, observation: { resourceType: 'Bundle', type: 'searchset', entry } } } });
      expect(res.status).toBe(413);
      expect(outcomeTexts(res.body).join(' ')).toMatch(/140002 resources.*TRIALCDS_MAX_CHART_RESOURCES/);
    } finally {
      await big.close();
    }
  });
});

describe('fuzzing NDJSON export lines: a damaged line never stops a screening run', () => {
  test('every intact patient is screened; each damaged line is a source problem or a patient error', async () => {
    const engine = await bundledEngine();
    const dir = mkdtempSync(join(tmpdir(), 'trialcds-fuzz-ndjson-'));
    const patients = Array.from({ length: 12 }, (_, i) => ({ resourceType: 'Patient', id: `fz${i}`, birthDate: '2010-01-01' }));
    const conditions = patients.map((p, i) => ({ resourceType: 'Condition', id: `c${i}`, subject: { reference: `Patient/${p.id}` }, code: base.prefetch.condition.entry[0].resource.code }));
    const damaged = fc.sample(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), { seed: SEED, numRuns: conditions.length });
    // Every other Condition line is mutated; the Patient lines stay intact, so every patient is screened.
    const conditionLines = conditions.map((c, i) => (i % 2 ? JSON.stringify(mutate(c, damaged[i]!)) : JSON.stringify(c)));
    writeFileSync(join(dir, 'Patient.ndjson'), patients.map((p) => JSON.stringify(p)).join('\n'));
    writeFileSync(join(dir, 'Condition.ndjson'), [...conditionLines, '{"resourceType": "Condition", "id": ', 'null', '[]', '42'].join('\n'));
    const out = mkdtempSync(join(tmpdir(), 'trialcds-fuzz-out-'));
    const summary = await screenPopulation({
      input: { kind: 'ndjson', dir },
      engine,
      expand: expanderOf(engine),
      engineSpec: {},
      asOf: '2026-12-01',
      resultsPath: join(out, 'results.ndjson'),
      workers: 0,
    });
    const lines = readFileSync(join(out, 'results.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const screened = new Set(lines.map((l) => l.patient));
    for (const p of patients) expect(screened.has(`Patient/${p.id}`)).toBe(true);
    expect(summary.sourceProblems.count).toBeGreaterThanOrEqual(4);
    for (const l of lines) if (l.error) expect(JSON.stringify(l.error)).not.toMatch(/\n\s+at |node_modules/);
  });
});
