import type { RequestHandler } from 'express';
import type { Logger } from '../logging.js';
import { parseFeedbackRequest, type FeedbackEntry } from './feedback-schema.js';
import type { FeedbackReceivedEvent, FeedbackStore } from './feedback-store.js';
import { badRequest, HttpProblem, notFound } from './http-problem.js';
import type { IssueInput } from '../fhir/operation-outcome.js';
import type { ServiceCatalog } from './services.js';

export interface FeedbackHandlerDeps {
  catalog: () => ServiceCatalog;
  feedbackStore: FeedbackStore;
  logger: Logger;
  now: () => Date;
}

/**
 * POST /cds-services/{id}/feedback. Every entry is stored, repeats included (the spec allows a
 * client to report a card more than once). Only for cards this service issued (and its store still
 * holds): anything else would let any caller fill the store, whose free text is PHI. A body with an
 * unknown card or suggestion stores nothing (404 / 400, naming the entry).
 */
export function feedbackHandler(deps: FeedbackHandlerDeps): RequestHandler {
  return async (req, res) => {
    const service = deps.catalog().services.get(String(req.params.id));
    if (!service) throw notFound('no CDS service with this id; see GET /cds-services');
    const parsed = parseFeedbackRequest(req.body);
    if (!parsed.ok) throw badRequest(parsed.issues);
    await checkIssued(deps.feedbackStore, service.id, parsed.value);
    const at = deps.now().toISOString();
    const client = typeof res.locals.client === 'string' ? res.locals.client : undefined;
    const events = parsed.value.map((f): FeedbackReceivedEvent => ({
      kind: 'feedback',
      at,
      serviceId: service.id,
      cardUuid: f.card.toLowerCase(),
      outcome: f.outcome,
      outcomeTimestamp: f.outcomeTimestamp,
      ...(f.acceptedSuggestions ? { acceptedSuggestions: f.acceptedSuggestions.map((s) => s.id) } : {}),
      ...(f.overrideReason?.reason ? { overrideReason: f.overrideReason.reason } : {}),
      ...(f.overrideReason?.userComment ? { userComment: f.overrideReason.userComment } : {}),
      ...(client ? { client } : {}),
    }));
    await deps.feedbackStore.append(events);
    deps.logger.info({ service: service.id, entries: events.length }, 'feedback stored');
    res.status(200).end();
  };
}

async function checkIssued(store: FeedbackStore, serviceId: string, entries: FeedbackEntry[]): Promise<void> {
  const unknown: IssueInput[] = [];
  const wrongSuggestion: IssueInput[] = [];
  for (const [i, f] of entries.entries()) {
    const card = await store.issuedCard(f.card.toLowerCase());
    if (!card || card.serviceId !== serviceId) {
      unknown.push({ code: 'not-found', text: `feedback[${i}].card: this service issued no such card (or no longer keeps it)`, expression: [`feedback[${i}].card`] });
      continue;
    }
    const own = new Set([card.suggestionUuid, ...(card.orderSuggestionUuids ?? [])].map((u) => u.toLowerCase()));
    (f.acceptedSuggestions ?? []).forEach((s, j) => {
      if (!own.has(s.id.toLowerCase()))
        wrongSuggestion.push({ code: 'invalid', text: `feedback[${i}].acceptedSuggestions[${j}].id: not a suggestion of this card`, expression: [`feedback[${i}].acceptedSuggestions[${j}].id`] });
    });
  }
  if (unknown.length > 0) throw new HttpProblem(404, unknown.slice(0, 20));
  if (wrongSuggestion.length > 0) throw badRequest(wrongSuggestion.slice(0, 20));
}
