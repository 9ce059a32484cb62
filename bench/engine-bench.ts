// (a) Evaluation per patient, all three trials: the compiled engine against the reference
// interpreter (cql-execution with our indexed data source) and the usual stack (cql-exec-fhir
// PatientSource + cql-execution CodeService), on the same ELM and the same charts, in one run.
// Each chart is timed several times, each time on a fresh copy (a hook's chart is new JSON every
// time), and the chart's best time is kept: on a shared machine the minimum is the cost, the rest
// is other work. The medians of those are reported, split into parse (JSON text → patient data),
// prepare (data preparation, as every evaluation does it) and evaluate (the rest).
import { isDeepStrictEqual } from 'node:util';
import type { EligibilityEngine, PatientData } from '../src/domain/trial.js';
import { toPatientData } from '../src/fhir/patient-data.js';
import { preparePatientData } from '../src/engine/prepare-data.js';
import { AS_OF, median } from './eval-bench.js';

export interface EngineTiming {
  parseMs: number;
  prepareMs: number;
  evaluateMs: number;
  totalMs: number;
}

export interface EngineComparison {
  label: string;
  patients: number;
  meanResources: number;
  compiled: EngineTiming;
  interpreted: EngineTiming;
  usual?: EngineTiming;
  identical: boolean;
}

function bundleText(data: PatientData): string {
  return JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [data.patient, ...data.resources].map((resource) => ({ resource })) });
}

/** The chart's best parse, prepare and evaluation times over `reps` fresh copies. */
async function timeChart(engine: EligibilityEngine, text: string, reps: number): Promise<[EngineTiming, unknown]> {
  let best: EngineTiming | undefined;
  let report: unknown;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const data = toPatientData(JSON.parse(text));
    const t1 = performance.now();
    const copy = toPatientData(JSON.parse(text));
    const t2 = performance.now();
    preparePatientData(copy);
    const prepareMs = performance.now() - t2;
    const t3 = performance.now();
    report = await engine.evaluate(data, { asOf: AS_OF });
    const totalMs = performance.now() - t3;
    const timing = { parseMs: t1 - t0, prepareMs, evaluateMs: Math.max(0, totalMs - prepareMs), totalMs };
    if (!best || timing.totalMs < best.totalMs) best = timing;
  }
  return [best!, report];
}

function medianTiming(timings: EngineTiming[]): EngineTiming {
  const m = (k: keyof EngineTiming) => median(timings.map((t) => t[k]));
  return { parseMs: m('parseMs'), prepareMs: m('prepareMs'), evaluateMs: m('evaluateMs'), totalMs: m('totalMs') };
}

export async function compareEngines(
  label: string,
  engines: { compiled: EligibilityEngine; interpreted: EligibilityEngine; usual?: EligibilityEngine },
  charts: PatientData[],
  reps: { compiled: number; interpreted: number; usual: number },
): Promise<EngineComparison> {
  const texts = charts.map(bundleText);
  for (const text of texts.slice(0, 2)) {
    await timeChart(engines.compiled, text, 2);
    await timeChart(engines.interpreted, text, 1);
  }
  const results = { compiled: [] as EngineTiming[], interpreted: [] as EngineTiming[], usual: [] as EngineTiming[] };
  let identical = true;
  for (const text of texts) {
    const [c, reportC] = await timeChart(engines.compiled, text, reps.compiled);
    const [i, reportI] = await timeChart(engines.interpreted, text, reps.interpreted);
    results.compiled.push(c);
    results.interpreted.push(i);
    identical &&= isDeepStrictEqual(reportC, reportI);
    if (engines.usual) {
      const [u, reportU] = await timeChart(engines.usual, text, reps.usual);
      results.usual.push(u);
      identical &&= isDeepStrictEqual(reportC, reportU);
    }
  }
  return {
    label,
    patients: charts.length,
    meanResources: Math.round(charts.reduce((s, c) => s + c.resources.length + 1, 0) / charts.length),
    compiled: medianTiming(results.compiled),
    interpreted: medianTiming(results.interpreted),
    ...(engines.usual ? { usual: medianTiming(results.usual) } : {}),
    identical,
  };
}
