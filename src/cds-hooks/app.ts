import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { AppConfig } from '../config.js';
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
import type { FhirClientFactory } from './patient-data-resolver.js';
import type { ValueSetExpander } from './prefetch-templates.js';
import { buildServices, discoveryDocument } from './services.js';
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
}

function methodNotAllowed(allow: string) {
  return (_req: unknown, _res: unknown, next: (err: unknown) => void) =>
    next(
      new HttpProblem(405, [{ code: 'not-supported', text: 'method not allowed on this endpoint' }], {
        Allow: allow,
      }),
    );
}

/** The CDS Hooks 2.0 service as an express app (the only express code in the project). */
export function createApp(deps: CdsAppDeps): Express {
  const { config, logger } = deps;
  const services = buildServices(deps.engine.trials, deps.expandValueSet);
  const serviceMap = new Map(services.map((s) => [s.id, s]));
  const manifests = new Map(deps.engine.trials.map((t) => [t.manifest.id, t.manifest]));
  const discovery = discoveryDocument(services);
  const now = deps.now ?? (() => new Date());

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLogger(logger), securityHeaders(), corsMiddleware(config.corsOrigins));
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
    res.status(200).json(discovery);
  });
  app.post(
    '/cds-services/:id',
    hookHandler({
      engine: deps.engine,
      services: serviceMap,
      manifests,
      feedbackStore: deps.feedbackStore,
      logger,
      requestDeadlineMs: config.requestDeadlineMs,
      showIneligible: config.showIneligible,
      now,
      newUuid: deps.newUuid ?? randomUUID,
      createFhirClient: deps.createFhirClient ?? createFhirClient,
      fhir: config.fhir,
    }),
  );
  app.post(
    '/cds-services/:id/feedback',
    feedbackHandler({ services: serviceMap, feedbackStore: deps.feedbackStore, logger, now }),
  );
  app.all('/cds-services', methodNotAllowed('GET, OPTIONS'));
  app.all(['/cds-services/:id', '/cds-services/:id/feedback'], methodNotAllowed('POST, OPTIONS'));
  app.use('/screening-jobs', screeningRoutes({ ...deps, ...(authenticator ? { authenticator } : {}) }));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
