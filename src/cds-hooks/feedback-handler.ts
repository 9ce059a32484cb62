import type { RequestHandler } from 'express';
import type { Logger } from '../logging.js';
import { parseFeedbackRequest } from './feedback-schema.js';
import type { FeedbackReceivedEvent, FeedbackStore } from './feedback-store.js';
import { badRequest, notFound } from './http-problem.js';
import type { ServiceCatalog } from './services.js';

export interface FeedbackHandlerDeps {
  catalog: () => ServiceCatalog;
  feedbackStore: FeedbackStore;
  logger: Logger;
  now: () => Date;
}

/**
 * POST /cds-services/{id}/feedback. Every entry is stored, repeats included (the spec allows a
 * client to report a card more than once); feedback for a card this service never issued is
 * stored as well, since after a restart with another store the issue record may be elsewhere.
 */
export function feedbackHandler(deps: FeedbackHandlerDeps): RequestHandler {
  return async (req, res) => {
    const service = deps.catalog().services.get(String(req.params.id));
    if (!service) throw notFound('no CDS service with this id; see GET /cds-services');
    const parsed = parseFeedbackRequest(req.body);
    if (!parsed.ok) throw badRequest(parsed.issues);
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
