import type { RequestHandler } from 'express';
import type { EligibilityReport } from '../domain/criterion.js';
import type { EligibilityEngine } from '../domain/trial.js';
import type { Logger } from '../logging.js';
import type { CardSettings } from '../config.js';
import { checkChartSize, type ChartLimits } from '../domain/chart-limits.js';
import type { IssuedCard } from './cards.js';
import { hookModule } from './hooks/registry.js';
import type { FeedbackStore } from './feedback-store.js';
import { badRequest, badRequestText, HttpProblem, notFound } from './http-problem.js';
import { resolvePatientData, type ResolveDeps } from './patient-data-resolver.js';
import { parseHookRequest } from './request-schema.js';
import type { ServiceCatalog } from './services.js';

export interface HookHandlerDeps extends ResolveDeps {
  engine: EligibilityEngine;
  catalog: () => ServiceCatalog;
  feedbackStore: FeedbackStore;
  logger: Logger;
  requestDeadlineMs: number;
  chartLimits: ChartLimits;
  showIneligible: boolean;
  cards: CardSettings;
  baseUrl?: string;
  now: () => Date;
  /** The default as-of date (src/domain/calendar-date.ts: the service's time zone). */
  today: () => string;
  newUuid: () => string;
}

/**
 * POST /cds-services/{id}: validate → patient data (prefetch, else FHIR) → the hook's module
 * (hooks/registry.ts: evaluate, cards) → feedback records.
 */
export function hookHandler(deps: HookHandlerDeps): RequestHandler {
  return async (req, res) => {
    const { services, manifests } = deps.catalog();
    const service = services.get(String(req.params.id));
    if (!service) throw notFound('no CDS service with this id; see GET /cds-services');
    const parsed = parseHookRequest(req.body);
    if (!parsed.ok) throw badRequest(parsed.issues);
    const request = parsed.value;
    if (request.hook !== service.hook)
      throw badRequestText(
        `hook: this service answers the ${service.hook} hook, not another`,
        'invalid',
        'hook',
      );

    const module = hookModule(service.hook);
    if (!module) throw new HttpProblem(500, [{ code: 'exception', text: `no module answers the ${service.hook} hook` }]);
    const contextProblems = module.contextIssues(request);
    if (contextProblems.length > 0) throw badRequest(contextProblems);

    const signal = AbortSignal.timeout(deps.requestDeadlineMs);
    const resolved = await resolvePatientData(request, service.prefetch, signal, deps);
    const asOf = deps.today();
    checkChartSize(resolved.data, deps.chartLimits);
    const issued = await module.answer({
      request,
      service,
      data: resolved.data,
      asOf,
      manifests,
      cardOptions: {
        showIneligible: deps.showIneligible,
        newUuid: deps.newUuid,
        detail: deps.cards.detail,
        detailMaxChars: deps.cards.detailMaxChars,
        soonDays: deps.cards.soonDays,
        // Links to our ResearchStudy: BASE_URL, else the address this call came to.
        baseUrl: deps.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      },
      evaluate: async (data, options) => {
        const report = await withDeadline(
          deps.engine.evaluate(data, { asOf, trialIds: service.trialIds, signal, ...options }),
          signal,
        );
        checkReport(report, service.trialIds);
        return report;
      },
    });
    await recordIssued(deps, service.id, request.hookInstance, issued);
    deps.logger.info(
      {
        service: service.id,
        hookInstance: request.hookInstance,
        sources: resolved.sources,
        dropped: resolved.dropped,
        cards: issued.length,
      },
      'hook answered',
    );
    res.status(200).json({ cards: issued.map((i) => i.card) });
  };
}

/** An engine that returns fewer trials than asked must not look like "no cards" (issue 6 §6). */
function checkReport(report: EligibilityReport, trialIds: readonly string[]): void {
  const got = new Set(report.trials.map((t) => t.id));
  const missing = trialIds.filter((id) => !got.has(id));
  if (missing.length > 0) {
    throw new HttpProblem(500, [
      {
        code: 'exception',
        text: `the evaluation returned no result for ${missing.length} trial(s); no cards were produced`,
      },
    ]);
  }
}

async function recordIssued(
  deps: HookHandlerDeps,
  serviceId: string,
  hookInstance: string,
  issued: readonly IssuedCard[],
) {
  const at = deps.now().toISOString();
  try {
    await deps.feedbackStore.append(
      issued.map((i) => ({
        kind: 'card-issued' as const,
        at,
        serviceId,
        hookInstance,
        cardUuid: i.card.uuid!,
        suggestionUuid: i.suggestionUuid,
        ...(i.orderSuggestionUuids.length > 0 ? { orderSuggestionUuids: i.orderSuggestionUuids } : {}),
        ...(i.kind !== 'eligibility' ? { cardKind: i.kind } : {}),
        trialId: i.trialId,
        trialStatus: i.trialStatus,
      })),
    );
  } catch {
    // The cards are still right; only the later join of feedback to trials is lost.
    deps.logger.warn({ service: serviceId }, 'could not record issued cards in the feedback store');
  }
}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(deadlineProblem());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadlineProblem());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function deadlineProblem(): HttpProblem {
  return new HttpProblem(503, [
    { code: 'timeout', text: 'the eligibility evaluation did not finish within the request deadline' },
  ]);
}
