import type { PatientData } from './trial.js';
import { UserFacingError } from './errors.js';

/**
 * How much one patient's chart may hold before it is evaluated (hooks, $evaluate-eligibility,
 * Library/$evaluate). Evaluation time grows with the records a criterion scans; past these limits a
 * chart is refused at once (413) instead of holding a worker until the deadline.
 */
export interface ChartLimits {
  /** Resources in the whole chart, the Patient included. */
  perChart: number;
  /** Resources of any one type. */
  perType: number;
  /** Per-type exceptions (`Observation: 40000`). */
  byType: Readonly<Record<string, number>>;
}

export const DEFAULT_CHART_LIMITS: ChartLimits = { perChart: 30_000, perType: 10_000, byType: {} };

export class ChartTooLarge extends UserFacingError {
  constructor(message: string) {
    super(message, 'too-costly');
    this.name = 'ChartTooLarge';
  }
}

/** Throws ChartTooLarge naming the limit exceeded (counts and types only: no patient data). */
export function checkChartSize(data: PatientData, limits: ChartLimits): void {
  const total = data.resources.length + 1;
  if (total > limits.perChart) {
    throw new ChartTooLarge(`the patient's chart has ${total} resources, more than the ${limits.perChart} this service evaluates (TRIALCDS_MAX_CHART_RESOURCES)`);
  }
  const counts = new Map<string, number>();
  for (const r of data.resources) {
    const n = (counts.get(r.resourceType) ?? 0) + 1;
    counts.set(r.resourceType, n);
    const limit = limits.byType[r.resourceType] ?? limits.perType;
    if (n > limit) {
      throw new ChartTooLarge(`the patient's chart has more than ${limit} ${r.resourceType} resources, the most this service evaluates (TRIALCDS_MAX_RESOURCES_PER_TYPE)`);
    }
  }
}

/** `10000` or `10000,Observation=40000,Condition=5000`: the default, then exceptions by type. */
export function parseTypeLimits(text: string): { perType: number; byType: Record<string, number> } | undefined {
  const [first, ...rest] = text.split(',').map((s) => s.trim());
  if (!first || !/^\d+$/.test(first)) return undefined;
  const byType: Record<string, number> = {};
  for (const part of rest) {
    const m = /^([A-Z][A-Za-z]{1,63})=(\d+)$/.exec(part);
    if (!m) return undefined;
    byType[m[1]!] = Number(m[2]);
  }
  return { perType: Number(first), byType };
}
