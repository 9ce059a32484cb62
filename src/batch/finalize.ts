import { writeFileSync } from 'node:fs';
import { SummaryBuilder, type ScreeningSummary } from './summary.js';
import { WorklistBuilder } from './worklist.js';
import { PeopleWorklistBuilder } from './people-worklist.js';
import { labelledTrialOf } from './criterion-labels.js';
import { resultsLines } from './results-file.js';
import { ReportBuilder } from '../report/report-builder.js';
import type { ReportTrial } from '../report/report-trials.js';

export interface FinalizeOptions {
  resultsPath: string;
  worklistPath?: string;
  summaryPath?: string;
  /** The screened trials (manifests, libraries): needed by the people's worklists and the report. */
  trials?: readonly ReportTrial[];
  /** One row per patient: candidates and patients ineligible for every trial (people-worklist.ts). */
  people?: { candidatesPath: string; ineligiblePath: string; deidentified?: boolean };
  /** The coordinator's HTML report (src/report). */
  reportPath?: string;
  meta: Pick<ScreeningSummary, 'asOf' | 'source' | 'complete' | 'sourceProblems' | 'run'>;
}

/**
 * Summary, worklists and HTML report are separate builders fed by one streamed pass over the
 * results file, so a resumed run counts the patients finished before the interruption exactly like
 * the others, and `trialcds report` rebuilds them from a results file alone.
 */
export async function finalizeOutputs(options: FinalizeOptions): Promise<ScreeningSummary> {
  const trials = options.trials ?? [];
  if ((options.people || options.reportPath) && !options.trials) throw new Error('finalizeOutputs: people worklists and the report need the trials');
  const summary = new SummaryBuilder();
  const worklist = options.worklistPath ? new WorklistBuilder() : undefined;
  const people = options.people
    ? new PeopleWorklistBuilder(trials.map((t) => labelledTrialOf(t.manifest)), { deidentified: !!options.people.deidentified })
    : undefined;
  const report = options.reportPath ? new ReportBuilder(trials) : undefined;
  for await (const parsed of resultsLines(options.resultsPath)) {
    if (parsed.error !== undefined) {
      summary.addError(parsed.error.code ?? 'exception');
      continue;
    }
    summary.addReport(parsed);
    worklist?.addReport(parsed);
    people?.addReport(parsed);
    report?.addReport(parsed);
  }
  const result = summary.build(options.meta);
  if (worklist && options.worklistPath) await worklist.write(options.worklistPath);
  if (people && options.people) await people.write({ candidates: options.people.candidatesPath, ineligible: options.people.ineligiblePath }, options.meta.asOf);
  if (report && options.reportPath) await report.write(options.reportPath, result);
  if (options.summaryPath) writeFileSync(options.summaryPath, JSON.stringify(result, null, 2) + '\n');
  return result;
}
