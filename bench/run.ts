// `npm run bench`: the compiled engine against the reference interpreter and the usual stack on
// the same ELM and charts, chart-size scaling, the hook path, hook latency over HTTP (the service's
// worker pool) and screening throughput — all measured in one run, printed as a table and written
// to bench/results/latest.json (`-- --quick`: fewer charts and shorter runs, quick.json).
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
import { hookLatency, type HookLatencyResult } from './hook-bench.js';
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

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const ms = (t: EngineTiming | undefined) => (t ? t.totalMs.toFixed(2) : '—');
const split = (t: EngineTiming) =>
  `${t.parseMs.toFixed(2)} / ${t.prepareMs.toFixed(2)} / ${t.evaluateMs.toFixed(2)}`;
const ratio = (a: EngineTiming | undefined, b: EngineTiming) =>
  a ? `${(a.totalMs / b.totalMs).toFixed(0)}×` : '—';

function engineRows(results: EngineComparison[]): string[] {
  return results.map((r) =>
    row([
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
  const n = QUICK ? 3 : 10;
  const reps = { compiled: QUICK ? 3 : 7, interpreted: QUICK ? 1 : 3, usual: 1 };

  process.stderr.write('(a) compiled vs interpreted vs cql-exec-fhir …\n');
  const evaluation: EngineComparison[] = [];
  evaluation.push(
    await compareEngines(
      'generated lupus charts',
      { compiled, interpreted, usual },
      chartsOfSize(0, n, 11),
      reps,
    ),
  );
  for (const [size, count] of [
    [200, n],
    [1000, n],
    [5000, QUICK ? 2 : 3],
  ] as const) {
    process.stderr.write(`    ${size}-resource lupus charts …\n`);
    const withUsual = size <= 1000 ? { compiled, interpreted, usual } : { compiled, interpreted };
    evaluation.push(
      await compareEngines(
        `lupus chart, ${size} resources`,
        withUsual,
        chartsOfSize(size, count, size),
        reps,
      ),
    );
  }
  evaluation.push(
    await compareEngines(
      'no-lupus chart, 1000 resources',
      { compiled, interpreted },
      chartsOfSize(1000, n, 21, 0),
      reps,
    ),
  );

  process.stderr.write("(a') hook path: stop at the first failing criterion …\n");
  const earlyStop = [
    await compareEarlyStop(
      compiled,
      'no-lupus charts (the usual chart opened)',
      chartsOfSize(1000, n, 21, 0),
    ),
    await compareEarlyStop(compiled, 'lupus charts', chartsOfSize(1000, n, 22, 1)),
  ];

  process.stderr.write('(b) hook latency over HTTP (worker pool) …\n');
  let hook: HookLatencyResult[] | string = 'not measured: the worker is not built (npm run build)';
  if (evaluationWorkerScript()) {
    const pool = await EvaluationPool.create({ engine: {} });
    try {
      hook = await hookLatency(
        new PooledEngine(new ReloadableEngine(compiled, () => loadEngine()), pool),
        QUICK,
      );
    } catch (e) {
      hook = `not measured: ${(e as Error).message}`;
    } finally {
      await pool.close();
    }
  }

  process.stderr.write('(c) screening an NDJSON export …\n');
  const screen = await screenGenerated(compiled, QUICK ? 200 : 1000, {
    workers: availableParallelism(),
    lupusShare: 0.35,
    budgetS: QUICK ? 120 : 600,
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
      row([
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
      ? [`Hook latency: ${hook}`]
      : [
          `| \`trial-eligibility\` hook, full prefetch, ${availableParallelism()} evaluation workers | p50 ms | p95 ms | p99 ms | requests/s | GET /cds-services p99 ms meanwhile |`,
          '|---|---|---|---|---|---|',
          ...hook.map((h) =>
            row([
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
    `Screening (NDJSON export of ${screen.patients} generated patients, ${screen.resources} resources, 35 % lupus, ${screen.workers} worker threads): ${screen.seconds.toFixed(1)} s = ${screen.patientsPerSecond.toFixed(1)} patients/s = ${screen.patientsPerSecondPerCore.toFixed(1)} patients/s per core; peak RSS ${screen.peakRssMb ?? '?'} MiB.`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, QUICK ? 'quick.json' : 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(dir, QUICK ? 'quick.md' : 'latest.md'), table + '\n');
}

await main();
