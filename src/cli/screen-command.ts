import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { FhirClientError } from '../data/fhir-client.js';
import { BadInputError } from '../domain/errors.js';
import { readRunRecord } from '../batch/checkpoint.js';
import { createProgressReporter } from '../batch/progress.js';
import type { Shard } from '../batch/run-screening.js';
import { screenPopulation, type ScreeningInput } from '../batch/screen-population.js';
import { formatSummaryTable } from '../batch/summary-table.js';
import { peopleOutputs } from '../batch/people-worklist.js';
import { workerScript } from '../batch/worker-pool.js';
import { loadEngineFor } from './engine-options.js';
import { collect, todayIso, withStdoutReserved } from './io.js';

interface ScreenFlags {
  fhir?: string;
  ndjson?: string;
  trial?: string[];
  asOf?: string;
  out: string;
  worklist?: string;
  candidates?: string;
  ineligible?: string;
  deidentified?: boolean;
  summary?: string;
  /** A file, true (the default name) or false (--no-report). */
  report: string | boolean;
  tokenFile?: string;
  group?: string;
  prefilter?: string;
  concurrency: string;
  workers?: string;
  timeoutMs: string;
  retries: string;
  shard?: string;
  resume?: boolean;
  overwrite?: boolean;
  workDir?: string;
  progressInterval: string;
}

export function registerScreenCommand(program: Command): void {
  program
    .command('screen')
    .description('screen a population (FHIR server or Bulk Data NDJSON export) against the trials')
    .option('--fhir <base-url>', 'FHIR R4 server to search (token: TRIALCDS_FHIR_TOKEN or --token-file)')
    .option('--ndjson <dir>', 'FHIR Bulk Data export folder (.ndjson files)')
    .option('--trial <id>', 'a trial to screen for (repeatable; default: all)', collect)
    .option('--as-of <YYYY-MM-DD>', 'screening date (default: today, or the resumed run’s)')
    .option('--out <file>', 'results NDJSON, one report per patient', 'screening-results.ndjson')
    .option('--worklist <file>', 'CSV worklist (default: <out>.worklist.csv)')
    .option('--candidates <file>', 'CSV for people: one row per candidate patient with name, MRN, age, sex, every trial, data to obtain (default: <out>.candidates.csv)')
    .option('--ineligible <file>', 'CSV for people: patients ineligible for every trial, and why (default: <out>.ineligible.csv)')
    .option('--deidentified', 'name nobody: the results and the candidates/ineligible CSVs carry source ids, ages and sexes only (no names, MRNs or birth dates)')
    .option('--summary <file>', 'summary JSON (default: <out>.summary.json)')
    .option('--report <file>', "coordinator's HTML report: funnels, worklist, checklists (default: <out>.report.html)")
    .option('--no-report', 'write no HTML report')
    .option('--token-file <file>', 'file holding the FHIR bearer token')
    .option('--group <id>', 'screen the members of this Group (FHIR)')
    .option('--prefilter <name>', 'narrow to likely candidates first (FHIR): sle')
    .option('--concurrency <n>', 'FHIR requests in flight at once', '8')
    .option('--workers <n>', 'evaluation worker threads (0 = this thread; default: CPU cores)')
    .option('--timeout-ms <ms>', 'per FHIR request', '15000')
    .option('--retries <n>', 'retries on 429/5xx/network errors', '3')
    .option('--shard <i/n>', 'only the i-th of n hash shards of the population (several machines)')
    .option('--resume', 'continue an interrupted run of the same --out')
    .option('--overwrite', 'start again even if --out holds results')
    .option('--work-dir <dir>', 'temporary partition files (default: OS temp folder)')
    .option('--progress-interval <s>', 'seconds between progress lines when not on a terminal', '10')
    .action(async (flags: ScreenFlags, command: Command) => {
      const input = inputOf(flags);
      const asOf = flags.asOf ?? (flags.resume ? readRunRecord(flags.out)?.asOf : undefined) ?? todayIso();
      const workers = workersOf(flags.workers);
      const controller = new AbortController();
      const onSignal = () => {
        process.stderr.write('\ninterrupting: finishing patients in progress (Ctrl-C again to quit now)\n');
        process.once('SIGINT', () => process.exit(130));
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      const progress = createProgressReporter(process.stderr, positive(flags.progressInterval, '--progress-interval') * 1000);
      try {
        const engine = await withStdoutReserved(() => loadEngineFor(command, flags.trial));
        const flagsG = command.optsWithGlobals<{ trialsDir?: string; valuesetsDir?: string; allowMissingValuesets?: boolean }>();
        process.stderr.write(`screening with ${workers > 0 ? `${workers} worker thread(s)` : 'this thread'}; results → ${flags.out}\n`);
        const summary = await withStdoutReserved(() =>
          screenPopulation({
            input,
            engine,
            expand: (url) => engine.valueSets.get(url)?.codes,
            engineSpec: { trialsDir: flagsG.trialsDir, valueSetsDir: flagsG.valuesetsDir, onlyTrials: flags.trial, allowMissingValueSets: !!flagsG.allowMissingValuesets },
            asOf,
            ...(flags.trial?.length ? { trialIds: flags.trial } : {}),
            resultsPath: flags.out,
            worklistPath: flags.worklist ?? `${flags.out}.worklist.csv`,
            summaryPath: flags.summary ?? `${flags.out}.summary.json`,
            people: peopleOutputs(flags.out, flags),
            ...(flags.report === false ? {} : { reportPath: typeof flags.report === 'string' ? flags.report : `${flags.out}.report.html` }),
            resume: !!flags.resume,
            overwrite: !!flags.overwrite,
            ...(flags.shard ? { shard: shardOf(flags.shard) } : {}),
            workers,
            signal: controller.signal,
            onProgress: (p) => progress.update(p),
          }),
        );
        progress.finish();
        process.stdout.write(formatSummaryTable(summary) + '\n');
        if (!summary.complete) process.exitCode = 130;
      } catch (error) {
        progress.finish();
        if (!(error instanceof FhirClientError)) throw error;
        // The population could not be listed: the run did not happen (not a bad argument).
        process.stderr.write(`trialcds: screening stopped: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

function inputOf(flags: ScreenFlags): ScreeningInput {
  if (!!flags.fhir === !!flags.ndjson) throw new BadInputError('give exactly one of --fhir <base-url> or --ndjson <dir>');
  if (flags.resume && flags.overwrite) throw new BadInputError('--resume and --overwrite contradict each other');
  if (flags.ndjson) {
    if (flags.group || flags.prefilter || flags.tokenFile) throw new BadInputError('--group, --prefilter and --token-file apply to --fhir only');
    return { kind: 'ndjson', dir: flags.ndjson, ...(flags.workDir ? { workDir: flags.workDir } : {}) };
  }
  let url: URL;
  try {
    url = new URL(flags.fhir!);
  } catch {
    throw new BadInputError('--fhir must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadInputError('--fhir must be an http(s) URL');
  const token = tokenOf(flags.tokenFile);
  return {
    kind: 'fhir',
    baseUrl: flags.fhir!,
    ...(token ? { token } : {}),
    ...(flags.group ? { group: flags.group } : {}),
    ...(flags.prefilter ? { prefilter: flags.prefilter } : {}),
    concurrency: positive(flags.concurrency, '--concurrency'),
    timeoutMs: positive(flags.timeoutMs, '--timeout-ms'),
    retries: count(flags.retries, '--retries'),
  };
}

/** A file or the environment, never a flag value (it would show in `ps`); never logged. */
function tokenOf(file: string | undefined): string | undefined {
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim() || undefined;
    } catch {
      throw new BadInputError(`cannot read --token-file ${file}`);
    }
  }
  return process.env.TRIALCDS_FHIR_TOKEN?.trim() || undefined;
}

function workersOf(value: string | undefined): number {
  if (value !== undefined) {
    const n = count(value, '--workers');
    if (n > 0 && !workerScript()) throw new BadInputError('--workers needs the built service (npm run build); use --workers 0');
    return n;
  }
  return workerScript() ? Math.max(1, availableParallelism()) : 0;
}

function shardOf(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new BadInputError('--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4)');
  return { index: index - 1, count: total };
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadInputError(`${flag} must be a positive integer`);
  return n;
}

function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new BadInputError(`${flag} must be a whole number ≥ 0`);
  return n;
}

