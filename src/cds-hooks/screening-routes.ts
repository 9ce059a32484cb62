import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
import { fhirServerRefusal } from '../data/fhir-server-allowlist.js';
import { createJobManager, type JobFile, type JobManager } from '../batch/job-manager.js';
import type { EvaluationSpec, Evaluator } from '../batch/evaluator.js';
import { PREFILTERS } from '../batch/fhir-queries.js';
import { checkAsOf } from '../engine/load-engine.js';
import { todayIn } from '../domain/calendar-date.js';
import type { EligibilityEngine } from '../domain/trial.js';
import type { Logger } from '../logging.js';
import { badRequestText, HttpProblem, notFound } from './http-problem.js';
import { createJwtAuthenticator, type RequestAuthenticator } from './jwt-auth.js';
import { authMiddleware } from './middleware.js';
import type { ValueSetExpander } from '../data/query-templates.js';
import { REPORT_PAGE_CSP } from '../report/report-page.js';

export interface ScreeningRoutesDeps {
  engine: EligibilityEngine;
  config: AppConfig;
  logger: Logger;
  expandValueSet: ValueSetExpander;
  authenticator?: RequestAuthenticator;
  /** Tests inject their own (jobs folder, workers); default: `.trialcds/screening-jobs`. */
  screeningJobs?: JobManager;
  /** Screening evaluation in the service's worker pool; absent = on the service's thread. */
  screeningEvaluator?: (spec: EvaluationSpec) => Evaluator;
  /** The clock (tests); the default as-of date is its day in `config.timeZone`. */
  now?: () => Date;
}

const REPORT_CSP = `${REPORT_PAGE_CSP}; frame-ancestors 'none'`;

const JobBody = z.object({
  fhirServer: z.string().url(),
  fhirAuthorization: z.object({ access_token: z.string().min(1) }).passthrough().optional(),
  group: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/).optional(),
  prefilter: z.enum(Object.keys(PREFILTERS) as [string, ...string[]]).optional(),
  trials: z.array(z.string().min(1)).optional(),
  asOf: z.string().optional(),
});

/**
 * Screening jobs over HTTP (contract §4): POST /screening-jobs → 202 + Location; GET …/{id} progress
 * and, when done, the summary; GET …/{id}/results (NDJSON), /worklist, /candidates, /ineligible (CSV), /summary (JSON),
 * /report (the coordinator's HTML page).
 * Same authentication as the hooks; a job only reads a FHIR server on the allowlist (SSRF).
 */
export function screeningRoutes(deps: ScreeningRoutesDeps): Router {
  const { config } = deps;
  const jobs =
    deps.screeningJobs ??
    createJobManager({
      engine: deps.engine,
      expand: deps.expandValueSet,
      jobsDir: resolve('.trialcds/screening-jobs'),
      ...(deps.screeningEvaluator ? { evaluatorFor: deps.screeningEvaluator } : {}),
    });
  const router = express.Router();
  if (config.auth.mode === 'jwt') {
    if (!config.baseUrl) throw new Error('BASE_URL is required when JWT authentication is on');
    router.use(authMiddleware(deps.authenticator ?? createJwtAuthenticator(config.auth), config.baseUrl, deps.logger));
  }
  router.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  const owner = (res: express.Response) => (res.locals.client as string | undefined) ?? undefined;

  router.post('/', (req, res) => {
    const body = parseBody(req);
    checkServer(body.fhirServer, config);
    const asOf = body.asOf ?? todayIn(config.timeZone, deps.now?.() ?? new Date());
    checkAsOf(asOf);
    const known = new Set(deps.engine.trials.map((t) => t.manifest.id));
    const unknown = body.trials?.find((t) => !known.has(t));
    if (unknown) throw badRequestText(`unknown trial "${unknown}"`, 'not-found', 'trials');
    const job = jobs.start(
      {
        input: {
          kind: 'fhir',
          baseUrl: body.fhirServer,
          ...(body.fhirAuthorization ? { token: body.fhirAuthorization.access_token } : {}),
          ...(body.group ? { group: body.group } : {}),
          ...(body.prefilter ? { prefilter: body.prefilter } : {}),
          timeoutMs: config.fhir.timeoutMs,
          retries: config.fhir.retries,
        },
        asOf,
        ...(body.trials ? { trialIds: body.trials } : {}),
      },
      owner(res),
    );
    res.status(202).location(`${req.baseUrl}/${job.id}`).json(job);
  });

  router.get('/:id', (req, res) => {
    res.status(200).json(found(jobs, req.params.id!, owner(res)));
  });
  router.delete('/:id', (req, res) => {
    if (!jobs.cancel(req.params.id!, owner(res))) throw notFound('no such screening job');
    res.status(202).json(found(jobs, req.params.id!, owner(res)));
  });
  const file = (kind: JobFile, type: string, headers?: (id: string) => Record<string, string>) => (req: Request, res: express.Response) => {
    const job = found(jobs, String(req.params.id), owner(res));
    const path = jobs.fileOf(job.id, kind);
    if (job.state !== 'completed' || !existsSync(path))
      throw new HttpProblem(409, [{ code: 'incomplete', text: `the job is ${job.state}; results are served once it has completed` }]);
    res.status(200).type(type);
    if (headers) res.set(headers(job.id));
    createReadStream(path).pipe(res);
  };
  router.get('/:id/results', file('results', 'application/fhir+ndjson'));
  router.get('/:id/worklist', file('worklist', 'text/csv'));
  // For people: one row per patient with names and MRNs (candidates, and ineligible apart).
  router.get('/:id/candidates', file('candidates', 'text/csv; charset=utf-8'));
  router.get('/:id/ineligible', file('ineligible', 'text/csv; charset=utf-8'));
  router.get('/:id/summary', file('summary', 'application/json'));
  // The page is self-contained: a browser showing it may load nothing else, and never frames it.
  router.get(
    '/:id/report',
    file('report', 'text/html; charset=utf-8', (id) => ({ 'Content-Security-Policy': REPORT_CSP, 'Content-Disposition': `inline; filename="screening-report-${id}.html"` })),
  );
  return router;
}

function parseBody(req: Request): z.infer<typeof JobBody> {
  const parsed = JobBody.safeParse(req.body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw badRequestText(`invalid screening job request${where ? ` at ${where}` : ''}`, 'invalid', where || undefined);
  }
  return parsed.data;
}

/** Allowlisted prefixes only; with no allowlist, only in development mode (never a server-side crawl of any URL). */
function checkServer(fhirServer: string, config: AppConfig): void {
  if (!/^https?:\/\//i.test(fhirServer)) throw badRequestText('fhirServer must be an http(s) URL', 'invalid', 'fhirServer');
  const refusal = fhirServerRefusal(fhirServer, config.fhir.serverAllowlist, config.auth.mode === 'development');
  if (refusal) throw new HttpProblem(403, [{ code: 'forbidden', text: refusal, expression: ['fhirServer'] }]);
}

function found(jobs: JobManager, id: string, owner: string | undefined) {
  const job = jobs.get(id, owner);
  if (!job) throw notFound('no such screening job');
  return job;
}
