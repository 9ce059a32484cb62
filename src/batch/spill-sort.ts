// Sorting rows of a population in bounded memory. The sort key has few values (a status rank ×
// a count), so rows are spilled to one temporary file per key and each key's file is sorted on its
// own when written: memory follows the largest key group, not the population.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Rows held in memory before they are spilled to their sort-key file. */
const SPILL_ROWS = 5000;

interface Spilled {
  /** Ties within a key: by patient id, then by `order`. */
  patient: string;
  order: number;
  text: string;
}

export class SpillSorter {
  private readonly dir = mkdtempSync(join(tmpdir(), 'trialcds-sort-'));
  private readonly buffered = new Map<number, string[]>();
  private readonly keys = new Set<number>();
  private bufferedRows = 0;

  /** `key` ≥ 0 (smaller first); `text` is the finished output line. */
  push(key: number, patient: string, order: number, text: string): void {
    let rows = this.buffered.get(key);
    if (!rows) this.buffered.set(key, (rows = []));
    rows.push(JSON.stringify({ patient, order, text } satisfies Spilled));
    this.keys.add(key);
    if (++this.bufferedRows >= SPILL_ROWS) for (const k of [...this.buffered.keys()]) this.spill(k);
  }

  /** Every row's text in order, one key group in memory at a time; removes the temporary files. */
  async drain(put: (text: string) => Promise<void>): Promise<void> {
    try {
      for (const key of [...this.buffered.keys()]) this.spill(key);
      for (const key of [...this.keys].sort((a, b) => a - b)) {
        const rows = readFileSync(this.fileOf(key), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Spilled);
        rows.sort((a, b) => (a.patient < b.patient ? -1 : a.patient > b.patient ? 1 : a.order - b.order));
        for (const r of rows) await put(r.text);
      }
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
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

/** A write stream's `write` as a promise that waits for drain. */
export function streamPut(out: NodeJS.WritableStream): (text: string) => Promise<void> {
  return (s) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
}
