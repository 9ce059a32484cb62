import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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
  append(events: readonly FeedbackEvent[]): Promise<void>;
  readAll(): Promise<FeedbackEvent[]>;
}

/**
 * The embedded default: one JSON line per event appended to a local file (created 0600), each
 * batch flushed to disk before the call returns. Appends are serialised within the process.
 */
export function createNdjsonFeedbackStore(path: string): FeedbackStore {
  let queue: Promise<void> = Promise.resolve();
  const write = async (events: readonly FeedbackEvent[]) => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
  };
  return {
    append(events) {
      if (events.length === 0) return Promise.resolve();
      const next = queue.then(() => write(events));
      queue = next.catch(() => undefined);
      return next;
    },
    async readAll() {
      await queue;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      // A crash mid-write can leave a partial last line: skip what does not parse.
      return text.split('\n').flatMap((line) => {
        if (!line.trim()) return [];
        try {
          const event = JSON.parse(line) as FeedbackEvent | null;
          // Only events: a line that is JSON but not one (an edit by hand, another tool) is skipped too.
          return event && typeof event === 'object' && typeof event.kind === 'string' ? [event] : [];
        } catch {
          return [];
        }
      });
    },
  };
}

export function createMemoryFeedbackStore(): FeedbackStore & { events: FeedbackEvent[] } {
  const events: FeedbackEvent[] = [];
  return {
    events,
    append: async (more) => void appendAll(events, more.map((e) => structuredClone(e))),
    readAll: async () => events.map((e) => structuredClone(e)),
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
