/**
 * Renders the values cql-execution returns (its own Date/DateTime/Quantity/Interval/Code classes,
 * cql-exec-fhir's FHIR objects, tuples and lists) for people (`formatCqlValue`) and as JSON-safe
 * data (`cqlValueToJson`), for `trialcds explain`. The runtime classes are recognised by their
 * `isQuantity`/`isInterval`/… markers, which is how cql-execution itself tells them apart.
 */

import { CompiledFhirValue } from '../engine/compiled/run-expressions.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Lists show this many items; an author looking at a watch list wants the shape, not every record. */
export const LIST_PREVIEW = 5;

type Marked = Record<string, unknown>;

interface Outcome {
  status: string;
  reason: string;
  evidence: unknown[];
}

const isObject = (v: unknown): v is Marked => typeof v === 'object' && v !== null;
const marked = (v: unknown, marker: string): v is Marked => isObject(v) && v[marker] === true;

function isOutcome(v: unknown): v is Outcome {
  return isObject(v) && typeof v.status === 'string' && typeof v.reason === 'string' && 'evidence' in v;
}

/**
 * FHIR data in a value: cql-exec-fhir's wrapper (`_json` is the original FHIR JSON), or the compiled
 * engine's (CompiledFhirValue: `json` and `typeName`).
 */
function fhirJson(v: unknown): unknown {
  if (!isObject(v)) return undefined;
  if ('_json' in v && '_typeInfo' in v) return v._json;
  if (v instanceof CompiledFhirValue) return v.json;
  return undefined;
}

function fhirText(json: unknown): string {
  if (isObject(json) && typeof json.resourceType === 'string') return `${json.resourceType}/${String(json.id ?? '?')}`;
  if (!isObject(json)) return String(json);
  const text = JSON.stringify(json);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function codeText(code: Marked): string {
  const display = typeof code.display === 'string' ? ` (${code.display})` : '';
  return `${String(code.system ?? '')}|${String(code.code)}${display}`;
}

function intervalText(i: Marked): string {
  return `${i.lowClosed === false ? '(' : '['}${formatCqlValue(i.low)}, ${formatCqlValue(i.high)}${i.highClosed === false ? ')' : ']'}`;
}

function listText(items: unknown[]): string {
  if (items.length === 0) return 'empty list';
  const shown = items.slice(0, LIST_PREVIEW).map(formatCqlValue).join('; ');
  const more = items.length > LIST_PREVIEW ? `; … ${items.length - LIST_PREVIEW} more` : '';
  return `${items.length} item${items.length === 1 ? '' : 's'}: ${shown}${more}`;
}

function outcomeText(o: Outcome): string {
  const evidence = Array.isArray(o.evidence) && o.evidence.length ? ` [${o.evidence.map(formatCqlValue).join(', ')}]` : '';
  return `${o.status} — ${o.reason}${evidence}`;
}

function tupleText(t: Marked): string {
  return `{ ${Object.entries(t).map(([k, v]) => `${k}: ${formatCqlValue(v)}`).join(', ')} }`;
}

/** One line (or a few) a person reads in a watch list. */
export function formatCqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return listText(value);
  const fhir = fhirJson(value);
  if (fhir !== undefined) return fhirText(fhir);
  if (marked(value, 'isQuantity')) return `${String(value.value)} ${String(value.unit ?? '')}`.trim();
  if (marked(value, 'isDate') || marked(value, 'isDateTime')) return String(value);
  if (marked(value, 'isInterval')) return intervalText(value);
  if (marked(value, 'isCode')) return codeText(value);
  if (marked(value, 'isConcept')) return listText(Array.isArray(value.codes) ? value.codes : []);
  if (isOutcome(value)) return outcomeText(value);
  return tupleText(value as Marked);
}

function mapValues(t: Marked): { [key: string]: JsonValue } {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, cqlValueToJson(v)]));
}

function listJson(items: unknown[]): JsonValue {
  return { count: items.length, items: items.slice(0, LIST_PREVIEW).map(cqlValueToJson) };
}

/** The same value as plain JSON: a stable shape for tools (`explain --json`). */
export function cqlValueToJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return listJson(value);
  const fhir = fhirJson(value);
  if (fhir !== undefined) return isObject(fhir) && typeof fhir.resourceType === 'string' ? fhirText(fhir) : (fhir as JsonValue);
  if (marked(value, 'isQuantity')) return { value: cqlValueToJson(value.value), unit: String(value.unit ?? '') };
  if (marked(value, 'isDate') || marked(value, 'isDateTime')) return String(value);
  if (marked(value, 'isInterval')) {
    return { low: cqlValueToJson(value.low), high: cqlValueToJson(value.high), lowClosed: value.lowClosed !== false, highClosed: value.highClosed !== false };
  }
  if (marked(value, 'isCode')) return { system: cqlValueToJson(value.system), code: cqlValueToJson(value.code), display: cqlValueToJson(value.display) };
  if (marked(value, 'isConcept')) return { codes: (Array.isArray(value.codes) ? value.codes : []).map(cqlValueToJson) };
  // Evidence is a short list of references the report shows in full, so the outcome does too.
  if (isOutcome(value)) return { status: value.status, reason: value.reason, evidence: (value.evidence ?? []).map(cqlValueToJson) };
  return mapValues(value as Marked);
}
