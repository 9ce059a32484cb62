// `npm run bench`: evaluation speed against the usual stack, cost against chart size, batch
// throughput and (when the CDS Hooks service is built) hook latency — all measured in one run,
// printed as a table and written to bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../src/engine/load-engine.js';
import { PROJECT_ROOT } from '../src/project-paths.js';
import { batchThroughput, chartsOfSize, compareEarlyStop, compareSources, type ComparisonResult } from './eval-bench.js';
import { hookLatency, type HookLatencyResult } from './hook-bench.js';

const QUICK = process.argv.includes('--quick');

function machine() {
  const cpu = cpus()[0];
  return { cpu: cpu?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function comparisonRows(label: string, results: ComparisonResult[]): string[] {
  return results.map((r) =>
    row([
      label,
      `${r.patients} × ~${r.meanResources}`,
      r.indexedMedianMs.toFixed(1),
      r.baselineMedianMs.toFixed(1),
      `${r.ratio.toFixed(1)}×`,
      r.identical ? 'yes' : 'NO',
    ]),
  );
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const [indexed, baseline] = await Promise.all([loadEngine(), loadEngine({ dataSource: 'cql-exec-fhir' })]);
  const n = QUICK ? 4 : 12;

  console.error('(a) indexed vs cql-exec-fhir, generated lupus charts …');
  const mixed = await compareSources(indexed, baseline, chartsOfSize(0, n, 11));
  console.error('    chart-size scaling 200 / 1 000 / 5 000 resources …');
  const scaling: ComparisonResult[] = [];
  for (const [size, count] of [[200, n], [1000, Math.ceil(n / 2)], [5000, QUICK ? 2 : 3]] as const) {
    scaling.push(await compareSources(indexed, baseline, chartsOfSize(size, count, size)));
  }
  console.error("(a') hook path: stop at the first failing criterion vs full evaluation …");
  const earlyStop = [
    await compareEarlyStop(indexed, 'no-lupus charts (the usual chart opened)', chartsOfSize(1000, n, 21, 0)),
    await compareEarlyStop(indexed, 'lupus charts', chartsOfSize(1000, Math.ceil(n / 2), 22, 1)),
  ];
  console.error('(b) hook latency over HTTP …');
  const hook: HookLatencyResult[] | string = await hookLatency(indexed, QUICK).catch((e: Error) => `not measured: ${e.message}`);
  console.error('(c) batch throughput, one core …');
  const batch = await batchThroughput(indexed, QUICK ? 50 : 300);

  const result = { started, machine: machine(), evaluation: mixed, scaling, earlyStop, hook, batch };
  const table = [
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGb} GiB, Node ${result.machine.node}; ${started}`,
    '',
    '| evaluation (all 3 trials, per patient) | patients × resources | indexed median ms | cql-exec-fhir median ms | speed-up | identical reports |',
    '|---|---|---|---|---|---|',
    ...comparisonRows('generated lupus charts', [mixed]),
    ...comparisonRows('chart size 200 / 1 000 / 5 000', scaling),
    '',
    '| hook path: stop a trial at its first failing criterion | patients × resources | full evaluation median ms | early stop median ms | speed-up | same trial statuses |',
    '|---|---|---|---|---|---|',
    ...earlyStop.map((r) => row([r.label, `${r.patients} × ~${r.meanResources}`, r.fullMedianMs.toFixed(1), r.stopMedianMs.toFixed(1), `${r.ratio.toFixed(1)}×`, r.sameStatuses ? 'yes' : 'NO'])),
    '',
    ...(typeof hook === 'string'
      ? [`Hook latency: ${hook}`]
      : [
          '| `trial-eligibility` hook, full prefetch | p50 ms | p95 ms | p99 ms | requests/s |',
          '|---|---|---|---|---|',
          ...hook.map((h) => row([`${h.connections} concurrent clients, ${h.resources}-resource ${h.chart} chart`, h.p50, h.p95, h.p99, h.rps.toFixed(1)])),
        ]),
    '',
    `Batch, one core: ${batch.patients} generated patients in ${batch.seconds.toFixed(1)} s = ${batch.patientsPerSecondPerCore.toFixed(1)} patients/s/core; peak RSS ${batch.peakRssMb} MiB.`,
  ].join('\n');
  console.log(table);
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, QUICK ? 'quick.json' : 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(dir, QUICK ? 'quick.md' : 'latest.md'), table + '\n');
}

await main();
