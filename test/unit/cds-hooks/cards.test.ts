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

  it('lists sub-criteria under their parent with their own status', () => {
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
    const { card } = trialCard(t, undefined, '2026-11-01', newUuid);
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
