import express, { type Express } from 'express';
import type { LoadedEngine } from '../engine/load-engine.js';
import { fhirOperations, libraryEvaluateOperation } from '../fhir-server/operations/index.js';
import { PooledEngine } from '../engine/pool/pooled-engine.js';
import { pooledLibraryEvaluateOperation } from '../engine/pool/pooled-operations.js';
import { fhirRouter } from '../fhir-server/router.js';
import { sandboxedCqlOperation } from '../fhir-server/operations/cql-sandbox.js';
import type { FhirOperationDefinition } from '../knowledge/contracts.js';
import type { CdsAppDeps } from './app.js';
import { createFhirClient } from '../data/fhir-client.js';
import { feedbackReport } from './feedback-report.js';
import { todayIn } from '../domain/calendar-date.js';
import { HttpProblem } from './http-problem.js';
import type { RequestAuthenticator } from './jwt-auth.js';
import { authMiddleware } from './middleware.js';
import { adminAuthMiddleware } from './admin-auth.js';

/** Only an engine loaded from trial folders can publish them (test doubles of the engine cannot). */
function isLoadedEngine(engine: CdsAppDeps['engine']): engine is LoadedEngine {
  return 'loadedTrials' in engine && 'valueSets' in engine;
}

/**
 * `/admin` (feedback report, reload) and `/fhir` (the trials as FHIR knowledge artifacts and their
 * operations). With JWT authentication on, `/fhir` needs a valid CDS-client token like the hooks
 * do, except the public CapabilityStatement (`GET /fhir/metadata`), which FHIR clients read before
 * they authenticate; `/admin/*` and the trial upload (`POST /fhir`) need the operator's admin token.
 */
export function mountKnowledgeRoutes(app: Express, deps: CdsAppDeps, authenticator?: RequestAuthenticator): void {
  const { config, logger } = deps;
  if (authenticator && config.baseUrl) {
    const auth = authMiddleware(authenticator, config.baseUrl, logger);
    const admin = adminAuthMiddleware(config.adminTokenDigest, logger);
    app.use('/admin', admin);
    app.use('/fhir', (req, res, next) => {
      if (req.method === 'GET' && req.path === '/metadata') return next();
      return req.method === 'POST' && req.path === '/' ? admin(req, res, next) : auth(req, res, next);
    });
  }
  mountAdminRoutes(app, deps);
  if (isLoadedEngine(deps.engine)) mountFhirRoutes(app, deps, deps.engine);
}

function mountFhirRoutes(app: Express, deps: CdsAppDeps, engine: LoadedEngine): void {
  const { config } = deps;
  app.use(
    '/fhir',
    fhirRouter({
      getEngine: () => engine,
      operations: operationsServed(deps),
      operationDeps: {
        createFhirClient: deps.createFhirClient ?? createFhirClient,
        fhir: config.fhir,
        allowUnlistedFhirServers: config.auth.mode === 'development',
        today: () => todayIn(config.timeZone, deps.now?.() ?? new Date()),
        chartLimits: config.chartLimits,
        deadlineMs: config.requestDeadlineMs,
      },
      ...(deps.installTrialBundle ? { installTrialBundle: deps.installTrialBundle } : {}),
      // The same limit as every other route (TRIALCDS_BODY_LIMIT): a trial Bundle's ELM fits in 10 MB.
      bodyLimit: config.bodyLimit,
      ...(config.baseUrl ? { baseUrl: `${config.baseUrl}/fhir` } : {}),
    }),
  );
}

/**
 * $cql runs caller-written CQL: served only where configured (AppConfig.cqlOperation), and in the
 * sandbox (a worker with memory and time limits) when the service has one. Library/$evaluate runs
 * in the evaluation pool when the service has one, like $evaluate-eligibility (under the deadline).
 */
function operationsServed(deps: CdsAppDeps): FhirOperationDefinition[] {
  const pool = deps.engine instanceof PooledEngine ? deps.engine.pool : undefined;
  const sandbox = deps.cqlSandbox;
  return fhirOperations
    .filter((op) => deps.config.cqlOperation || op.name !== 'cql')
    .map((op) => {
      if (op.name === 'cql' && sandbox) return sandboxedCqlOperation(sandbox);
      if (op === libraryEvaluateOperation && pool) return pooledLibraryEvaluateOperation(pool);
      return op;
    });
}

function mountAdminRoutes(app: Express, deps: CdsAppDeps): void {
  // Counts per trial only: no patient, no user, no comment text leaves the store this way.
  app.get('/admin/feedback', async (_req, res) => {
    res.status(200).json(feedbackReport(await deps.feedbackStore.readAll()));
  });
  app.post('/admin/reload', express.json(), async (_req, res) => {
    if (!deps.reloadTrials) throw new HttpProblem(405, [{ code: 'not-supported', text: 'this service was started without reload support' }]);
    const trials = await deps.reloadTrials();
    deps.logger.info({ trials }, 'trials reloaded');
    res.status(200).json({ trials });
  });
}
