import type { Command } from 'commander';
import { basename } from 'node:path';
import { readRunRecord } from '../batch/checkpoint.js';
import { finalizeOutputs } from '../batch/finalize.js';
import { overviewOf } from '../batch/results-file.js';
import { peopleOutputs } from '../batch/people-worklist.js';
import { formatSummaryTable } from '../batch/summary-table.js';
import { reportTrialsOf } from '../report/report-trials.js';
import { checkTrialsExist, loadEngineFor } from './engine-options.js';
import { checkWritablePath, withStdoutReserved } from './io.js';

interface ReportFlags {
  out?: string;
  summary?: string;
  worklist?: string;
  candidates?: string;
  ineligible?: string;
  deidentified?: boolean;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("rebuild the coordinator's HTML report (and, when asked, the other outputs) from a screening results file, e.g. after --resume or concatenated shards")
    .argument('<results.ndjson>', 'results of `trialcds screen` (one report per line)')
    .option('--out <file>', 'the HTML report (default: <results>.report.html)')
    .option('--summary <file>', 'also write the summary JSON')
    .option('--worklist <file>', 'also write the machine worklist CSV (one row per patient and trial)')
    .option('--candidates <file>', 'also write the candidates CSV for people (one row per patient)')
    .option('--ineligible <file>', 'also write the CSV of patients ineligible for every trial')
    .option('--deidentified', 'the candidates/ineligible CSVs without names and MRNs')
    .action(async (results: string, flags: ReportFlags, command: Command) => {
      const overview = await overviewOf(results);
      checkTrialsExist(command, overview.trials);
      const engine = await withStdoutReserved(() => loadEngineFor(command, overview.trials));
      const trials = overview.trials.map((id) => engine.trials.find((t) => t.manifest.id === id)!);
      const out = flags.out ?? `${results}.report.html`;
      for (const [flag, path] of Object.entries({ '--out': out, '--summary': flags.summary, '--worklist': flags.worklist, '--candidates': flags.candidates, '--ineligible': flags.ineligible })) {
        if (path !== undefined) checkWritablePath(path, flag);
      }
      const peopleAsked = flags.candidates !== undefined || flags.ineligible !== undefined;
      const summary = await finalizeOutputs({
        resultsPath: results,
        trials: reportTrialsOf({ trials, loadedTrials: engine.loadedTrials }),
        reportPath: out,
        ...(flags.summary ? { summaryPath: flags.summary } : {}),
        ...(flags.worklist ? { worklistPath: flags.worklist } : {}),
        ...(peopleAsked ? { people: peopleOutputs(results, flags) } : {}),
        meta: {
          asOf: overview.asOf,
          source: `${readRunRecord(results)?.source ?? 'screening'} (rebuilt from ${basename(results)})`,
          complete: true,
          sourceProblems: { count: 0, samples: [] },
        },
      });
      process.stderr.write(`report → ${out}\n`);
      process.stdout.write(formatSummaryTable(summary) + '\n');
    });
}
