import { appendAll } from '../domain/append-all.js';

/**
 * What the service remembers about its cards: each card it issued (which trial, which status,
 * which hook call) and every feedback a CDS Client sent for it. No patient or user identifiers
 * are kept; the hookInstance lets the EHR side join back to its own audit trail.
 */
export type FeedbackEvent = CardIssuedEvent | FeedbackReceivedEvent;

export interface CardIssuedEvent {
  kind: 'card-issued';
  at: string;
  serviceId: string;
  hookInstance: string;
  cardUuid: string;
  suggestionUuid: string;
  /** The card's draft-order suggestions (issue 15); feedback may accept any of them. */
  orderSuggestionUuids?: string[];
  /** `eligible-soon` for the card of an ineligible trial that becomes eligible soon; absent: eligibility. */
  cardKind?: string;
  trialId: string;
  trialStatus: string;
}

export interface FeedbackReceivedEvent {
  kind: 'feedback';
  at: string;
  serviceId: string;
  cardUuid: string;
  outcome: 'accepted' | 'overridden';
  outcomeTimestamp: string;
  acceptedSuggestions?: string[];
  overrideReason?: { system: string; code: string; display?: string };
  userComment?: string;
  /** The authenticated client (JWT iss), when authentication is on. */
  client?: string;
}

export interface FeedbackStore {
  /** Resolves once the events are durable (see feedback-file.ts). */
  append(events: readonly FeedbackEvent[]): Promise<void>;
  readAll(): Promise<FeedbackEvent[]>;
  /** The record of a card this store saw issued (feedback is accepted only for those). */
  issuedCard(cardUuid: string): Promise<CardIssuedEvent | undefined>;
}

export { createNdjsonFeedbackStore, DEFAULT_FEEDBACK_FILE_OPTIONS, type FeedbackFileOptions } from './feedback-file.js';

export function createMemoryFeedbackStore(): FeedbackStore & { events: FeedbackEvent[] } {
  const events: FeedbackEvent[] = [];
  return {
    events,
    append: async (more) => void appendAll(events, more.map((e) => structuredClone(e))),
    readAll: async () => events.map((e) => structuredClone(e)),
    issuedCard: async (cardUuid) => events.find((e): e is CardIssuedEvent => e.kind === 'card-issued' && e.cardUuid === cardUuid),
  };
}

export interface CardFeedbackSummary {
  cardUuid: string;
  serviceId: string;
  trialId?: string;
  trialStatus?: string;
  issuedAt?: string;
  feedback: Omit<FeedbackReceivedEvent, 'kind' | 'cardUuid' | 'serviceId'>[];
}

function withoutKind<T extends { kind: string }>(event: T): Omit<T, 'kind'> {
  const copy: Partial<T> = { ...event };
  delete copy.kind;
  return copy as Omit<T, 'kind'>;
}

/** Per card: the trial it was about and every outcome received, in arrival order (for coordinators). */
export function summarizeFeedback(events: readonly FeedbackEvent[]): CardFeedbackSummary[] {
  const byCard = new Map<string, CardFeedbackSummary>();
  const get = (cardUuid: string, serviceId: string) => {
    let s = byCard.get(cardUuid);
    if (!s) byCard.set(cardUuid, (s = { cardUuid, serviceId, feedback: [] }));
    return s;
  };
  for (const e of events) {
    if (e.kind === 'card-issued') {
      Object.assign(get(e.cardUuid, e.serviceId), {
        trialId: e.trialId,
        trialStatus: e.trialStatus,
        issuedAt: e.at,
      });
    } else {
      const { cardUuid, serviceId, ...rest } = e;
      get(cardUuid, serviceId).feedback.push(withoutKind(rest));
    }
  }
  return [...byCard.values()].filter((s) => s.feedback.length > 0);
}
