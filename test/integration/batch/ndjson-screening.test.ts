import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenPopulation, type ScreenOptions } from '../../../src/batch/screen-population.js';
import { WORKLIST_HEADER } from '../../../src/batch/worklist.js';
import { workerScript } from '../../../src/batch/worker-pool.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { ndjsonScreenOptions, population, sortedLines, writeExport } from './fixtures.js';

let engine: LoadedEngine;
let exportDir: string;
const charts = population();

beforeAll(async () => {
  engine = await loadEngine();
  exportDir = writeExport(charts, true);
});

function options(out: string, extra: Partial<ScreenOptions> = {}): ScreenOptions {
  return ndjsonScreenOptions(engine, exportDir, out, { worklistPath: join(out, 'worklist.csv'), summaryPath: join(out, 'summary.json'), ...extra });
}

describe('screening a Bulk Data NDJSON export', () => {
  let out: string;
  let summary: Awaited<ReturnType<typeof screenPopulation>>;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'trialcds-screen-'));
    summary = await screenPopulation(options(out));
  });

  it('writes one report per patient and an error line for a patient that cannot be evaluated', () => {
    const lines = sortedLines(readFileSync(join(out, 'results.ndjson'), 'utf8')).map((l) => JSON.parse(l));
    const ids = lines.map((l) => l.patient).sort();
    expect(ids).toEqual([...charts.map((c) => `Patient/${c[0]!.id}`), 'Patient/orphan-1'].sort());
    const orphan = lines.find((l) => l.patient === 'Patient/orphan-1');
    expect(orphan.error).toEqual({ code: 'not-found', message: 'no Patient resource for this id' });
    for (const l of lines.filter((x) => !x.error)) expect(l.trials.map((t: { id: string }) => t.id)).toEqual(engine.trials.map((t) => t.manifest.id));
  });

  it('reports the malformed line with its file and line number, and goes on', () => {
    expect(summary.sourceProblems.count).toBe(1);
    expect(summary.sourceProblems.samples[0]).toEqual({ where: 'Observation.ndjson:2', message: 'not valid JSON' });
    expect(summary.patients).toMatchObject({ screened: charts.length + 1, evaluated: charts.length, errors: 1, errorsByCode: { 'not-found': 1 } });
  });

  it('counts trial statuses and the funnel from the reports themselves', () => {
    const reports = sortedLines(readFileSync(join(out, 'results.ndjson'), 'utf8')).map((l) => JSON.parse(l)).filter((l) => !l.error);
    for (const trial of summary.trials) {
      const results = reports.map((r) => r.trials.find((t: { id: string }) => t.id === trial.id));
      expect(trial.status.ineligible).toBe(results.filter((t) => t.status === 'ineligible').length);
      expect(trial.status['likely-eligible']).toBe(results.filter((t) => t.status === 'likely-eligible').length);
      const i2 = trial.criteria.find((c) => c.id === 'I2')!;
      expect(i2.excluded).toBe(results.filter((t) => t.criteria.find((c: { id: string }) => c.id === 'I2').status === 'fail').length);
      // The plain patients have no SLE: I2 must exclude them in every trial.
      expect(i2.excluded).toBeGreaterThanOrEqual(2);
    }
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).patients.errors).toBe(1);
  });

  it('writes a worklist with the most promising rows first', () => {
    const [header, ...rows] = readFileSync(join(out, 'worklist.csv'), 'utf8').trim().split('\r\n');
    expect(header).toBe(WORKLIST_HEADER.join(','));
    expect(rows).toHaveLength(charts.length * engine.trials.length);
    const rank = { 'likely-eligible': 0, 'possibly-eligible': 1, ineligible: 2 } as Record<string, number>;
    const keys = rows.map((r) => r.split(',')).map((c) => rank[c[2]!]! * 1000 + Number(c[3]));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(rows.some((r) => r.includes(',ineligible,'))).toBe(true);
  });

  it('after an interruption, --resume ends with the same results as an uninterrupted run', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'trialcds-resume-'));
    const controller = new AbortController();
    const first = await screenPopulation(
      options(broken, { signal: controller.signal, onProgress: (p) => p.processed >= 2 && controller.abort() }),
    );
    expect(first.complete).toBe(false);
    expect(first.patients.screened).toBeLessThan(charts.length + 1);
    const seen: number[] = [];
    const resumed = await screenPopulation(options(broken, { resume: true, onProgress: (p) => seen.push(p.skipped) }));
    expect(resumed.complete).toBe(true);
    expect(Math.max(...seen)).toBe(first.patients.evaluated);
    expect(sortedLines(readFileSync(join(broken, 'results.ndjson'), 'utf8'))).toEqual(sortedLines(readFileSync(join(out, 'results.ndjson'), 'utf8')));
    expect(readFileSync(join(broken, 'worklist.csv'), 'utf8')).toBe(readFileSync(join(out, 'worklist.csv'), 'utf8'));
    expect(resumed.trials).toEqual(summary.trials);
  });

  it('refuses to overwrite results without --resume or --overwrite, and a resume with another date', async () => {
    await expect(screenPopulation(options(out))).rejects.toThrow(/already holds results/);
    await expect(screenPopulation(options(out, { resume: true, asOf: '2026-10-01' }))).rejects.toThrow(/--as-of 2026-11-01/);
  });
});

// Worker threads run JavaScript: they exercise the built dist/ (npm run build). Without it, say so.
const script = workerScript();
const withWorkers = script ? it : it.skip;
if (!script) process.stderr.write('skipping the worker-thread test: no dist/src/batch/evaluate-worker.js (run npm run build)\n');

describe('evaluation on worker threads', () => {
  withWorkers('gives the same results as evaluation on the main thread', async () => {
    const a = mkdtempSync(join(tmpdir(), 'trialcds-w0-'));
    const b = mkdtempSync(join(tmpdir(), 'trialcds-w2-'));
    await screenPopulation(options(a));
    const summary = await screenPopulation(options(b, { workers: 2 }));
    expect(summary.patients.evaluated).toBe(charts.length);
    expect(sortedLines(readFileSync(join(b, 'results.ndjson'), 'utf8'))).toEqual(sortedLines(readFileSync(join(a, 'results.ndjson'), 'utf8')));
    expect(existsSync(join(b, 'worklist.csv'))).toBe(true);
  });
});

describe('a gzip-compressed export (.ndjson.gz)', () => {
  it('screens like the plain export; a corrupt .gz file is a problem, not the end of the run', async () => {
    const plainDir = writeExport(charts);
    const gzDir = mkdtempSync(join(tmpdir(), 'trialcds-export-gz-'));
    for (const name of readdirSync(plainDir)) writeFileSync(join(gzDir, `${name}.gz`), gzipSync(readFileSync(join(plainDir, name))));
    writeFileSync(join(gzDir, 'Immunization.ndjson.gz'), gzipSync(Buffer.from('{"resourceType":"Immunization"}\n')).subarray(0, 12));
    const plainOut = mkdtempSync(join(tmpdir(), 'trialcds-screen-'));
    const gzOut = mkdtempSync(join(tmpdir(), 'trialcds-screen-'));
    await screenPopulation(options(plainOut, { input: { kind: 'ndjson', dir: plainDir } }));
    const gzSummary = await screenPopulation(options(gzOut, { input: { kind: 'ndjson', dir: gzDir } }));
    const results = (dir: string) => sortedLines(readFileSync(join(dir, 'results.ndjson'), 'utf8'));
    expect(results(gzOut)).toEqual(results(plainOut));
    expect(results(gzOut)).toHaveLength(charts.length);
    expect(gzSummary.sourceProblems.samples).toEqual([
      { where: 'Immunization.ndjson.gz:1', message: expect.stringMatching(/^not readable as gzip/) },
    ]);
  }, 120_000);
});
