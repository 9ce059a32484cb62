// The coordinator's HTML report, built beside the summary and worklist in the finalize pass: rows
// are appended to a temporary file as the results stream by (memory stays flat), and the page is
// written at the end — header and funnels (which need the totals), then the rows copied through.
import { appendFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ScreeningSummary } from '../batch/summary.js';
import { labelledTrialOf, type LabelledTrial } from '../batch/criterion-labels.js';
import type { ResultsLine } from '../batch/person-row.js';
import { streamPut } from '../batch/spill-sort.js';
import { scriptJson } from './html-text.js';
import { pageEnd, pageStart, type PageMode } from './report-page.js';
import { rowsOf } from './report-rows.js';
import { pageTrialOf, type PageTrial, type ReportTrial } from './report-trials.js';

/** Rows held before they are appended to the temporary file. */
const FLUSH_ROWS = 1000;
/** Distinct texts kept in the string table; past it, texts stay in their rows (memory stays bounded). */
const MAX_STRINGS = 200_000;

export class ReportBuilder {
  private readonly trials: PageTrial[];
  private readonly labelled: LabelledTrial[];
  private readonly dir = mkdtempSync(join(tmpdir(), 'trialcds-report-'));
  private readonly rowsFile = join(this.dir, 'rows.jsonl');
  private pending: string[] = [];
  private readonly strings = new Map<string, number>();
  private readonly intern = (text: string): number | string => {
    let index = this.strings.get(text);
    if (index === undefined && this.strings.size < MAX_STRINGS) this.strings.set(text, (index = this.strings.size));
    return index ?? text;
  };

  constructor(trials: readonly ReportTrial[]) {
    this.trials = trials.map(pageTrialOf);
    this.labelled = trials.map((t) => labelledTrialOf(t.manifest));
  }

  addReport(line: ResultsLine): void {
    for (const row of rowsOf(line, this.trials, this.labelled, this.intern)) this.pending.push(scriptJson(row));
    if (this.pending.length >= FLUSH_ROWS) this.flush();
  }

  /** Writes the page (summary of the same pass) and removes the temporary file. */
  async write(path: string, summary: ScreeningSummary, mode: PageMode = 'population'): Promise<void> {
    this.flush();
    const out = createWriteStream(path);
    const put = streamPut(out);
    try {
      await put(pageStart(summary, this.trials, mode));
      let first = true;
      const lines = createInterface({
        input: createReadStream(this.rowsFile, { flags: 'a+' }),
        crlfDelay: Infinity,
      });
      for await (const line of lines) {
        if (!line) continue;
        await put(first ? line : `,\n${line}`);
        first = false;
      }
      await put(pageEnd([...this.strings.keys()]));
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private flush(): void {
    if (this.pending.length) appendFileSync(this.rowsFile, this.pending.join('\n') + '\n');
    this.pending = [];
  }
}
