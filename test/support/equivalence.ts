// Comparing the compiled engine with the reference interpreter: report differences named by
// patient, trial, criterion and define, and a structural form of any CQL value (either engine's).
import type { CriterionResult, EligibilityReport } from '../../src/domain/criterion.js';
import type { CriterionDefinition, TrialManifest } from '../../src/domain/trial.js';
import { CompiledFhirValue } from '../../src/engine/compiled/run-expressions.js';

function defineOf(criteria: CriterionDefinition[], id: string): string | undefined {
  for (const c of criteria) {
    if (c.id === id) return c.define;
    const inner = defineOf(c.criteria ?? [], id);
    if (inner) return inner;
  }
  return undefined;
}

function flat(criteria: CriterionResult[]): CriterionResult[] {
  return criteria.flatMap((c) => [c, ...flat(c.criteria ?? [])]);
}

const show = (c: CriterionResult | undefined) => (c ? `${c.status} "${c.reason}" ${JSON.stringify(c.evidence)}` : 'absent');

/** Every difference between two reports, one line each: patient, trial, criterion, define, both values. */
export function reportDifferences(compiled: EligibilityReport, reference: EligibilityReport, manifests: readonly TrialManifest[]): string[] {
  const out: string[] = [];
  const patient = reference.patient;
  if (compiled.patient !== reference.patient || compiled.asOf !== reference.asOf) out.push(`${patient}: patient/asOf differ`);
  for (const ref of reference.trials) {
    const mine = compiled.trials.find((t) => t.id === ref.id);
    if (!mine) {
      out.push(`${patient} ${ref.id}: trial missing`);
      continue;
    }
    if (mine.status !== ref.status) out.push(`${patient} ${ref.id}: trial status ${mine.status} (compiled) vs ${ref.status} (reference)`);
    const manifest = manifests.find((m) => m.id === ref.id);
    const mineById = new Map(flat(mine.criteria).map((c) => [c.id, c]));
    for (const c of flat(ref.criteria)) {
      const m = mineById.get(c.id);
      if (JSON.stringify(m) === JSON.stringify(c)) continue;
      const define = manifest ? defineOf(manifest.criteria, c.id) : undefined;
      out.push(`${patient} ${ref.id} ${c.id}${define ? ` (define "${define}")` : ''}: compiled ${show(m)} vs reference ${show(c)}`);
    }
  }
  return out;
}

type Marked = Record<string, any>;

/** A CQL value as plain data both engines' values map to (FHIR data as type + JSON). */
export function valueShape(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(valueShape);
  const v = value as Marked;
  if (v instanceof CompiledFhirValue) return { fhir: v.typeName, json: v.json };
  if ('_json' in v && '_typeInfo' in v) return { fhir: v._typeInfo.name, json: v._json };
  if (v.isQuantity) return { quantity: v.value, unit: v.unit };
  if (v.isDateTime || v.isDate) return { temporal: String(v), offset: v.timezoneOffset ?? null };
  if (v.isInterval) return { low: valueShape(v.low), high: valueShape(v.high), lowClosed: v.lowClosed, highClosed: v.highClosed };
  if (v.isCode) return { code: v.code ?? null, system: v.system ?? null, version: v.version ?? null, display: v.display ?? null };
  if (v.isConcept) return { codes: valueShape(v.codes), display: v.display ?? null };
  if (v.isUncertainty) return { uncertain: [valueShape(v.low), valueShape(v.high)] };
  if (v.isRatio) return { ratio: [valueShape(v.numerator), valueShape(v.denominator)] };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, valueShape(x)]));
}
