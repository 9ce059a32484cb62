import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledEngine, expanderOf } from '../../support/real-engine.js';
import { call, outcomeTexts, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';

/** The CDS Hooks samples live beside the repository (../shared), not in it: skip when absent. */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CORPUS = join(REPO, '..', 'shared', 'corpora', 'cds-hooks');
const present = existsSync(CORPUS);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

const files = present ? jsonFiles(CORPUS) : [];
const parse = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
};
const isFeedback = (v: unknown) => typeof v === 'object' && v !== null && 'feedback' in v;

(present ? describe : describe.skip)(
  'replay of the public CDS Hooks samples (../shared/corpora/cds-hooks)',
  () => {
    let cds: RunningCds;

    beforeAll(async () => {
      const engine = await bundledEngine();
      cds = await startCds({
        engine,
        expandValueSet: expanderOf(engine),
        // The samples name fhirServers such as http://test:9080; the allowlist keeps the replay off
        // the network (those calls end in 403 before any request leaves).
        config: testConfig({
          fhir: { timeoutMs: 500, retries: 0, maxPages: 5, serverAllowlist: ['http://127.0.0.1:1/'] },
        }),
      });
    });
    afterAll(() => cds?.close());

    it('finds the samples', () => {
      expect(files.length).toBeGreaterThan(20);
    });

    it.each(files.map((f) => [relative(CORPUS, f), f]))('%s never produces a 5xx', async (_name, path) => {
      const body = parse(path);
      if (body === undefined) return; // unparseable examples are documented as such in INDEX.tsv
      const endpoints = isFeedback(body)
        ? ['/cds-services/trial-eligibility/feedback']
        : ['/cds-services/trial-eligibility', '/cds-services/trial-order-check', '/cds-services/trial-eligibility/feedback'];
      for (const endpoint of endpoints) {
        const res = await call(`${cds.url}${endpoint}`, { body });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) outcomeTexts(res.body);
        if (res.status === 200 && endpoint.endsWith('trial-eligibility'))
          expect(Array.isArray(res.body.cards)).toBe(true);
      }
    });

    it('answers the spec feedback samples with 404 naming the card (this service never issued it) and the patient-view requests without prefetch data and an unlisted fhirServer with 403', async () => {
      const feedbackSamples = files.filter((f) => isFeedback(parse(f)));
      expect(feedbackSamples.length).toBeGreaterThan(2);
      for (const f of feedbackSamples) {
        // Well-formed feedback, but for the spec's own card uuids: stored only for issued cards.
        const res = await call(`${cds.url}/cds-services/trial-eligibility/feedback`, { body: parse(f) });
        expect(res.status).toBe(404);
        expect(outcomeTexts(res.body).join(' ')).toContain('issued no such card');
      }
      const ahrq = join(
        CORPUS,
        'ahrq-cql-services-examples',
        'test',
        'fixtures',
        'hooks-patients',
        'R4',
        'null_prefetch_values_invocation.json',
      );
      // Its fhirServer is not on the allowlist: refused before any request leaves (403, as screening jobs).
      const res = await call(`${cds.url}/cds-services/trial-eligibility`, { body: parse(ahrq) });
      expect(res.status).toBe(403);
      expect(outcomeTexts(res.body)[0]).toMatch(/allowlist/);
    });
  },
);
