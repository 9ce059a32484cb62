import type { EvaluationSpec, Evaluator } from '../batch/evaluator.js';
import type { JobManager } from '../batch/job-manager.js';
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { DEFAULT_CARD_SETTINGS, type AppConfig } from '../config.js';
import { todayIn } from '../domain/calendar-date.js';
import { createFhirClient } from '../data/fhir-client.js';
import type { EligibilityEngine } from '../domain/trial.js';
import type { Logger } from '../logging.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { feedbackHandler } from './feedback-handler.js';
import type { FeedbackStore } from './feedback-store.js';
import { hookHandler } from './hook-handler.js';
import { HttpProblem } from './http-problem.js';
import { createJwtAuthenticator, type RequestAuthenticator } from './jwt-auth.js';
import { authMiddleware, corsMiddleware, requestLogger, securityHeaders } from './middleware.js';
import type { FhirClientFactory } from '../data/fhir-client.js';
import type { ValueSetExpander } from '../data/query-templates.js';
import { buildServices, discoveryDocument, type ServiceCatalog } from './services.js';
import type { TrialInfo } from '../domain/trial.js';
import type { TrialInstaller } from '../knowledge/install-trial.js';
import type { CqlSandbox } from '../fhir-server/operations/cql-sandbox.js';
import { mountKnowledgeRoutes } from './knowledge-routes.js';
import { screeningRoutes } from './screening-routes.js';

export interface CdsAppDeps {
  engine: EligibilityEngine;
  config: AppConfig;
  logger: Logger;
  feedbackStore: FeedbackStore;
  /** Codes of a value set by url, for prefetch code filters. */
  expandValueSet: ValueSetExpander;
  /** Overrides the authenticator built from `config.auth` (tests). Ignored in development mode. */
  authenticator?: RequestAuthenticator;
  createFhirClient?: FhirClientFactory;
  now?: () => Date;
  newUuid?: () => string;
  /** Loads the trials again (`POST /admin/reload`); absent = no reload endpoint. */
  reloadTrials?: () => Promise<string[]>;
  /** Adds a trial from a POSTed Bundle (`POST /fhir`); absent = uploads refused. */
  installTrialBundle?: TrialInstaller;
  /** Where `$cql` runs (a worker with memory and time limits); absent = in the service's thread. */
  cqlSandbox?: CqlSandbox;
  /** Screening jobs' evaluation in the service's worker pool; absent = on the service's thread. */
  screeningEvaluator?: (spec: EvaluationSpec) => Evaluator;
  /** The screening jobs (tests); default: a job manager writing under `.trialcds/screening-jobs`. */
  screeningJobs?: JobManager;
}

function methodNotAllowed(allow: string) {
  return (_req: unknown, _res: unknown, next: (err: unknown) => void) =>
    next(
      new HttpProblem(405, [{ code: 'not-supported', text: 'method not allowed on this endpoint' }], {
        Allow: allow,
      }),
    );
}

/**
 * The CDS services of the trials loaded now. The engine may be reloaded with other trials, so the
 * discovery document is rebuilt whenever the engine's trial list changes (identity check: cheap).
 */
function serviceCatalog(deps: CdsAppDeps): () => ServiceCatalog {
  let built: { trials: readonly TrialInfo[]; catalog: ServiceCatalog } | undefined;
  return () => {
    const trials = deps.engine.trials;
    if (built?.trials !== trials) {
      const services = buildServices(trials, deps.expandValueSet, {
        perTrialServices: (deps.config.cards ?? DEFAULT_CARD_SETTINGS).perTrialServices,
      });
      built = {
        trials,
        catalog: {
          services: new Map(services.map((s) => [s.id, s])),
          manifests: new Map(trials.map((t) => [t.manifest.id, t.manifest])),
          discovery: discoveryDocument(services),
        },
      };
    }
    return built.catalog;
  };
}

/** The CDS Hooks 2.0 service as an express app; /fhir and /admin are mounted from knowledge-routes.ts. */
export function createApp(deps: CdsAppDeps): Express {
  const { config, logger } = deps;
  const catalog = serviceCatalog(deps);
  const now = deps.now ?? (() => new Date());

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLogger(logger), ...securityHeaders(), ...corsMiddleware(config.corsOrigins));
  // One authenticator (one JWKS cache, one jti replay cache) for every authenticated route.
  const authenticator =
    config.auth.mode === 'jwt' ? (deps.authenticator ?? createJwtAuthenticator(config.auth)) : undefined;
  if (authenticator) {
    if (!config.baseUrl) throw new Error('BASE_URL is required when JWT authentication is on');
    app.use('/cds-services', authMiddleware(authenticator, config.baseUrl, logger));
  }
  // Parsed after authentication, so an unauthenticated caller cannot make the service parse a body.
  app.use(
    '/cds-services',
    express.json({ limit: config.bodyLimit, type: ['application/json', 'application/*+json'] }),
  );

  app.get('/cds-services', (_req, res) => {
    res.status(200).json(catalog().discovery);
  });
  app.post(
    '/cds-services/:id',
    hookHandler({
      engine: deps.engine,
      catalog,
      feedbackStore: deps.feedbackStore,
      logger,
      requestDeadlineMs: config.requestDeadlineMs,
      chartLimits: config.chartLimits,
      showIneligible: config.showIneligible,
      cards: config.cards ?? DEFAULT_CARD_SETTINGS,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      now,
      today: () => todayIn(config.timeZone, now()),
      newUuid: deps.newUuid ?? randomUUID,
      createFhirClient: deps.createFhirClient ?? createFhirClient,
      fhir: config.fhir,
      allowUnlistedFhirServer: config.auth.mode === 'development' || config.fhir.allowUnlistedHookServers === true,
    }),
  );
  app.post(
    '/cds-services/:id/feedback',
    feedbackHandler({ catalog, feedbackStore: deps.feedbackStore, logger, now }),
  );
  app.all('/cds-services', methodNotAllowed('GET, OPTIONS'));
  app.all(['/cds-services/:id', '/cds-services/:id/feedback'], methodNotAllowed('POST, OPTIONS'));
  app.use('/screening-jobs', screeningRoutes({ ...deps, ...(authenticator ? { authenticator } : {}) }));
  mountKnowledgeRoutes(app, deps, authenticator);
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
