// Shared pieces of the evaluation benchmarks: generated charts of a given size, medians, and the
// hook path's early stop against full evaluation.
import type { Patient, Resource } from 'fhir/r4';
import type { EligibilityEngine, PatientData } from '../src/domain/trial.js';
import { backgroundResources, type Context } from './population/background.js';
import { generatePopulation } from './population/generate.js';
import { createRandom } from './population/random.js';

export const AS_OF = '2026-11-01';

export function toData(resources: Resource[]): PatientData {
  const [patient, ...rest] = resources as [Patient, ...Resource[]];
  return { patient, resources: rest };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timeOne(engine: EligibilityEngine, data: PatientData): Promise<[number, unknown]> {
  const start = performance.now();
  const report = await engine.evaluate(data, { asOf: AS_OF });
  return [performance.now() - start, report];
}

/** Lupus charts of the generator, padded with more Synthea-like background to `size` resources (0: as generated). */
export function chartsOfSize(size: number, count: number, seed: number, lupusShare = 1): PatientData[] {
  const charts: PatientData[] = [];
  const rng = createRandom(seed);
  for (const resources of generatePopulation({ count, seed, lupusShare, prefix: `size${size}` })) {
    const pid = resources[0]!.id!;
    let n = 0;
    const context: Context = { pid, asOf: new Date(`${AS_OF}T00:00:00Z`), rng, nextId: () => `${pid}-pad-${++n}` };
    const padded = [...resources];
    while (padded.length < size) padded.push(...backgroundResources(context));
    charts.push(toData(size > 0 ? padded.slice(0, size) : padded));
  }
  return charts;
}

export interface EarlyStopResult {
  label: string;
  patients: number;
  meanResources: number;
  fullMedianMs: number;
  stopMedianMs: number;
  ratio: number;
  sameStatuses: boolean;
}

/** (a') the hook path (stop a trial at its first failing criterion) against full evaluation, same engine. */
export async function compareEarlyStop(engine: EligibilityEngine, label: string, charts: PatientData[]): Promise<EarlyStopResult> {
  const statuses = (r: { trials: { status: string }[] }) => r.trials.map((t) => t.status).join('/');
  for (const warm of charts.slice(0, 2)) await engine.evaluate(warm, { asOf: AS_OF, stopAtFirstFail: true });
  const full: number[] = [];
  const stop: number[] = [];
  let sameStatuses = true;
  for (const data of charts) {
    const [fullMs, fullReport] = await timeOne(engine, data);
    const start = performance.now();
    const stopped = await engine.evaluate(data, { asOf: AS_OF, stopAtFirstFail: true });
    stop.push(performance.now() - start);
    full.push(fullMs);
    sameStatuses &&= statuses(stopped) === statuses(fullReport as typeof stopped);
  }
  const fullMedianMs = median(full);
  const stopMedianMs = median(stop);
  const meanResources = Math.round(charts.reduce((n, c) => n + c.resources.length + 1, 0) / charts.length);
  return { label, patients: charts.length, meanResources, fullMedianMs, stopMedianMs, ratio: fullMedianMs / stopMedianMs, sameStatuses };
}
