// The "eligible soon" card (issue 15) over real HTTP: the NCT06789107 ideal chart with rituximab
// given 2026-10-15 is ineligible on E13 alone until 2027-01-16 (76 days after the as-of date).
import { join } from 'node:path';
import type { Patient, Resource } from 'fhir/r4';
import { loadCase } from '../../../src/authoring/case-file.js';
import { DEFAULT_CARD_SETTINGS } from '../../../src/config.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { TRIALS_DIR } from '../../../src/project-paths.js';
import { call, patientViewRequest, startCds, testConfig } from '../../support/cds-server.js';
import { bundledEngine, expanderOf, prefetchFor } from '../../support/real-engine.js';

interface Card {
  summary: string;
  detail: string;
  indicator: string;
  source: { label: string; url?: string; topic: { code: string } };
  suggestions: { label: string; uuid: string }[];
}

describe('eligible-soon cards over HTTP', () => {
  let engine: LoadedEngine;
  const testCase = loadCase(join(TRIALS_DIR, 'NCT06789107', 'cases', 'dates-e13-rituximab-lapse.json'));
  const all = testCase.bundle.entry!.map((e) => e.resource as Resource);
  const patient = all.find((r): r is Patient => r.resourceType === 'Patient')!;
  const resources = all.filter((r) => r !== patient);

  beforeAll(async () => {
    engine = await bundledEngine();
  });

  async function cardsWith(soonDays: number): Promise<Card[]> {
    const cds = await startCds({
      engine,
      expandValueSet: expanderOf(engine),
      now: () => new Date(`${testCase.asOf}T10:00:00`),
      config: testConfig({ cards: { ...DEFAULT_CARD_SETTINGS, soonDays } }),
    });
    try {
      const templates = (await call(`${cds.url}/cds-services`)).body.services[0].prefetch;
      const res = await call(`${cds.url}/cds-services/trial-eligibility`, {
        body: patientViewRequest(patient.id!, { prefetch: prefetchFor(templates, patient, resources) }),
      });
      expect(res.status).toBe(200);
      return res.body.cards;
    } finally {
      await cds.close();
    }
  }

  it('cards an ineligible trial whose only exclusion lapses within TRIALCDS_SOON_DAYS, after the eligible ones', async () => {
    const cards = await cardsWith(90);
    const soon = cards.find((c) => c.source.topic.code === 'NCT06789107')!;
    // Rituximab is anti-CD20 (E13, 3 months) and a biologic (E15, 4 weeks): the later lapse decides.
    expect(soon.summary).toBe('Eligible for NCT06789107 from 2027-01-16 (E13, E15 lapse)');
    expect(soon.indicator).toBe('info');
    expect(soon.detail).toContain('**Not eligible** as of 2026-11-01 (eligible from 2027-01-16 if nothing else changes');
    expect(soon.detail).toContain('**Not met** (2)\n- **E13** eligible on this criterion from 2027-01-16: anti-CD19 or anti-CD20 therapy');
    expect(soon.detail).toContain('- **E15** eligible on this criterion from 2026-11-13');
    expect(soon.detail.length).toBeLessThanOrEqual(1500);
    expect(soon.suggestions.at(-1)!.label).toBe('Refer to the study team for screening');
    expect(cards.at(-1)).toBe(soon);
  });

  it('gives no card when the lapse is further away than TRIALCDS_SOON_DAYS', async () => {
    const cards = await cardsWith(75);
    expect(cards.some((c) => c.source.topic.code === 'NCT06789107')).toBe(false);
  });
});
