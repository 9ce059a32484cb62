// CQL values (as cql-execution returns them) → Parameters.parameter, the way the CQL conformance
// runner (cqframework/cql-tests-runner) and the clinical-reasoning servers expect them: see
// docs/fhir-operations.md "What the runner expects" for the sources of each rule below.
import type { Coding, Extension, ParametersParameter, Period, Quantity, Range } from 'fhir/r4';
import type * as Cql from 'cql-execution';
import { CqlValue, asFhirValue, type FhirValue } from './cql-engine-adapter.js';
import { systemTypeName, typeText, type CqlType } from './cql-types.js';

export const CQL_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/cqf-cqlType';
export const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
export const EMPTY_LIST_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/cqf-isEmptyList';
export const EMPTY_TUPLE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/cqf-isEmptyTuple';
const UCUM = 'http://unitsofmeasure.org';
/** FHIR Period holds dateTimes only: a Time interval is anchored to this date (the runner strips it). */
const TIME_ANCHOR = '0001-01-01';
const INT32_MAX = 2147483647;

/**
 * One CQL result as the parameters named `name`. A list gives one parameter per element (an
 * empty list one parameter flagged cqf-isEmptyList), anything else exactly one parameter.
 */
export function toParameters(name: string, value: unknown, type?: CqlType): ParametersParameter[] {
  if (!Array.isArray(value)) return [toParameter(name, value, type)];
  if (value.length === 0) return [flagged(name, EMPTY_LIST_EXTENSION, { valueBoolean: true })];
  const element = type?.kind === 'list' ? type.element : undefined;
  return value.map((item) => toParameter(name, item, element));
}

/** One parameter: a nested list becomes `part`s named `element`, a tuple `part`s named by its elements. */
export function toParameter(name: string, value: unknown, type?: CqlType): ParametersParameter {
  if (value === null || value === undefined)
    return flagged(name, DATA_ABSENT_REASON, { valueCode: 'unknown' });
  if (Array.isArray(value)) {
    if (value.length === 0) return flagged(name, EMPTY_LIST_EXTENSION, { valueBoolean: true });
    return { name, part: toParameters('element', value, type) };
  }
  // cql-execution builds `DateTime(null)` as a DateTime with no year: CQL says that is null.
  if ((value instanceof CqlValue.DateTime || value instanceof CqlValue.Date) && value.year == null)
    return flagged(name, DATA_ABSENT_REASON, { valueCode: 'unknown' });
  const fhir = asFhirValue(value);
  if (fhir) return { name, ...fhirValue(fhir) };
  if (value instanceof CqlValue.Interval) return intervalParameter(name, value, type);
  if (isUncertainty(value)) {
    // An imprecise duration (`days between @2015-02-10 and @2015-03`): the conformance tests write it
    // as the interval of its possible values (`Interval [ 18, 49 ]`).
    if (value.isPoint()) return toParameter(name, value.low, type);
    return intervalParameter(name, new CqlValue.Interval(value.low, value.high, true, true), undefined);
  }
  if (isTuple(value)) return tupleParameter(name, value, type);
  return withType({ name, ...scalarValue(value, type) }, longType(type));
}

/** A parameter with no value whose `_valueBoolean` carries one extension (null, empty list, empty tuple). */
function flagged(name: string, url: string, value: Omit<Extension, 'url'>): ParametersParameter {
  return { name, _valueBoolean: { extension: [{ url, ...value }] } };
}

function withType(parameter: ParametersParameter, type: string | undefined): ParametersParameter {
  return type ? { ...parameter, extension: [{ url: CQL_TYPE_EXTENSION, valueString: type }] } : parameter;
}

/** R4 has no integer64: a Long travels as valueString, marked System.Long so the runner reads it back. */
function longType(type: CqlType | undefined): string | undefined {
  return systemTypeName(type) === 'Long' ? 'System.Long' : undefined;
}

/** cql-execution's Uncertainty (not exported by the package): an imprecise value between `low` and `high`. */
function isUncertainty(value: unknown): value is { low: unknown; high: unknown; isPoint(): boolean } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { constructor?: { name?: string }; isPoint?: unknown };
  return (
    v.constructor?.name === 'Uncertainty' &&
    typeof v.isPoint === 'function' &&
    'low' in value &&
    'high' in value
  );
}

/** A tuple is a plain object (cql-execution builds tuples as object literals). */
function isTuple(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function tupleParameter(
  name: string,
  tuple: Record<string, unknown>,
  type: CqlType | undefined,
): ParametersParameter {
  const entries = Object.entries(tuple);
  if (entries.length === 0) return flagged(name, EMPTY_TUPLE_EXTENSION, { valueBoolean: true });
  const elementTypes = type?.kind === 'tuple' ? type.elements : {};
  return { name, part: entries.flatMap(([key, v]) => toParameters(key, v, elementTypes[key])) };
}

type ValueX = Omit<ParametersParameter, 'name'>;

function scalarValue(value: unknown, type: CqlType | undefined): ValueX {
  if (typeof value === 'boolean') return { valueBoolean: value };
  if (typeof value === 'number') return numberValue(value, type);
  if (typeof value === 'bigint') return { valueString: value.toString() };
  if (typeof value === 'string') return { valueString: value };
  if (value instanceof CqlValue.DateTime)
    return value.isTime() ? { valueTime: value.toString() } : { valueDateTime: value.toString() };
  if (value instanceof CqlValue.Date) return { valueDate: value.toString() };
  if (value instanceof CqlValue.Quantity) return { valueQuantity: quantity(value) };
  if (value instanceof CqlValue.Ratio)
    return { valueRatio: { numerator: quantity(value.numerator), denominator: quantity(value.denominator) } };
  if (value instanceof CqlValue.Code) return { valueCoding: coding(value) };
  if (value instanceof CqlValue.Concept) return { valueCodeableConcept: concept(value) };
  // Anything else (a ValueSet reference …) has no FHIR type: its CQL text.
  return { valueString: String(value) };
}

function numberValue(value: number, type: CqlType | undefined): ValueX {
  const declared = systemTypeName(type);
  if (declared === 'Integer') return { valueInteger: value };
  if (declared === 'Decimal') return { valueDecimal: value };
  // cql-execution computes some Long results as plain numbers (`Abs(-1L)`): still a Long, so still text.
  if (declared === 'Long') return { valueString: String(value) };
  // No declared type (e.g. an element of a Choice): an integral number in range reads as Integer.
  return Number.isInteger(value) && Math.abs(value) <= INT32_MAX
    ? { valueInteger: value }
    : { valueDecimal: value };
}

/** The unit goes into `code` unchanged (calendar words too): the runner reads the unit back from `code`. */
function quantity(q: Cql.Quantity): Quantity {
  const unit = typeof q.unit === 'string' && q.unit !== '' ? q.unit : '1';
  return { value: q.value as number, unit, system: UCUM, code: unit };
}

function coding(c: Cql.Code): Coding {
  return definedOnly({ system: c.system, version: c.version, code: c.code, display: c.display });
}

function concept(c: Cql.Concept): { coding: Coding[]; text?: string } {
  return definedOnly({ coding: (c.codes as Cql.Code[]).map(coding), text: c.display });
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

const PRIMITIVES = new Set([
  'boolean',
  'integer',
  'decimal',
  'string',
  'date',
  'dateTime',
  'time',
  'instant',
  'uri',
  'url',
  'canonical',
  'code',
  'id',
  'markdown',
  'oid',
  'uuid',
  'positiveInt',
  'unsignedInt',
  'base64Binary',
]);

/** FHIR data read straight from a resource: a resource, a FHIR primitive, or a complex type (Coding, Period …). */
function fhirValue({ json, typeName }: FhirValue): ValueX {
  const record = json as Record<string, unknown>;
  if (typeof record.resourceType === 'string') return { resource: json as ParametersParameter['resource'] };
  const isPrimitive = Object.keys(record).every((k) => k === 'value' || k === 'id' || k === 'extension');
  if (isPrimitive && 'value' in record) {
    // Bound code types (AdministrativeGender, ObservationStatus …) are codes under another name.
    const type = PRIMITIVES.has(typeName) ? typeName : 'code';
    return { [`value${type.charAt(0).toUpperCase()}${type.slice(1)}`]: record.value };
  }
  // A backbone element (`Observation.Component`) has no value[x] type of its own: its JSON as text.
  if (typeName.includes('.')) return { valueString: JSON.stringify(json) };
  return { [`value${typeName.charAt(0).toUpperCase()}${typeName.slice(1)}`]: json };
}

type PointKind = 'temporal' | 'time' | 'numeric' | 'quantity' | 'other';

function pointKind(point: unknown, declared: string | undefined): PointKind {
  if (declared === 'Time' || (point instanceof CqlValue.DateTime && point.isTime())) return 'time';
  if (
    declared === 'Date' ||
    declared === 'DateTime' ||
    point instanceof CqlValue.Date ||
    point instanceof CqlValue.DateTime
  )
    return 'temporal';
  if (declared === 'Integer' || declared === 'Decimal' || declared === 'Long' || typeof point === 'number')
    return 'numeric';
  if (declared === 'Quantity' || point instanceof CqlValue.Quantity) return 'quantity';
  return 'other';
}

function inferredPointType(point: unknown): string {
  if (point instanceof CqlValue.DateTime) return point.isTime() ? 'System.Time' : 'System.DateTime';
  if (point instanceof CqlValue.Date) return 'System.Date';
  if (point instanceof CqlValue.Quantity) return 'System.Quantity';
  if (typeof point === 'number') return Number.isInteger(point) ? 'System.Integer' : 'System.Decimal';
  return 'System.Any';
}

/**
 * An interval as a FHIR Period (dates, datetimes; times anchored to 0001-01-01) or Range (numbers
 * as unity quantities, FHIR-56226; quantities). Neither can say "open", so open boundaries are
 * closed first (start()/end(): successor/predecessor at the point's precision). The cqf-cqlType
 * extension says which CQL interval it was (the runner needs it for numbers and times).
 */
function intervalParameter(
  name: string,
  interval: Cql.Interval,
  type: CqlType | undefined,
): ParametersParameter {
  const declaredPoint = type?.kind === 'interval' ? type.point : undefined;
  const sample = interval.low ?? interval.high;
  const kind = pointKind(sample, systemTypeName(declaredPoint));
  const typeName = `Interval<${declaredPoint ? typeText(declaredPoint) : inferredPointType(sample)}>`;
  const low = closedBoundary(interval, 'low');
  const high = closedBoundary(interval, 'high');
  switch (kind) {
    case 'temporal':
      return withType({ name, valuePeriod: period(low, high, '') }, typeName);
    case 'time':
      return withType({ name, valuePeriod: period(low, high, `${TIME_ANCHOR}T`) }, typeName);
    case 'numeric':
      return withType(
        { name, valueRange: range(low, high, (v) => ({ value: Number(v), system: UCUM, code: '1' })) },
        typeName,
      );
    case 'quantity':
      return withType({ name, valueRange: range(low, high, (v) => quantity(v as Cql.Quantity)) }, typeName);
    default:
      return withType({ name, part: [...toParameters('low', low), ...toParameters('high', high)] }, typeName);
  }
}

function closedBoundary(interval: Cql.Interval, side: 'low' | 'high'): unknown {
  const value = interval[side];
  const closed = side === 'low' ? interval.lowClosed : interval.highClosed;
  if (value === null || value === undefined || closed) return value ?? undefined;
  try {
    return side === 'low' ? interval.start() : interval.end();
  } catch {
    return value; // a point type without successor/predecessor: keep the boundary as written
  }
}

function period(low: unknown, high: unknown, prefix: string): Period {
  return definedOnly({
    start: low == null ? undefined : `${prefix}${String(low)}`,
    end: high == null ? undefined : `${prefix}${String(high)}`,
  });
}

function range(low: unknown, high: unknown, toQuantity: (v: unknown) => Quantity): Range {
  return definedOnly({
    low: low == null ? undefined : toQuantity(low),
    high: high == null ? undefined : toQuantity(high),
  });
}
