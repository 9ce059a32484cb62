import type { CriterionResult, EligibilityReport, TrialResult } from '../../domain/criterion.js';
import { md, STATUS_LABEL, truncate } from '../card-detail.js';
import { OVERRIDE_REASON_SYSTEM, REFERRAL_SUGGESTION_LABEL, registryUrl, TOPIC_SYSTEM, trialLabel, type IssuedCard } from '../cards.js';
import type { CdsCard, CdsCoding } from '../types.js';
import type { GivenDraft } from './draft-orders.js';
import type { HookCall } from './registry.js';

export const ORDER_OVERRIDE_REASONS: readonly CdsCoding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'treatment-needed-now', display: 'The patient needs this treatment now' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'not-interested', display: 'Patient or family not interested in the trial' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'discussed-with-study-team', display: 'Discussed with the study team' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-incorrect', display: 'Record data are wrong or out of date' },
];

/** Top-level criteria the orders make fail that did not fail without them. */
function newlyFailing(before: TrialResult, after: TrialResult): CriterionResult[] {
  const failedBefore = new Set(before.criteria.filter((c) => c.status === 'fail').map((c) => c.id));
  return after.criteria.filter((c) => c.status === 'fail' && !failedBefore.has(c.id));
}

/** The drafts a criterion's evidence names (any depth); all drafts when it names none. */
function draftsBehind(criteria: readonly CriterionResult[], drafts: readonly GivenDraft[]): GivenDraft[] {
  const refs = new Set<string>();
  const walk = (cs: readonly CriterionResult[]) => cs.forEach((c) => { c.evidence.forEach((e) => refs.add(e)); walk(c.criteria ?? []); });
  walk(criteria);
  const named = drafts.filter((d) => refs.has(d.givenRef));
  return named.length > 0 ? named : [...drafts];
}

/**
 * One `warning` card per trial the patient could enter without the orders (likely or possibly
 * eligible) that the orders would make ineligible: "Ordering rituximab now makes this patient
 * ineligible for NCT06789107 until 2027-03-08 (E13: …)".
 */
export function orderWarningCards(before: EligibilityReport, after: EligibilityReport, drafts: readonly GivenDraft[], call: HookCall): IssuedCard[] {
  return before.trials.flatMap((b) => {
    const a = after.trials.find((t) => t.id === b.id);
    if (!a || b.status === 'ineligible' || a.status !== 'ineligible') return [];
    return [warningCard(b, a, newlyFailing(b, a), drafts, call)];
  });
}

function warningCard(before: TrialResult, after: TrialResult, failing: CriterionResult[], drafts: readonly GivenDraft[], call: HookCall): IssuedCard {
  const newUuid = call.cardOptions.newUuid;
  const manifest = call.manifests.get(after.id);
  const label = trialLabel(after, manifest);
  const url = registryUrl(manifest);
  const behind = draftsBehind(failing, drafts);
  const names = behind.map((d) => d.name).join(' and ');
  const until = after.eligibleFrom ? ` until ${after.eligibleFrom}` : '';
  const why = failing.length === 1 ? `${failing[0]!.id}: ${truncate(failing[0]!.text, 45)}` : failing.map((c) => c.id).join(', ');
  const cancelUuid = newUuid();
  const referUuid = newUuid();
  const card: CdsCard = {
    uuid: newUuid(),
    summary: truncate(`Ordering ${truncate(names, 40)} now makes this patient ineligible for ${label}${until} (${why})`, 139),
    detail: [
      `Without the order(s) the patient is **${STATUS_LABEL[before.status].toLowerCase()}** for ${md(label)} as of ${call.asOf}; ` +
        `given today, ${md(names)} would make them **not eligible**${after.eligibleFrom ? ` until ${after.eligibleFrom}` : ' (the criterion does not lapse)'}:`,
      '',
      ...failing.map((c) => `- **${md(c.id)}** ${md(truncate(c.reason, 220))}`),
      '',
      '_Consider discussing with the study team before signing; the study team confirms eligibility._',
    ].join('\n'),
    indicator: 'warning',
    source: { label, ...(url ? { url } : {}), topic: { system: TOPIC_SYSTEM, code: after.id, display: after.title } },
    suggestions: [
      {
        label: `Remove ${truncate(names, 60)} from the orders (keeps ${label} open)`,
        uuid: cancelUuid,
        actions: behind.map((d) => ({ type: 'delete' as const, description: `Remove the draft order ${d.name}`, resourceId: [d.draftRef] })),
      },
      { label: REFERRAL_SUGGESTION_LABEL, uuid: referUuid },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: ORDER_OVERRIDE_REASONS.map((r) => ({ ...r })),
  };
  if (url) card.links = [{ label: `${label} on ${new URL(url).hostname.replace(/^www\./, '')}`, url, type: 'absolute' }];
  return { card, trialId: after.id, trialStatus: before.status, kind: 'order-warning', suggestionUuid: referUuid, orderSuggestionUuids: [cancelUuid] };
}
