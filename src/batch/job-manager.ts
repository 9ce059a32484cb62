import type { EvaluationSpec, Evaluator } from './evaluator.js';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValueSetExpander } from '../data/query-templates.js';
import type { EligibilityEngine } from '../domain/trial.js';
import type { ScreeningProgress } from './run-screening.js';
import { screenPopulation, type ScreeningInput } from './screen-population.js';
import type { ScreeningSummary } from './summary.js';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobRequest {
  input: ScreeningInput;
  asOf: string;
  trialIds?: string[];
}

export interface JobView {
  id: string;
  state: JobState;
  createdAt: string;
  progress: ScreeningProgress;
  summary?: ScreeningSummary;
  /** Safe text (never patient data) when the job failed. */
  error?: string;
}

interface Job extends JobView {
  owner: string | undefined;
  request: JobRequest;
  controller: AbortController;
}

export interface JobManagerOptions {
  engine: EligibilityEngine;
  expand: ValueSetExpander;
  /** Each job writes results.ndjson, worklist.csv, candidates.csv, ineligible.csv, summary.json and report.html under jobsDir/<id>/. */
  jobsDir: string;
  /** Worker threads per job (0: evaluate on the service's thread with its engine). */
  workers?: number;
  /** Evaluation in the service's worker pool (overrides `workers`). */
  evaluatorFor?: (spec: EvaluationSpec) => Evaluator;
  now?: () => Date;
}

export interface JobManager {
  start(request: JobRequest, owner?: string): JobView;
  get(id: string, owner?: string): JobView | undefined;
  cancel(id: string, owner?: string): boolean;
  fileOf(id: string, kind: JobFile): string;
  /** Resolves when no job is queued or running (tests, shutdown). */
  idle(): Promise<void>;
}

const FILES = {
  results: 'results.ndjson',
  worklist: 'worklist.csv',
  candidates: 'candidates.csv',
  ineligible: 'ineligible.csv',
  summary: 'summary.json',
  report: 'report.html',
};

export type JobFile = keyof typeof FILES;

/**
 * Screening jobs for the HTTP API, without express: one job runs at a time (a population run
 * already uses every core), the rest wait in order. Jobs live in memory (a restart forgets them;
 * their files stay on disk); a bearer token for the FHIR server lives only in the job's memory.
 */
export function createJobManager(options: JobManagerOptions): JobManager {
  const jobs = new Map<string, Job>();
  const queue: Job[] = [];
  let running: Promise<void> | undefined;
  const now = options.now ?? (() => new Date());

  const runNext = (): void => {
    if (running) return;
    const job = queue.shift();
    if (!job) return;
    running = runJob(job).finally(() => {
      running = undefined;
      runNext();
    });
  };

  const runJob = async (job: Job): Promise<void> => {
    if (job.state === 'cancelled') return;
    job.state = 'running';
    const dir = join(options.jobsDir, job.id);
    mkdirSync(dir, { recursive: true });
    try {
      job.summary = await screenPopulation({
        input: job.request.input,
        engine: options.engine,
        expand: options.expand,
        engineSpec: {},
        asOf: job.request.asOf,
        ...(job.request.trialIds?.length ? { trialIds: job.request.trialIds } : {}),
        resultsPath: join(dir, FILES.results),
        worklistPath: join(dir, FILES.worklist),
        summaryPath: join(dir, FILES.summary),
        people: { candidatesPath: join(dir, FILES.candidates), ineligiblePath: join(dir, FILES.ineligible) },
        reportPath: join(dir, FILES.report),
        overwrite: true,
        workers: options.workers ?? 0,
        ...(options.evaluatorFor ? { evaluatorFor: options.evaluatorFor } : {}),
        signal: job.controller.signal,
        onProgress: (p) => (job.progress = p),
      });
      job.state = job.controller.signal.aborted ? 'cancelled' : 'completed';
    } catch (error) {
      job.state = 'failed';
      job.error = safeMessage(error);
    } finally {
      // The token is not needed any more: drop it from memory.
      if (job.request.input.kind === 'fhir') delete job.request.input.token;
    }
  };

  const owned = (id: string, owner?: string) => {
    const job = jobs.get(id);
    return job && job.owner === owner ? job : undefined;
  };

  return {
    start(request, owner) {
      const job: Job = {
        id: randomUUID(),
        state: 'queued',
        createdAt: now().toISOString(),
        progress: { processed: 0, skipped: 0, errors: 0 },
        owner,
        request,
        controller: new AbortController(),
      };
      jobs.set(job.id, job);
      queue.push(job);
      runNext();
      return view(job);
    },
    get: (id, owner) => {
      const job = owned(id, owner);
      return job ? view(job) : undefined;
    },
    cancel(id, owner) {
      const job = owned(id, owner);
      if (!job) return false;
      job.controller.abort();
      if (job.state === 'queued') job.state = 'cancelled';
      return true;
    },
    fileOf: (id, kind) => join(options.jobsDir, id, FILES[kind]),
    async idle() {
      while (running || queue.length) await (running ?? Promise.resolve());
    },
  };
}

function view(job: Job): JobView {
  return {
    id: job.id,
    state: job.state,
    createdAt: job.createdAt,
    progress: { ...job.progress },
    ...(job.summary ? { summary: job.summary } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

function safeMessage(error: unknown): string {
  const e = error as { name?: string; message?: string };
  // Our own errors carry messages written to be shown (no patient data, no token, no query values).
  if (e?.name === 'FhirClientError' || e?.name === 'BadInputError' || e?.name === 'UserFacingError' || e?.name === 'ArtifactError') {
    return e.message ?? 'screening failed';
  }
  return 'internal error while screening';
}
