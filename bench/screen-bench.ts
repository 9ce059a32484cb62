import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { screenPopulation } from '../src/batch/screen-population.js';
import { loadEngine, type LoadedEngine } from '../src/engine/load-engine.js';
import { writeNdjsonExport } from './population/generate.js';

/**
 * Screening throughput and peak memory on generated NDJSON populations (bench/population).
 * `node dist/bench/screen-bench.js [count…] [--budget-s 480] [--workers n] [--lupus-share 0.35]`
 * Each run is bounded by the time budget: it is interrupted (as an operator would) when the budget
 * is spent, and the rate is computed on the patients actually finished. `npm run bench` calls
 * `screenGenerated` for its screening row.
 */
export interface ScreeningRun {
  patients: number;
  resources: number;
  lupusShare: number;
  workers: number;
  generateSeconds: number;
  screened: number;
  complete: boolean;
  seconds: number;
  patientsPerSecond: number;
  patientsPerSecondPerCore: number;
  peakRssMb: number | undefined;
}

export async function screenGenerated(engine: LoadedEngine, count: number, options: { workers: number; lupusShare: number; budgetS: number }): Promise<ScreeningRun> {
  const { workers, lupusShare, budgetS } = options;
  const dir = mkdtempSync(join(tmpdir(), 'trialcds-bench-'));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budgetS * 1000);
  try {
    const t0 = performance.now();
    const gen = await writeNdjsonExport(join(dir, 'export'), { count, seed: 7, lupusShare });
    const generateSeconds = (performance.now() - t0) / 1000;
    let screened = 0;
    const started = performance.now();
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
      onProgress: (p) => (screened = p.processed),
    });
    const seconds = (performance.now() - started) / 1000;
    const patientsPerSecond = screened / seconds;
    return {
      patients: count,
      resources: gen.resources,
      lupusShare,
      workers,
      generateSeconds,
      screened,
      complete: summary.complete,
      seconds,
      patientsPerSecond,
      patientsPerSecondPerCore: patientsPerSecond / workers,
      peakRssMb: summary.run?.peakRssMb,
    };
  } finally {
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, def: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const counts = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')).map(Number);
  const options = { budgetS: flag('--budget-s', 480), workers: flag('--workers', availableParallelism()), lupusShare: flag('--lupus-share', 0.35) };
  console.log = console.info = () => undefined; // ucum-lhc chatter
  const engine = await loadEngine();
  process.stderr.write(`machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}\n`);
  for (const count of counts.length ? counts : [1000, 10000]) {
    const run = await screenGenerated(engine, count, options);
    process.stdout.write(JSON.stringify(run) + '\n');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
