import { cardsForReport, cardSummary, registryUrl, trialCard } from '../../../src/cds-hooks/cards.js';
import { md } from '../../../src/cds-hooks/card-detail.js';
import type { EligibilityReport, TrialResult } from '../../../src/domain/criterion.js';
import type { TrialManifest } from '../../../src/domain/trial.js';
import { criteriaFor, fakeTrial } from '../../support/fake-engine.js';

let n = 0;
const newUuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const trial = (id: string, status: TrialResult['status']): TrialResult => ({
  id,
  title: `Trial ${id}`,
  status,
  criteria: criteriaFor(status),
});

describe('cards', () => {
  it('keeps the summary under 140 characters however long the label', () => {
    const summary = cardSummary('X'.repeat(300), trial('t', 'possibly-eligible'));
    expect(summary.length).toBeLessThan(140);
    expect(summary).toMatch(/^Possibly eligible for trial X+…/);
  });

  it('derives the ClinicalTrials.gov page for NCT ids and prefers the manifest URL', () => {
    const m = fakeTrial('NCT01234567').manifest;
    expect(registryUrl(m)).toBe('https://clinicaltrials.gov/study/NCT01234567');
    expect(registryUrl({ ...m, registry: { url: 'https://registry.example/r/1' } })).toBe(
      'https://registry.example/r/1',
    );
    expect(registryUrl(fakeTrial('ln-cart-5-35').manifest)).toBeUndefined();
  });

  it('lists sub-criteria under their parent with their own status (full detail)', () => {
    const t: TrialResult = {
      id: 'NCT06789107',
      title: 'A trial',
      status: 'possibly-eligible',
      criteria: [
        {
          id: 'I3',
          kind: 'inclusion',
          text: 'At least one positive autoantibody',
          status: 'unknown',
          reason: 'I3.1 unknown',
          evidence: [],
          criteria: [
            {
              id: 'I3.1',
              kind: 'inclusion',
              text: 'ANA ≥ 1:80',
              status: 'unknown',
              reason: 'No ANA result in the 12 months up to 2026-11-01',
              evidence: [],
            },
            {
              id: 'I3.2',
              kind: 'inclusion',
              text: 'anti-dsDNA > ULN',
              status: 'fail',
              reason: 'anti-dsDNA 5 IU/mL on 2026-09-01 is not above 10',
              evidence: ['Observation/ds'],
            },
          ],
        },
      ],
    };
    const { card } = trialCard(t, undefined, { asOf: '2026-11-01', patientId: 'p', options: { newUuid, detail: 'full' } });
    expect(card.detail).toContain('- **I3** At least one positive autoantibody — I3.1 unknown');
    expect(card.detail).toContain(
      '  - **I3.1** _(unknown)_ ANA ≥ 1:80 — No ANA result in the 12 months up to 2026-11-01',
    );
    expect(card.detail).toContain(
      '  - **I3.2** _(fail)_ anti-dsDNA \\> ULN — anti-dsDNA 5 IU/mL on 2026-09-01 is not above 10 (evidence: Observation/ds)',
    );
  });

  it('escapes Markdown and HTML in engine text', () => {
    expect(md('<script>*x*</script> [a](b) (ok)')).toBe('\\<script\\>\\*x\\*\\</script\\> \\[a\\](b) (ok)');
  });

  it('orders likely before possibly and leaves ineligible trials out unless asked', () => {
    const report: EligibilityReport = {
      patient: 'Patient/p',
      asOf: '2026-11-01',
      trials: [trial('a', 'possibly-eligible'), trial('b', 'ineligible'), trial('c', 'likely-eligible')],
    };
    const manifests = new Map<string, TrialManifest>();
    expect(
      cardsForReport(report, manifests, { showIneligible: false, newUuid }).map((c) => c.trialId),
    ).toEqual(['c', 'a']);
    expect(
      cardsForReport(report, manifests, { showIneligible: true, newUuid }).map((c) => c.trialId),
    ).toEqual(['c', 'a', 'b']);
  });
});

describe('brief cards (issue 15)', () => {
  const leaf = (id: string, status: 'pass' | 'fail' | 'unknown' | 'review', reason: string) => ({
    id,
    kind: 'inclusion' as const,
    text: `${id} text that is long enough to matter `.repeat(4),
    status,
    reason,
    evidence: [],
  });
  const manyCriteria = (): TrialResult => ({
    id: 'NCT06789107',
    title: 'A trial',
    status: 'possibly-eligible',
    criteria: [
      ...Array.from({ length: 25 }, (_, i) => leaf(`E${i + 1}`, 'pass', `no record of thing ${i} `.repeat(10))),
      {
        ...leaf('I7', 'unknown', 'not enough data for I7.2, I7.4'),
        criteria: [
          leaf('I7.1', 'pass', 'lymphocytes fine'),
          leaf('I7.2', 'unknown', 'no CD19 B cells result in the 90 days up to 2026-11-01'),
          leaf('I7.4', 'unknown', 'no hemoglobin result in the 90 days up to 2026-11-01'),
        ],
      },
      leaf('E9', 'unknown', 'no IgG result in the 90 days up to 2026-11-01'),
      ...Array.from({ length: 8 }, (_, i) => leaf(`R${i + 1}`, 'review', `a person must judge this, at length: ${'x'.repeat(200)}`)),
    ],
  });

  it('fits 1 500 characters: status line, missing data by leaf criterion, review, met on one line with a count', () => {
    const { card } = trialCard(manyCriteria(), undefined, { asOf: '2026-11-01', patientId: 'p', options: { newUuid } });
    const detail = card.detail!;
    expect(detail.length).toBeLessThanOrEqual(1500);
    expect(detail.startsWith('**Possibly eligible** as of 2026-11-01')).toBe(true);
    expect(detail).toContain('**Data missing** (3)');
    expect(detail).toContain('- **I7.2** no CD19 B cells result');
    expect(detail).not.toContain('- **I7** ');
    expect(detail).toContain('**A person must judge** (8)');
    expect(detail).toMatch(/\*\*Met:\*\* 25 criteria \(E1, E2, /);
    expect(detail).not.toContain('no record of thing');
    // The old detail of the same trial is several times longer.
    const full = trialCard(manyCriteria(), undefined, { asOf: '2026-11-01', patientId: 'p', options: { newUuid, detail: 'full' } });
    expect(full.card.detail!.length).toBeGreaterThan(3000);
  });

  it('folds items when shortening reasons is not enough, saying how many are left out', () => {
    const { card } = trialCard(manyCriteria(), undefined, { asOf: '2026-11-01', patientId: 'p', options: { newUuid, detailMaxChars: 600 } });
    expect(card.detail!.length).toBeLessThanOrEqual(600);
    expect(card.detail).toMatch(/… and \d+ more/);
  });

  it('suggests a draft LOINC-coded ServiceRequest per missing test, and the referral, each with a uuid', () => {
    const issued = trialCard(manyCriteria(), fakeTrial('NCT06789107').manifest, { asOf: '2026-11-01', patientId: 'pat-1', options: { newUuid } });
    const suggestions = issued.card.suggestions!;
    expect(suggestions.map((s) => s.label)).toEqual([
      'Order CD19 cells [#/volume] in Blood (NCT06789107 I7.2)',
      'Order Hemoglobin [Mass/volume] in Blood (NCT06789107 I7.4)',
      'Order IgG [Mass/volume] in Serum or Plasma (NCT06789107 E9)',
      'Refer to the study team for screening',
    ]);
    for (const s of suggestions) expect(s.uuid).toMatch(/^0{8}-0{4}-4000-8000-\d{12}$/);
    expect(new Set(suggestions.map((s) => s.uuid)).size).toBe(4);
    const sr = suggestions[0]!.actions![0]!;
    expect(sr.type).toBe('create');
    expect(sr.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      code: { coding: [{ system: 'http://loinc.org', code: '8116-6' }] },
      subject: { reference: 'Patient/pat-1' },
    });
    expect(issued.orderSuggestionUuids).toEqual(suggestions.slice(0, 3).map((s) => s.uuid));
    expect(issued.card.selectionBehavior).toBe('any');
    expect(issued.card.source).toMatchObject({ label: 'NCT06789107', url: 'https://clinicaltrials.gov/study/NCT06789107' });
  });

  it('links to our ResearchStudy when the base URL is known, and uses it as source.url without a registry page', () => {
    const issued = trialCard(trial('ln-cart-5-35', 'likely-eligible'), fakeTrial('ln-cart-5-35').manifest, {
      asOf: '2026-11-01',
      patientId: 'p',
      options: { newUuid, baseUrl: 'https://cds.example.org' },
    });
    expect(issued.card.source.url).toBe('https://cds.example.org/fhir/ResearchStudy/ln-cart-5-35');
    expect(issued.card.links).toEqual([
      { label: 'All criteria of ln-cart-5-35 (ResearchStudy)', url: 'https://cds.example.org/fhir/ResearchStudy/ln-cart-5-35', type: 'absolute' },
    ]);
  });

  it('gives an "eligible soon" card to an ineligible trial whose exclusions lapse within the soon window', () => {
    const soon: TrialResult = {
      ...trial('NCT06789107', 'ineligible'),
      criteria: [
        { ...leaf('I1', 'pass', 'age fine') },
        { ...leaf('E13', 'fail', 'excluded until 2027-01-16: rituximab 2026-10-15 is within 3 months'), text: 'Had received any anti-CD19 or anti-CD20 therapy', changesOn: '2027-01-16' },
      ],
      eligibleFrom: '2027-01-16',
    };
    const report: EligibilityReport = { patient: 'Patient/p', asOf: '2026-11-01', trials: [soon] };
    const cards = (soonDays: number) => cardsForReport(report, new Map(), { showIneligible: false, newUuid, soonDays });
    // 2026-11-01 → 2027-01-16 is 76 days.
    expect(cards(75)).toHaveLength(0);
    const [issued] = cards(76);
    expect(issued!.kind).toBe('eligible-soon');
    expect(issued!.card.summary).toBe('Eligible for NCT06789107 from 2027-01-16 (E13: Had received any anti-CD19 or anti-CD20 therapy lapses)');
    expect(issued!.card.summary.length).toBeLessThan(140);
    expect(issued!.card.detail).toContain('**Not eligible** as of 2026-11-01 (eligible from 2027-01-16 if nothing else changes)');
    expect(issued!.card.detail).toContain('- **E13** excluded until 2027-01-16: rituximab 2026-10-15 is within 3 months');
    // Without a date, an ineligible trial still gets no card.
    const undated: TrialResult = { ...soon };
    delete undated.eligibleFrom;
    expect(cardsForReport({ ...report, trials: [undated] }, new Map(), { showIneligible: false, newUuid, soonDays: 90 })).toHaveLength(0);
  });
});
