// How the compiled engine holds FHIR data: resources and complex elements are the FHIR JSON itself
// (no model wrapping); a primitive element is its JSON value, or a PrimitiveElement when it carries
// an id or extensions (`_status`); an element of a choice type is a ChoiceValue naming the choice
// found. Conversions to CQL System values follow cql-exec-fhir's exactly.
import { cql } from './cql-lib.js';
import { parseDateTime } from './date-parse.js';

/** A FHIR primitive that has an id/extensions (`"_birthDate": {…}`), with or without a value. */
export class PrimitiveElement {
  constructor(
    readonly value: unknown,
    readonly extra: Record<string, unknown>,
  ) {}
}

/** The value of a choice element (`Observation.value`), tagged with the choice that was present. */
export class ChoiceValue {
  constructor(
    /** ELM type name, e.g. '{http://hl7.org/fhir}Quantity'. */
    readonly typeName: string,
    readonly value: unknown,
  ) {}
}

/**
 * What compiled code knows of the patient being evaluated while it runs (synchronously): its
 * resources (the only objects treated as FHIR resources, e.g. for de-duplication keys) and the
 * dates parsed from its data. Set by withPatientScope around each compiled evaluation.
 */
export interface PatientScope {
  readonly dates: Map<string, any>;
  isResource(value: object): boolean;
  /** A list a retrieve returned (kept for the patient: it can key a memo). */
  isRetrieved(value: unknown[]): boolean;
  /** Date arithmetic results (luxon makes each one cost microseconds). */
  readonly dateArithmetic: Map<string, any>;
}

let scope: PatientScope | undefined;

export function withPatientScope<T>(patient: PatientScope, run: () => T): T {
  const outer = scope;
  scope = patient;
  try {
    return run();
  } finally {
    scope = outer;
  }
}

export function currentScope(): PatientScope | undefined {
  return scope;
}

/** A resource of the patient being evaluated (as handed out by a retrieve). */
export function isRawResource(value: unknown): value is { resourceType: string } {
  return typeof value === 'object' && value !== null && scope !== undefined && scope.isResource(value);
}

/** The JSON value of a primitive element. */
export function primitiveJson(element: unknown): unknown {
  return element instanceof PrimitiveElement ? element.value : element;
}

/**
 * A primitive element read from `json[property]` and `json['_' + property]`, as cql-exec-fhir's
 * getPropertyFromJSON merges them (lists pair up item by item).
 */
export function readPrimitive(json: any, property: string, isList: boolean): unknown {
  const value = json[property];
  const extra = json[`_${property}`];
  if (extra == null) return value === undefined ? null : value;
  if (value == null && extra == null) return null;
  if (!isList || !Array.isArray(value) && !Array.isArray(extra)) return mergePrimitive(value, extra);
  const values: unknown[] = Array.isArray(value) ? [...value] : [value];
  const extras: unknown[] = Array.isArray(extra) ? [...extra] : [extra];
  while (values.length > extras.length) extras.push(undefined);
  while (extras.length > values.length) values.push(undefined);
  return values.map((v, i) => mergePrimitive(v, extras[i]));
}

function mergePrimitive(value: unknown, extra: unknown): unknown {
  if (value == null && extra == null) return value;
  if (extra == null) return value;
  return new PrimitiveElement(value === undefined ? undefined : value, extra as Record<string, unknown>);
}

/**
 * Dates are parsed once per patient and string: a chart repeats its dates, and the interpreter too
 * hands out one value per element (its cached wrappers), so sharing the parsed value changes nothing.
 */
function cachedParse(key: string, parse: () => any): any {
  const parsedDates = scope?.dates;
  if (!parsedDates) return parse();
  let parsed = parsedDates.get(key);
  if (parsed === undefined && !parsedDates.has(key)) parsedDates.set(key, (parsed = parse()));
  return parsed;
}

function parseDate(text: string): any {
  return cachedParse(text, () => parseDateTime(text));
}

/** cql-exec-fhir's toSystemObject: a FHIR primitive's JSON value as a CQL System value. */
export function toSystemValue(data: any, systemType: string): any {
  if (data == null) return data;
  switch (systemType) {
    case 'Boolean':
    case 'Integer':
    case 'String':
    case 'Decimal':
      return data;
    case 'DateTime':
      return parseDate(data.replace('Z', '+00:00'));
    case 'Date':
      return cachedParse(`date:${data}`, () => {
        const parsed = parseDate(data);
        return parsed != null ? parsed.getDate() : undefined;
      });
    case 'Time': {
      const time = cql.DateTime.parse(`0000-01-01T${data.replace('Z', '+00:00')}`);
      time.timezoneOffset = null;
      return time;
    }
    default:
      return undefined;
  }
}
