// cql-execution de-duplicates lists (union, distinct, a query's plain `return`) by a deep "normalized
// key" of each value; for a FHIR resource that walks every element getter and wraps every nested
// element again — most of an evaluation's time on real charts. Resources wrapped by our indexed data
// source get a cheap key with the same meaning: equal JSON content ⇒ equal key.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const immutableUtil = require('cql-execution/lib/util/immutableUtil') as { toNormalizedKey: (value: unknown) => unknown };

/** Marks a FHIRObject created by the indexed data source (a symbol: invisible to cql-execution). */
export const INDEXED_RESOURCE = Symbol('trialcds.indexedResource');

const keys = new WeakMap<object, string>();

function keyOf(wrapped: { _json?: unknown; _typeInfo?: { name?: string } }): string {
  const json = wrapped._json;
  if (json === null || typeof json !== 'object') return `\u0000fhir:${wrapped._typeInfo?.name}:${JSON.stringify(json)}`;
  let key = keys.get(json);
  if (key === undefined) {
    key = `\u0000fhir:${wrapped._typeInfo?.name}:${JSON.stringify(json)}`;
    keys.set(json, key);
  }
  return key;
}

let installed = false;

/** Installs the cheap key once per process; values not marked by us keep cql-execution's own key. */
export function installResourceKeys(): void {
  if (installed) return;
  installed = true;
  const original = immutableUtil.toNormalizedKey;
  immutableUtil.toNormalizedKey = (value: unknown) =>
    value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[INDEXED_RESOURCE]
      ? keyOf(value as { _json?: unknown })
      : original(value);
}
