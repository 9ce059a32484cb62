import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EligibilityReport } from '../domain/criterion.js';
import { SummaryBuilder, type ScreeningSummary } from './summary.js';
import { WorklistBuilder } from './worklist.js';

export interface FinalizeOptions {
  resultsPath: string;
  worklistPath?: string;
  summaryPath?: string;
  meta: Pick<ScreeningSummary, 'asOf' | 'source' | 'complete' | 'sourceProblems' | 'run'>;
}

/**
 * Summary and worklist are computed from the results file in one streamed pass, so a resumed run
 * counts the patients finished before the interruption exactly like the others.
 */
export async function finalizeOutputs(options: FinalizeOptions): Promise<ScreeningSummary> {
  const summary = new SummaryBuilder();
  const worklist = options.worklistPath ? new WorklistBuilder() : undefined;
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
  }
  const result = summary.build(options.meta);
  if (worklist && options.worklistPath) await worklist.write(options.worklistPath);
  if (options.summaryPath) writeFileSync(options.summaryPath, JSON.stringify(result, null, 2) + '\n');
  return result;
}
