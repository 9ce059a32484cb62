import type { EligibilityReport, TrialResult } from '../domain/criterion.js';
import type { TrialManifest } from '../domain/trial.js';
import { cardDetail, countByStatus, STATUS_LABEL, truncate } from './card-detail.js';
import type { CdsCard, CdsCoding, CdsLink } from './types.js';

export const TOPIC_SYSTEM = 'urn:trialcds:trial';
export const OVERRIDE_REASON_SYSTEM = 'urn:trialcds:override-reason';

export const OVERRIDE_REASONS: readonly CdsCoding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'not-interested', display: 'Patient or family not interested' },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'already-screened',
    display: 'Already screened or referred for this trial',
  },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'not-appropriate',
    display: 'Not appropriate for this patient (clinical judgement)',
  },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-incorrect', display: 'Record data are wrong or out of date' },
];

export const REFERRAL_SUGGESTION_LABEL = 'Refer to the study team for screening';

/** A card as issued, with the ids feedback will refer to. */
export interface IssuedCard {
  card: CdsCard;
  trialId: string;
  trialStatus: TrialResult['status'];
  suggestionUuid: string;
}

export interface CardOptions {
  showIneligible: boolean;
  newUuid: () => string;
}

/** One card per likely/possibly eligible trial (and ineligible ones when configured), likely first. */
export function cardsForReport(
  report: EligibilityReport,
  manifests: ReadonlyMap<string, TrialManifest>,
  options: CardOptions,
): IssuedCard[] {
  const rank = { 'likely-eligible': 0, 'possibly-eligible': 1, ineligible: 2 } as const;
  return report.trials
    .filter((t) => t.status !== 'ineligible' || options.showIneligible)
    .map((t, index) => ({ t, index }))
    .sort((a, b) => rank[a.t.status] - rank[b.t.status] || a.index - b.index)
    .map(({ t }) => trialCard(t, manifests.get(t.id), report.asOf, options.newUuid));
}

export function trialCard(
  trial: TrialResult,
  manifest: TrialManifest | undefined,
  asOf: string,
  newUuid: () => string,
): IssuedCard {
  const label = trialLabel(trial, manifest);
  const url = registryUrl(manifest);
  const suggestionUuid = newUuid();
  const card: CdsCard = {
    uuid: newUuid(),
    summary: cardSummary(label, trial),
    detail: cardDetail(label, trial, asOf),
    indicator: 'info',
    source: {
      label,
      ...(url ? { url } : {}),
      topic: { system: TOPIC_SYSTEM, code: trial.id, display: trial.title },
    },
    // A suggestion without actions: accepting it records the referral intent through feedback
    // (CDS Hooks only defines "accepted" feedback for suggestions) and changes nothing in the chart.
    suggestions: [{ label: REFERRAL_SUGGESTION_LABEL, uuid: suggestionUuid }],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS.map((r) => ({ ...r })),
  };
  const links = registryLinks(label, url);
  if (links.length > 0) card.links = links;
  return { card, trialId: trial.id, trialStatus: trial.status, suggestionUuid };
}

/** `Possibly eligible for trial NCT06789107: 3 criteria need data, 5 need review` (< 140 characters). */
export function cardSummary(label: string, trial: TrialResult): string {
  const counts = countByStatus(trial.criteria);
  const parts: string[] = [];
  if (counts.fail) parts.push(`${counts.fail} not met`);
  if (counts.unknown) parts.push(`${counts.unknown} need data`);
  if (counts.review) parts.push(`${counts.review} need review`);
  const head = `${STATUS_LABEL[trial.status]} for trial ${truncate(label, 60)}`;
  return truncate(parts.length ? `${head}: ${parts.join(', ')}` : head, 139);
}

export function trialLabel(trial: TrialResult, manifest: TrialManifest | undefined): string {
  return manifest?.registry?.id ?? trial.id;
}

/** The manifest's registry URL, else the ClinicalTrials.gov page when the id is an NCT number. */
export function registryUrl(manifest: TrialManifest | undefined): string | undefined {
  if (!manifest) return undefined;
  if (manifest.registry?.url) return manifest.registry.url;
  const nct = [manifest.registry?.id, manifest.id].find((id) => id && /^NCT\d{8}$/.test(id));
  return nct ? `https://clinicaltrials.gov/study/${nct}` : undefined;
}

function registryLinks(label: string, url: string | undefined): CdsLink[] {
  if (!url) return [];
  let host = 'the trial registry';
  try {
    host = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return [];
  }
  return [{ label: `${label} on ${host}`, url, type: 'absolute' }];
}
