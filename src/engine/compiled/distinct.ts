// De-duplication with cql-execution's meaning (toDistinctList: the first of each group of values with
// equal normalized keys), fast for the lists the trials de-duplicate: strings, numbers and resources.
import { datatypes, immutableUtil, listOps } from './cql-lib.js';
import { isRawResource } from './fhir-values.js';

const resourceKeys = new WeakMap<object, string>();

/** A retrieved resource's key: equal JSON content ⇒ equal key (as the interpreter's patched key). */
function resourceKey(resource: object): string {
  let key = resourceKeys.get(resource);
  if (key === undefined) {
    key = `\u0000fhir:${JSON.stringify(resource)}`;
    resourceKeys.set(resource, key);
  }
  return key;
}

let installed = false;
/**
 * Teaches cql-execution's normalized key about resources handed out by the compiled engine's
 * retrieves (otherwise it walks every element of every resource). Installed once, at engine load.
 */
export function installCompiledResourceKeys(): void {
  if (installed) return;
  installed = true;
  const previous = immutableUtil.toNormalizedKey;
  immutableUtil.toNormalizedKey = (value: unknown) => (isRawResource(value) ? resourceKey(value) : previous(value));
}

const elementKeys = new WeakMap<object, string>();

/**
 * A string with cql-execution's normalized-key equality for the values trial logic de-duplicates
 * (primitives, lists, tuples, FHIR JSON, Date, DateTime, Interval, Code); undefined for any other
 * value, whose list then goes to cql-execution's own (immutable.js) keys.
 */
function valueKey(v: any): string | undefined {
  if (v === null || v === undefined) return '~';
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'number':
      return Number.isNaN(v) ? 'nNaN' : `n${v === 0 ? 0 : v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (isRawResource(v)) return resourceKey(v);
  if (Array.isArray(v)) return listKey(v);
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return objectKey(v, '{');
  if (v instanceof Date) return `J${v.getTime()}`;
  if (v.isDateTime && v.constructor === datatypes.DateTime) {
    const utc = typeof v.timezoneOffset === 'number' && v.timezoneOffset !== 0 ? v.convertToTimezoneOffset(0) : v;
    return fieldsKey(utc, 'DT{');
  }
  if (v.isDate && v.constructor === datatypes.Date) return fieldsKey(v, 'D{');
  if (v.isInterval && v.constructor === datatypes.Interval) return fieldsKey(v.toClosed(), 'I{');
  if (v.isCode && v.constructor === datatypes.Code) return fieldsKey(v, 'C{');
  return undefined;
}

function listKey(list: any[]): string | undefined {
  let key = '[';
  for (const item of list) {
    const k = valueKey(item);
    if (k === undefined) return undefined;
    key += `${k},`;
  }
  return `${key}]`;
}

/** Own enumerable fields, in name order (immutable.js Maps compare without order). */
function fieldsKey(v: any, open: string): string | undefined {
  let key = open;
  for (const name of Object.keys(v).sort()) {
    const k = valueKey(v[name]);
    if (k === undefined) return undefined;
    key += `${JSON.stringify(name)}:${k},`;
  }
  return `${key}}`;
}

/** A tuple or FHIR element; FHIR JSON does not change during an evaluation, so its key is kept. */
function objectKey(v: object, open: string): string | undefined {
  const cached = elementKeys.get(v);
  if (cached !== undefined) return cached;
  const key = fieldsKey(v, open);
  if (key !== undefined) elementKeys.set(v, key);
  return key;
}

/**
 * A necessary condition for equal keys, cheap to compute: a resource's type and id, a tuple's
 * primitive fields. Values with different screens are different; only values that share a screen
 * are compared by their full keys (most lists never compute one).
 */
function screen(v: any): string {
  if (v === null || v === undefined) return '~';
  if (typeof v !== 'object') return typeof v === 'string' ? `s${v}` : `${typeof v}${v}`;
  if (isRawResource(v)) return `r${v.resourceType}/${(v as { id?: string }).id}`;
  if (Array.isArray(v)) return `[${v.length}`;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return 'o';
  // Field order does not matter to immutable.js Map equality: screen the fields by name.
  const parts: string[] = [];
  for (const name in v) {
    const field = v[name];
    if (field === null || field === undefined) parts.push(`${name}~`);
    else if (typeof field !== 'object') parts.push(`${name}${typeof field}${field}`);
  }
  return `{${parts.sort().join(',')}`;
}

/** cql-execution's toDistinctList (null and undefined share one key, as there). */
export function distinctList(list: any[]): any[] {
  if (list.length < 2) return list.slice();
  const buckets = new Map<string, any[]>();
  const keys = new Map<any, string | undefined>();
  const keyOf = (item: any): string | undefined => {
    if (!keys.has(item)) keys.set(item, valueKey(item));
    return keys.get(item);
  };
  const out: any[] = [];
  for (const item of list) {
    const s = screen(item);
    const bucket = buckets.get(s);
    if (!bucket) {
      buckets.set(s, [item]);
      out.push(item);
      continue;
    }
    const key = keyOf(item);
    if (key === undefined) return listOps.toDistinctList(list);
    let duplicate = false;
    for (const other of bucket) {
      const otherKey = keyOf(other);
      if (otherKey === undefined) return listOps.toDistinctList(list);
      if (otherKey === key) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) {
      bucket.push(item);
      out.push(item);
    }
  }
  return out;
}

/** cql-execution's removeDuplicateNulls: keeps the first null (undefined is kept). */
export function removeDuplicateNulls(list: any[]): any[] {
  let nullSeen = false;
  const out: any[] = [];
  for (const item of list) {
    if (item !== null) out.push(item);
    else if (!nullSeen) {
      out.push(item);
      nullSeen = true;
    }
  }
  return out;
}

/** List union (cql-execution's doUnion for lists). */
export function listUnion(a: any[], b: any[]): any[] {
  return removeDuplicateNulls(distinctList(a.concat(b)));
}

/** List except / intersect (cql-execution's doExcept / doIntersect for lists). */
export function listExcept(a: any[], b: any[]): any[] {
  return removeDuplicateNulls(distinctList(a)).filter((item) => !listOps.doContains(b, item));
}

export function listIntersect(a: any[], b: any[]): any[] {
  return removeDuplicateNulls(distinctList(a)).filter((item) => listOps.doContains(b, item));
}
