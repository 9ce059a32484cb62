import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EligibilityReport } from '../domain/criterion.js';
import { SummaryBuilder, type ScreeningSummary } from './summary.js';
import { WorklistBuilder } from './worklist.js';
import { ReportBuilder } from '../report/report-builder.js';
import type { ReportTrial } from '../report/report-trials.js';

export interface FinalizeOptions {
  resultsPath: string;
  worklistPath?: string;
  summaryPath?: string;
  /** The coordinator's HTML report (src/report) and the trials it describes. */
  report?: { path: string; trials: readonly ReportTrial[] };
  meta: Pick<ScreeningSummary, 'asOf' | 'source' | 'complete' | 'sourceProblems' | 'run'>;
}

/**
 * Summary, worklist and HTML report are separate builders fed by one streamed pass over the
 * results file; they are computed from the results file in one streamed pass, so a resumed run
 * counts the patients finished before the interruption exactly like the others.
 */
export async function finalizeOutputs(options: FinalizeOptions): Promise<ScreeningSummary> {
  const summary = new SummaryBuilder();
  const worklist = options.worklistPath ? new WorklistBuilder() : undefined;
  const report = options.report ? new ReportBuilder(options.report.trials) : undefined;
  const lines = createInterface({ input: createReadStream(options.resultsPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const parsed = JSON.parse(line) as EligibilityReport & { error?: { code?: string } };
    if (parsed.error) {
      summary.addError(parsed.error.code ?? 'exception');
      continue;
    }
    summary.addReport(parsed);
    worklist?.addReport(parsed);
    report?.addReport(parsed);
  }
  const result = summary.build(options.meta);
  if (worklist && options.worklistPath) await worklist.write(options.worklistPath);
  if (report && options.report) await report.write(options.report.path, result);
  if (options.summaryPath) writeFileSync(options.summaryPath, JSON.stringify(result, null, 2) + '\n');
  return result;
}
