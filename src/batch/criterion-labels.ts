// What a coordinator reads instead of criterion ids: each criterion's plain-language label (the
// manifest's `label`), the review items every patient shares (consent, willingness …: said once per
// trial, not on every row), and "data to obtain" lists de-duplicated across trials
// ("SLEDAI-2K score (all 3 trials); anti-Sm antibody (NCT06789107)").
import type { CriterionDefinition, TrialManifest } from '../domain/trial.js';
import { displayText } from '../engine/evaluate-trial.js';
import { shortLabel } from '../knowledge/research-study.js';

export interface LabelledTrial {
  id: string;
  /** criterion id → plain label (the manifest's, else the criterion text's heading). */
  labels: ReadonlyMap<string, string>;
  /** Leaf criteria that are `review` for every patient by their nature, in seed order. */
  sharedReview: SharedReview[];
}

export interface SharedReview {
  id: string;
  text: string;
  /** Plain words: the manifest's label, else the text's heading. */
  label: string;
}

function* flatten(criteria: readonly CriterionDefinition[]): Generator<CriterionDefinition> {
  for (const c of criteria) {
    yield c;
    yield* flatten(c.criteria ?? []);
  }
}

const labelOf = (c: CriterionDefinition) => c.label ?? shortLabel(c.text);

/** Review items no data can settle (result review/pending, no sub-criteria): the same for everyone. */
export function sharedReviewOf(manifest: TrialManifest): SharedReview[] {
  return [...flatten(manifest.criteria)]
    .filter((c) => (c.result === 'review' || c.result === 'pending') && !c.criteria?.length)
    .map((c) => ({ id: c.id, text: displayText(c.text), label: labelOf(c) }));
}


export function labelledTrialOf(manifest: TrialManifest): LabelledTrial {
  return {
    id: manifest.id,
    labels: new Map([...flatten(manifest.criteria)].map((c) => [c.id, labelOf(c)])),
    sharedReview: sharedReviewOf(manifest),
  };
}

/** One thing to obtain or check, for one trial. */
export interface Item {
  trial: string;
  label: string;
}

/**
 * Items grouped by label in first-seen order, each with the trials that need it: "(all 3 trials)"
 * when every screened trial does, nothing when only one trial was screened.
 */
export function itemsText(items: readonly Item[], trialCount: number): string {
  const byLabel = new Map<string, string[]>();
  for (const { trial, label } of items) {
    const trials = byLabel.get(label) ?? [];
    if (!trials.includes(trial)) trials.push(trial);
    byLabel.set(label, trials);
  }
  return [...byLabel]
    .map(([label, trials]) => {
      if (trialCount <= 1) return label;
      const which = trials.length === trialCount ? `all ${trialCount} trials` : trials.join(', ');
      return `${label} (${which})`;
    })
    .join('; ');
}

/** Distinct labels among the items (what the coordinator has to go and get). */
export function distinctLabels(items: readonly Item[]): number {
  return new Set(items.map((i) => i.label)).size;
}
