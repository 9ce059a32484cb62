// `npm run bench`: the compiled engine against the reference interpreter and the usual stack on
// the same ELM and charts, chart-size scaling, the hook path, hook latency over HTTP (the service's
// worker pool) and screening throughput — all measured in one run, printed as a table and written
// to bench/results/latest.json and latest.md. `-- --quick` is a smoke run of about a minute (fewer and
// smaller charts, cql-exec-fhir on one row, short hook runs, a small screening) written to quick.json
// and quick.md, so it never replaces the full figures. A measurement that fails is reported as failed,
// with its error, never as numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../src/engine/load-engine.js';
import { EvaluationPool, evaluationWorkerScript } from '../src/engine/pool/evaluation-pool.js';
import { PooledEngine } from '../src/engine/pool/pooled-engine.js';
import { ReloadableEngine } from '../src/engine/reloadable-engine.js';
import { PROJECT_ROOT } from '../src/project-paths.js';
import { compareEngines, type EngineComparison, type EngineTiming } from './engine-bench.js';
import { chartsOfSize, compareEarlyStop } from './eval-bench.js';
import { hookLatency } from './hook-bench.js';
import { failedRow, row, isFailed, measure, type FailedMeasurement } from './measure.js';
import { screenGenerated } from './screen-bench.js';

const QUICK = process.argv.includes('--quick');

function machine() {
  const cpu = cpus()[0];
  // The 1-minute load average when the run starts: above the core count, other work shared the machine.
  return {
    cpu: cpu?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
  };
}



const ms = (t: EngineTiming | undefined) => (t ? t.totalMs.toFixed(2) : '—');
const split = (t: EngineTiming) =>
  `${t.parseMs.toFixed(2)} / ${t.prepareMs.toFixed(2)} / ${t.evaluateMs.toFixed(2)}`;
const ratio = (a: EngineTiming | undefined, b: EngineTiming) =>
  a ? `${(a.totalMs / b.totalMs).toFixed(0)}×` : '—';

function engineRows(results: (EngineComparison | FailedMeasurement)[]): string[] {
  return results.map((r) =>
    isFailed(r) ? failedRow(r, 9) : row([
      r.label,
      `${r.patients} × ~${r.meanResources}`,
      split(r.compiled),
      ms(r.compiled),
      ms(r.interpreted),
      ms(r.usual),
      ratio(r.interpreted, r.compiled),
      ratio(r.usual, r.compiled),
      r.identical ? 'yes' : 'NO',
    ]),
  );
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  console.log = console.info = () => undefined; // ucum-lhc chatter while loading
  const [compiled, interpreted, usual] = await Promise.all([
    loadEngine(),
    loadEngine({ engine: 'interpreted' }),
    loadEngine({ engine: 'interpreted', dataSource: 'cql-exec-fhir' }),
  ]);
  const n = QUICK ? 2 : 10;
  const reps = { compiled: QUICK ? 2 : 7, interpreted: QUICK ? 1 : 3, usual: 1 };
  // cql-exec-fhir takes seconds per chart: the quick run times it on the 200-resource row only.
  const usualUpTo = QUICK ? 200 : 1000;

  process.stderr.write('(a) compiled vs interpreted vs cql-exec-fhir …\n');
  const evaluation: (EngineComparison | FailedMeasurement)[] = [];
  if (!QUICK) {
    const label = 'generated lupus charts';
    evaluation.push(await measure(label, () => compareEngines(label, { compiled, interpreted, usual }, chartsOfSize(0, n, 11), reps)));
  }
  const sizes: (readonly [number, number])[] = QUICK ? [[200, n], [1000, n]] : [[200, n], [1000, n], [5000, 3]];
  for (const [size, count] of sizes) {
    process.stderr.write(`    ${size}-resource lupus charts …\n`);
    const label = `lupus chart, ${size} resources`;
    const withUsual = size <= usualUpTo ? { compiled, interpreted, usual } : { compiled, interpreted };
    evaluation.push(await measure(label, () => compareEngines(label, withUsual, chartsOfSize(size, count, size), reps)));
  }
  {
    const label = 'no-lupus chart, 1000 resources';
    evaluation.push(await measure(label, () => compareEngines(label, { compiled, interpreted }, chartsOfSize(1000, n, 21, 0), reps)));
  }

  process.stderr.write("(a') hook path: stop at the first failing criterion …\n");
  const earlyStop = [
    await measure('no-lupus charts (the usual chart opened)', () =>
      compareEarlyStop(compiled, 'no-lupus charts (the usual chart opened)', chartsOfSize(1000, n, 21, 0)),
    ),
    await measure('lupus charts', () => compareEarlyStop(compiled, 'lupus charts', chartsOfSize(1000, n, 22, 1))),
  ];

  process.stderr.write('(b) hook latency over HTTP (worker pool) …\n');
  let hook: Awaited<ReturnType<typeof hookLatency>> | string = 'failed: the worker is not built (npm run build)';
  if (evaluationWorkerScript()) {
    const measured = await measure('hook latency', async () => {
      const pool = await EvaluationPool.create({ engine: {} });
      try {
        return await hookLatency(new PooledEngine(new ReloadableEngine(compiled, () => loadEngine()), pool), QUICK);
      } finally {
        await pool.close();
      }
    });
    hook = isFailed(measured) ? `failed: ${measured.failed}` : measured;
  }

  process.stderr.write('(c) screening an NDJSON export …\n');
  const count = QUICK ? 60 : 1000;
  const screen = await measure('screening', async () => {
    const run = await screenGenerated(compiled, count, { workers: availableParallelism(), lupusShare: 0.35, budgetS: QUICK ? 60 : 600 });
    if (run.screened === 0) throw new Error(`no patient was screened within the time budget (${run.seconds.toFixed(0)} s)`);
    return run;
  });

  const result = { started, machine: machine(), evaluation, earlyStop, hook, screening: screen };
  const table = [
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGb} GiB, Node ${result.machine.node}; load average ${result.machine.loadAverage} at start; ${started}${QUICK ? ' (quick run)' : ''}`,
    '',
    '| evaluation, all 3 trials, per patient | patients × resources | compiled parse / prepare / evaluate ms | compiled total ms | interpreted ms | cql-exec-fhir ms | vs interpreted | vs cql-exec-fhir | identical reports |',
    '|---|---|---|---|---|---|---|---|---|',
    ...engineRows(evaluation),
    '',
    '| hook path: stop a trial at its first failing criterion (compiled) | patients × resources | full evaluation median ms | early stop median ms | speed-up | same trial statuses |',
    '|---|---|---|---|---|---|',
    ...earlyStop.map((r) =>
      isFailed(r) ? failedRow(r, 6) : row([
        r.label,
        `${r.patients} × ~${r.meanResources}`,
        r.fullMedianMs.toFixed(2),
        r.stopMedianMs.toFixed(2),
        `${r.ratio.toFixed(1)}×`,
        r.sameStatuses ? 'yes' : 'NO',
      ]),
    ),
    '',
    ...(typeof hook === 'string'
      ? [`Hook latency: **${hook}**`]
      : [
          `| \`trial-eligibility\` hook, full prefetch, ${availableParallelism()} evaluation workers | p50 ms | p95 ms | p99 ms | requests/s | GET /cds-services p99 ms meanwhile |`,
          '|---|---|---|---|---|---|',
          ...hook.map((h) =>
            isFailed(h) ? failedRow(h, 6) : row([
              `${h.connections} concurrent clients, ${h.resources}-resource ${h.chart} chart`,
              h.p50,
              h.p95,
              h.p99,
              h.rps.toFixed(1),
              h.discoveryP99 ?? '—',
            ]),
          ),
        ]),
    '',
    isFailed(screen)
      ? `Screening (NDJSON export of ${count} generated patients): **failed**: ${screen.failed}`
      : `Screening (NDJSON export of ${screen.patients} generated patients, ${screen.resources} resources, 35 % lupus, ${screen.workers} worker threads): ${screen.seconds.toFixed(1)} s = ${screen.patientsPerSecond.toFixed(1)} patients/s = ${screen.patientsPerSecondPerCore.toFixed(1)} patients/s per core; peak RSS ${screen.peakRssMb ?? '?'} MiB${screen.complete ? '' : ` (interrupted at the time budget after ${screen.screened} patients)`}.`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, QUICK ? 'quick.json' : 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(dir, QUICK ? 'quick.md' : 'latest.md'), table + '\n');
}

await main();
