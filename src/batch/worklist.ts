import { appendFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CriterionStatus, EligibilityReport, TrialStatus } from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import { DEFAULT_SOON_DAYS, daysUntilEligible } from '../domain/dates.js';

/** The coordinator's worklist: one row per patient and trial, most promising first. */
export const WORKLIST_HEADER = ['patient', 'trial', 'status', 'unknown_count', 'unknown_criteria', 'review_criteria', 'failed_criteria', 'eligible_from', 'reassess_by'];

const RANK: Record<TrialStatus, number> = { 'likely-eligible': 0, 'possibly-eligible': 1, ineligible: 3 };
/** Ineligible now, eligible within the soon window (issue 15): after the possibly-eligible, soonest first. */
const SOON_RANK = 2;
/** Rows held in memory before they are spilled to their sort-key file. */
const SPILL_ROWS = 5000;

interface Row {
  key: number;
  patient: string;
  trialIndex: number;
  text: string;
}

/**
 * Sorting: likely-eligible, then possibly-eligible (fewest unknowns first), then eligible soon
 * (ineligible, eligible within `soonDays`: soonest first), then ineligible; ties by
 * patient id, then trial order. The sort key has few values (3 statuses × unknown counts), so rows
 * are spilled to one temporary file per key and each key's file is sorted on its own: memory
 * follows the largest key group, not the population.
 */
export class WorklistBuilder {
  private readonly dir = mkdtempSync(join(tmpdir(), 'trialcds-worklist-'));
  private readonly buffered = new Map<number, string[]>();
  private bufferedRows = 0;
  private readonly trialOrder = new Map<string, number>();

  constructor(private readonly soonDays: number = DEFAULT_SOON_DAYS) {}

  addReport(report: EligibilityReport): void {
    for (const trial of report.trials) {
      if (!this.trialOrder.has(trial.id)) this.trialOrder.set(trial.id, this.trialOrder.size);
      const leaves = { unknown: [] as string[], review: [] as string[], fail: [] as string[], pass: [] as string[] };
      for (const c of walkCriteria(trial.criteria)) if (!c.criteria?.length) leaves[c.status as CriterionStatus].push(c.id);
      const soon = daysUntilEligible(trial, report.asOf, this.soonDays);
      const key = soon !== undefined ? SOON_RANK * 10_000 + Math.min(soon, 9999) : RANK[trial.status] * 10_000 + Math.min(leaves.unknown.length, 9999);
      const text = [report.patient, trial.id, trial.status, String(leaves.unknown.length), leaves.unknown.join(' '), leaves.review.join(' '), leaves.fail.join(' '), trial.eligibleFrom ?? '', trial.reassessBy ?? '']
        .map(csvField)
        .join(',');
      const row = JSON.stringify({ key, patient: report.patient, trialIndex: this.trialOrder.get(trial.id)!, text } satisfies Row);
      this.push(key, row);
    }
  }

  /** Writes the CSV and removes the temporary files. */
  async write(path: string): Promise<void> {
    for (const key of [...this.buffered.keys()]) this.spill(key);
    const out = createWriteStream(path);
    const put = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
    await put(WORKLIST_HEADER.join(',') + '\r\n');
    for (const key of [...this.keys].sort((a, b) => a - b)) {
      const rows = readFileSync(this.fileOf(key), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
      rows.sort((a, b) => (a.patient < b.patient ? -1 : a.patient > b.patient ? 1 : a.trialIndex - b.trialIndex));
      for (const r of rows) await put(r.text + '\r\n');
    }
    await new Promise<void>((resolve) => out.end(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private readonly keys = new Set<number>();

  private push(key: number, row: string): void {
    let rows = this.buffered.get(key);
    if (!rows) this.buffered.set(key, (rows = []));
    rows.push(row);
    this.keys.add(key);
    if (++this.bufferedRows >= SPILL_ROWS) for (const k of [...this.buffered.keys()]) this.spill(k);
  }

  private spill(key: number): void {
    const rows = this.buffered.get(key);
    if (!rows?.length) return;
    appendFileSync(this.fileOf(key), rows.join('\n') + '\n');
    this.bufferedRows -= rows.length;
    this.buffered.delete(key);
  }

  private fileOf(key: number): string {
    return join(this.dir, `k${key}.jsonl`);
  }
}

/** RFC 4180: quote when needed; a leading = + - @ is prefixed so a spreadsheet never runs it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
