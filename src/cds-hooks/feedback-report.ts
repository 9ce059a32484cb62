import { summarizeFeedback, type FeedbackEvent } from './feedback-store.js';

/** How clinicians answered one trial's cards: what a coordinator or informaticist reviews. */
export interface TrialFeedback {
  trialId: string;
  cardsIssued: number;
  /** Cards issued per trial status (likely-/possibly-eligible, ineligible when shown). */
  issuedByStatus: Record<string, number>;
  /** Cards whose latest answer was accepted / overridden; the rest had no answer. */
  accepted: number;
  overridden: number;
  withoutFeedback: number;
  /** Override reasons of the latest answers, most frequent first. */
  overrideReasons: { code: string; display?: string; count: number }[];
}

export interface FeedbackReport {
  trials: TrialFeedback[];
  /** Feedback for a card this store never saw issued (another store, or an old file). */
  feedbackForUnknownCards: number;
}

function emptyTrial(trialId: string): TrialFeedback {
  return { trialId, cardsIssued: 0, issuedByStatus: {}, accepted: 0, overridden: 0, withoutFeedback: 0, overrideReasons: [] };
}

/** Per trial: cards issued and how the latest answer to each went. Counts only: no patient, no user. */
export function feedbackReport(events: readonly FeedbackEvent[]): FeedbackReport {
  const trials = new Map<string, TrialFeedback>();
  const trial = (id: string) => trials.get(id) ?? trials.set(id, emptyTrial(id)).get(id)!;
  const reasons = new Map<string, Map<string, { code: string; display?: string; count: number }>>();
  let unknown = 0;
  for (const e of events) {
    if (e.kind !== 'card-issued') continue;
    const t = trial(e.trialId);
    t.cardsIssued++;
    t.issuedByStatus[e.trialStatus] = (t.issuedByStatus[e.trialStatus] ?? 0) + 1;
  }
  for (const card of summarizeFeedback(events)) {
    if (!card.trialId) {
      unknown++;
      continue;
    }
    const latest = [...card.feedback].sort((a, b) => a.outcomeTimestamp.localeCompare(b.outcomeTimestamp)).at(-1)!;
    const t = trial(card.trialId);
    if (latest.outcome === 'accepted') t.accepted++;
    else t.overridden++;
    if (latest.outcome === 'overridden' && latest.overrideReason) {
      const byCode = reasons.get(card.trialId) ?? reasons.set(card.trialId, new Map()).get(card.trialId)!;
      const { code, display } = latest.overrideReason;
      const entry = byCode.get(code) ?? byCode.set(code, { code, ...(display ? { display } : {}), count: 0 }).get(code)!;
      entry.count++;
    }
  }
  for (const t of trials.values()) {
    t.withoutFeedback = t.cardsIssued - t.accepted - t.overridden;
    t.overrideReasons = [...(reasons.get(t.trialId)?.values() ?? [])].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }
  return { trials: [...trials.values()].sort((a, b) => a.trialId.localeCompare(b.trialId)), feedbackForUnknownCards: unknown };
}
