// One patient's resources indexed by type and, per code property, by `system|code`: shared by the
// interpreted data source (cql-runtime/indexed-patient.ts) and the compiled engine's retrieves.
import type { Resource } from 'fhir/r4';
import { codeKey } from '../artifacts/value-sets.js';

/** The `system|code` keys of a code element in raw JSON (CodeableConcept, Coding, or a list of them). */
export function keysOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) keysOf(item, into);
    return into;
  }
  if (!value || typeof value !== 'object') return into;
  const v = value as { coding?: unknown; system?: string; code?: string };
  if (Array.isArray(v.coding)) return keysOf(v.coding, into);
  if (typeof v.code === 'string') into.push(codeKey(v.system, v.code));
  return into;
}

/** Raw value of `property` (also a choice element: `medication` → `medicationCodeableConcept`). */
export function rawProperty(resource: Resource, property: string): unknown {
  const record = resource as unknown as Record<string, unknown>;
  if (property in record) return record[property];
  const choice = Object.keys(record).find((k) => k.startsWith(property) && /^[A-Z]/.test(k.charAt(property.length)));
  return choice ? record[choice] : undefined;
}

export interface CodeIndex {
  byKey: Map<string, Resource[]>;
  /** Resources whose code element is not a coding at all: the caller decides for them. */
  unindexable: Resource[];
}

export function buildCodeIndex(resources: Resource[], property: string): CodeIndex {
  const byKey = new Map<string, Resource[]>();
  const unindexable: Resource[] = [];
  for (const r of resources) {
    const raw = rawProperty(r, property);
    const keys = keysOf(raw);
    if (keys.length === 0 && raw !== undefined) unindexable.push(r);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (keys.indexOf(key) !== i) continue;
      const list = byKey.get(key);
      if (list) list.push(r);
      else byKey.set(key, [r]);
    }
  }
  return { byKey, unindexable };
}

/** The `system|code` keys a retrieve filters on: a hashed value set, or a list of codes. */
export function filterKeys(codes: any): ReadonlySet<string> | undefined {
  if (codes?.keys instanceof Set) return codes.keys as ReadonlySet<string>;
  if (Array.isArray(codes)) {
    const keys = codes.flatMap((c: any) => (Array.isArray(c?.codes) ? c.codes : [c]));
    if (keys.every((c: any) => c && typeof c.code === 'string')) return new Set(keys.map((c: any) => codeKey(c.system, c.code)));
  }
  return undefined;
}

/** Resources with a code in `keys`, plus the unindexable ones (a set: the caller keeps bundle order). */
export function matchingResources(index: CodeIndex, keys: ReadonlySet<string>): Set<Resource> {
  const found = new Set<Resource>(index.unindexable);
  // Walk the smaller side: a large value set against a small chart, or the reverse.
  if (keys.size <= index.byKey.size) {
    for (const key of keys) index.byKey.get(key)?.forEach((r) => found.add(r));
  } else {
    for (const [key, list] of index.byKey) if (keys.has(key)) list.forEach((r) => found.add(r));
  }
  return found;
}

/** Resources by type, in bundle order. */
export function resourcesByType(resources: Iterable<Resource>): Map<string, Resource[]> {
  const byType = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = byType.get(r.resourceType);
    if (list) list.push(r);
    else byType.set(r.resourceType, [r]);
  }
  return byType;
}
