// One patient's checklist as a page of its own (`trialcds explain --html`): the same page, script
// and checklist as the population report, with the checklist as the page instead of a dialog.
import { SummaryBuilder } from '../batch/summary.js';
import type { ResultsLine } from '../batch/person-row.js';
import { ReportBuilder } from './report-builder.js';
import type { ReportTrial } from './report-trials.js';

export async function writePatientChecklist(path: string, line: ResultsLine, trials: readonly ReportTrial[]): Promise<void> {
  const summary = new SummaryBuilder();
  summary.addReport(line);
  const builder = new ReportBuilder(trials);
  builder.addReport(line);
  const meta = { asOf: line.asOf, source: line.patient, complete: true, sourceProblems: { count: 0, samples: [] } };
  await builder.write(path, summary.build(meta), 'patient');
}
