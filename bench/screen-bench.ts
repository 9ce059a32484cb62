import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenPopulation } from '../src/batch/screen-population.js';
import { loadEngine } from '../src/engine/load-engine.js';
import { writeNdjsonExport } from './population/generate.js';

/**
 * Screening throughput and peak memory on generated NDJSON populations (bench/population).
 * `node dist/bench/screen-bench.js [count…] [--budget-s 480] [--workers n] [--lupus-share 0.35]`
 * Each run is bounded by the time budget: it is interrupted (as an operator would) when the budget
 * is spent, and the rate is computed on the patients actually finished.
 */
const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const counts = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')).map(Number);
const budgetS = flag('--budget-s', 480);
const workers = flag('--workers', availableParallelism());
const lupusShare = flag('--lupus-share', 0.35);

console.log = console.info = () => undefined; // ucum-lhc chatter
const engine = await loadEngine();
process.stderr.write(`machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}\n`);
for (const count of counts.length ? counts : [1000, 10000]) {
  const dir = mkdtempSync(join(tmpdir(), 'trialcds-bench-'));
  const t0 = Date.now();
  const gen = await writeNdjsonExport(join(dir, 'export'), { count, seed: 7, lupusShare });
  const genS = (Date.now() - t0) / 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budgetS * 1000);
  let processed = 0;
  const started = Date.now();
  const summary = await screenPopulation({
    input: { kind: 'ndjson', dir: join(dir, 'export') },
    engine,
    expand: (url) => engine.valueSets.get(url)?.codes,
    engineSpec: {},
    asOf: '2026-11-01',
    resultsPath: join(dir, 'results.ndjson'),
    workers,
    overwrite: true,
    signal: controller.signal,
    onProgress: (p) => (processed = p.processed),
  });
  clearTimeout(timer);
  const seconds = (Date.now() - started) / 1000;
  const row = {
    patients: count,
    resources: gen.resources,
    lupusShare,
    workers,
    generateSeconds: genS,
    screened: processed,
    complete: summary.complete,
    seconds: Math.round(seconds),
    patientsPerSecond: Number((processed / seconds).toFixed(2)),
    peakRssMb: summary.run?.peakRssMb,
  };
  process.stdout.write(JSON.stringify(row) + '\n');
  rmSync(dir, { recursive: true, force: true });
}
