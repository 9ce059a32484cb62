import type { EligibilityReport, TrialResult } from '../domain/criterion.js';
import { DEFAULT_SOON_DAYS, daysUntilEligible } from '../domain/dates.js';
import type { TrialManifest } from '../domain/trial.js';
import { briefDetail, cardDetail, countByStatus, STATUS_LABEL, truncate } from './card-detail.js';
import { missingDataSuggestions } from './card-suggestions.js';
import type { CdsCard, CdsCoding, CdsLink, CdsSuggestion } from './types.js';

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

/** What a card is about: a trial the patient may enter now, or one they may enter soon (issue 15). */
export type CardKind = 'eligibility' | 'eligible-soon' | 'order-warning';

/** A card as issued, with the ids feedback will refer to. */
export interface IssuedCard {
  card: CdsCard;
  trialId: string;
  trialStatus: TrialResult['status'];
  kind: CardKind;
  /** The referral suggestion. */
  suggestionUuid: string;
  /** The draft-order suggestions (one per missing test). */
  orderSuggestionUuids: string[];
}

export interface CardOptions {
  showIneligible: boolean;
  newUuid: () => string;
  /** `brief` (default) or `full` detail; longest brief detail. */
  detail?: 'brief' | 'full';
  detailMaxChars?: number;
  /** Ineligible trials whose exclusions all lapse within this many days get an "eligible soon" card. */
  soonDays?: number;
  /** The public base URL: links to our ResearchStudy (the trial's criteria) when set. */
  baseUrl?: string;
}

const RANK = { 'likely-eligible': 0, 'possibly-eligible': 1, ineligible: 2 } as const;

/**
 * One card per likely/possibly eligible trial, likely first; then an "eligible soon" card per
 * ineligible trial that becomes eligible within `soonDays`; ineligible ones only when configured.
 */
export function cardsForReport(
  report: EligibilityReport,
  manifests: ReadonlyMap<string, TrialManifest>,
  options: CardOptions,
): IssuedCard[] {
  const patientId = report.patient.replace(/^Patient\//, '');
  const context = { asOf: report.asOf, patientId, options };
  return report.trials
    .map((t, index) => ({ t, index, kind: cardKind(t, report.asOf, options) }))
    .filter(({ kind }) => kind !== undefined)
    .sort((a, b) => RANK[a.t.status] - RANK[b.t.status] || a.index - b.index)
    .map(({ t, kind }) => trialCard(t, manifests.get(t.id), context, kind!));
}

function cardKind(t: TrialResult, asOf: string, options: CardOptions): CardKind | undefined {
  if (t.status !== 'ineligible') return 'eligibility';
  if (isEligibleSoon(t, asOf, options.soonDays ?? DEFAULT_SOON_DAYS)) return 'eligible-soon';
  return options.showIneligible ? 'eligibility' : undefined;
}

export function isEligibleSoon(t: TrialResult, asOf: string, soonDays: number): boolean {
  return daysUntilEligible(t, asOf, soonDays) !== undefined;
}

export interface CardContext {
  asOf: string;
  patientId: string;
  options: Pick<CardOptions, 'newUuid' | 'detail' | 'detailMaxChars' | 'baseUrl'>;
}

export function trialCard(
  trial: TrialResult,
  manifest: TrialManifest | undefined,
  context: CardContext,
  kind: CardKind = 'eligibility',
): IssuedCard {
  const { options } = context;
  const label = trialLabel(trial, manifest);
  const registry = registryUrl(manifest);
  const study = options.baseUrl ? `${options.baseUrl}/fhir/ResearchStudy/${encodeURIComponent(trial.id)}` : undefined;
  const suggestionUuid = options.newUuid();
  const orders = missingDataSuggestions(trial, context.patientId, options.newUuid);
  // Accepting the referral records the intent through feedback (CDS Hooks only defines "accepted"
  // feedback for suggestions) and changes nothing in the chart; the order suggestions create drafts.
  const suggestions: CdsSuggestion[] = [...orders, { label: REFERRAL_SUGGESTION_LABEL, uuid: suggestionUuid }];
  const card: CdsCard = {
    uuid: options.newUuid(),
    summary: kind === 'eligible-soon' ? soonSummary(label, trial) : cardSummary(label, trial),
    detail:
      options.detail === 'full'
        ? cardDetail(label, trial, context.asOf)
        : briefDetail(trial, context.asOf, options.detailMaxChars ?? 1500),
    indicator: 'info',
    source: {
      label,
      ...(registry || study ? { url: (registry ?? study)! } : {}),
      topic: { system: TOPIC_SYSTEM, code: trial.id, display: trial.title },
    },
    suggestions,
    selectionBehavior: 'any',
    overrideReasons: OVERRIDE_REASONS.map((r) => ({ ...r })),
  };
  const links = [...registryLinks(label, registry), ...(study ? [{ label: `All criteria of ${label} (ResearchStudy)`, url: study, type: 'absolute' as const }] : [])];
  if (links.length > 0) card.links = links;
  return {
    card,
    trialId: trial.id,
    trialStatus: trial.status,
    kind,
    suggestionUuid,
    orderSuggestionUuids: orders.map((s) => s.uuid!),
  };
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

/** `Eligible for NCT06789107 from 2027-01-16 (E13: Had received any anti-CD19 or anti-CD20…)`. */
export function soonSummary(label: string, trial: TrialResult): string {
  const lapsing = trial.criteria.filter((c) => c.status === 'fail');
  const what = lapsing.length === 1 ? `${lapsing[0]!.id}: ${truncate(lapsing[0]!.text, 50)} lapses` : `${lapsing.map((c) => c.id).join(', ')} lapse`;
  return truncate(`Eligible for ${truncate(label, 40)} from ${trial.eligibleFrom} (${what})`, 139);
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
