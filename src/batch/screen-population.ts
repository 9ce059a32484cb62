import { BadInputError } from '../domain/errors.js';
import { createFhirClient } from '../data/fhir-client.js';
import type { ValueSetExpander } from '../data/query-templates.js';
import type { EligibilityEngine, TrialInfo } from '../domain/trial.js';
import { checkAsOf } from '../engine/load-engine.js';
import { prepareOutput } from './checkpoint.js';
import { createInProcessEvaluator, type EvaluationSpec, type Evaluator } from './evaluator.js';
import { finalizeOutputs, type FinalizeOptions } from './finalize.js';
import { createFhirSource } from './fhir-source.js';
import { openNdjsonSource } from './ndjson-source.js';
import type { PopulationSource } from './population.js';
import { runScreening, type ScreeningProgress, type Shard } from './run-screening.js';
import type { ScreeningSummary } from './summary.js';
import { createWorkerPool } from './worker-pool.js';
import { reportTrialsOf } from '../report/report-trials.js';
import type { LoadedTrial } from '../artifacts/trial-registry.js';

export type ScreeningInput =
  | { kind: 'ndjson'; dir: string; workDir?: string }
  | {
      kind: 'fhir';
      baseUrl: string;
      /** Bearer token: kept in memory only, never written or logged. */
      token?: string;
      group?: string;
      prefilter?: string;
      timeoutMs?: number;
      retries?: number;
      /** HTTP requests in flight at once. */
      concurrency?: number;
      pageSize?: number;
    };

export interface ScreenOptions {
  input: ScreeningInput;
  /** Loaded once by the caller: trial metadata, FHIR queries, and in-process evaluation. */
  engine: EligibilityEngine;
  /** Codes of a value set (FHIR query narrowing, prefilter). */
  expand: ValueSetExpander;
  engineSpec: EvaluationSpec['engine'];
  asOf: string;
  trialIds?: string[];
  resultsPath: string;
  worklistPath?: string;
  summaryPath?: string;
  /** The people's worklists: one row per patient, candidates and ineligible apart. */
  people?: FinalizeOptions['people'];
  /** The coordinator's HTML report; results lines then carry sub-expression values for its checklists. */
  reportPath?: string;
  resume?: boolean;
  overwrite?: boolean;
  shard?: Shard;
  /** Worker threads for evaluation; 0 evaluates on this thread with `engine`. */
  workers: number;
  /** Evaluation somewhere else (the service's worker pool); overrides `workers`. */
  evaluatorFor?: (spec: EvaluationSpec) => Evaluator;
  signal?: AbortSignal;
  onProgress?: (progress: ScreeningProgress) => void;
}

/** One screening run, end to end: source → resume check → evaluation → summary and worklist. */
export async function screenPopulation(options: ScreenOptions): Promise<ScreeningSummary> {
  checkAsOf(options.asOf);
  const trials = selectedTrials(options.engine, options.trialIds);
  const started = Date.now();
  const source = await openSource(options, trials);
  let evaluator: Evaluator | undefined;
  try {
    const record = { version: 1 as const, source: source.description, asOf: options.asOf, trials: trials.map((t) => t.manifest.id) };
    const { done } = await prepareOutput(options.resultsPath, record, options);
    const spec: EvaluationSpec = {
      engine: options.engineSpec,
      asOf: options.asOf,
      trialIds: record.trials,
      shared: await source.shared(),
      ...(options.reportPath ? { withExpressionValues: true } : {}),
      ...(options.people?.deidentified ? { deidentified: true } : {}),
    };
    evaluator = options.evaluatorFor
      ? options.evaluatorFor(spec)
      : options.workers > 0
        ? await createWorkerPool(spec, options.workers)
        : createInProcessEvaluator(options.engine, spec);
    const outcome = await runScreening({ source, evaluator, resultsPath: options.resultsPath, asOf: options.asOf, done, ...pick(options) });
    const seconds = (Date.now() - started) / 1000;
    return await finalizeOutputs({
      resultsPath: options.resultsPath,
      ...(options.worklistPath ? { worklistPath: options.worklistPath } : {}),
      ...(options.summaryPath ? { summaryPath: options.summaryPath } : {}),
      trials: reportTrialsOf({ trials, loadedTrials: loadedTrialsOf(options.engine) }),
      ...(options.people ? { people: options.people } : {}),
      ...(options.reportPath ? { reportPath: options.reportPath } : {}),
      meta: {
        asOf: options.asOf,
        source: source.description,
        complete: outcome.complete,
        sourceProblems: source.problems(),
        run: { seconds, patientsPerSecond: seconds > 0 ? outcome.processed / seconds : 0, peakRssMb: peakRssMb() },
      },
    });
  } finally {
    await evaluator?.close();
    await source.close();
  }
}

function pick(o: ScreenOptions) {
  return {
    ...(o.shard ? { shard: o.shard } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  };
}

function selectedTrials(engine: EligibilityEngine, ids: string[] | undefined) {
  if (!ids?.length) return [...engine.trials];
  return ids.map((id) => engine.trials.find((t) => t.manifest.id === id) ?? unknownTrial(engine, id));
}

function unknownTrial(engine: EligibilityEngine, id: string): never {
  const known = engine.trials.map((t) => t.manifest.id).join(', ');
  throw new BadInputError(`unknown trial "${id}"; known trials: ${known}`, 'not-found');
}

async function openSource(options: ScreenOptions, trials: TrialInfo[]): Promise<PopulationSource> {
  const input = options.input;
  if (input.kind === 'ndjson') return openNdjsonSource(input.dir, input.workDir ? { workDir: input.workDir } : {});
  const client = createFhirClient({
    baseUrl: input.baseUrl,
    ...(input.token ? { accessToken: input.token } : {}),
    timeoutMs: input.timeoutMs ?? 15_000,
    retries: input.retries ?? 3,
    maxPages: 1000,
  });
  const expand = options.expand;
  return createFhirSource({
    client,
    trials,
    expand,
    ...(input.group ? { group: input.group } : {}),
    ...(input.prefilter ? { prefilter: input.prefilter } : {}),
    ...(input.concurrency ? { concurrency: input.concurrency } : {}),
    ...(input.pageSize ? { pageSize: input.pageSize } : {}),
  });
}

/** Peak resident memory of the process (worker threads included), MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** The loaded engine (and the service's reloadable one) expose their trials' libraries; a plain engine does not. */
function loadedTrialsOf(engine: EligibilityEngine): readonly LoadedTrial[] | undefined {
  return (engine as { loadedTrials?: readonly LoadedTrial[] }).loadedTrials;
}
