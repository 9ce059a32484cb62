// Seeded structural mutations of JSON documents for the fuzz suite (fast-check arbitraries): each
// mutation picks one node of the document by index and replaces, deletes or wraps it with values
// that break naive readers (wrong JSON types, prototype keys, deep nesting, huge strings).
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that have broken JSON readers before: each is a plausible attacker or EHR-bug payload. */
function hostileValues(): Json[] {
  let deep: Json = 'bottom';
  for (let i = 0; i < 400; i++) deep = { extension: [deep] };
  return [
    null,
    {},
    [],
    '',
    0,
    -1,
    1e308,
    true,
    'x'.repeat(100_000),
    '2026-13-45',
    'Patient/../../etc/passwd',
    JSON.parse('{"__proto__": {"polluted": "yes"}}'),
    { constructor: { prototype: { polluted: 'yes' } } },
    { resourceType: 'Bundle', entry: {} },
    { resourceType: 'OperationOutcome', issue: [] },
    { resourceType: 'Patient' },
    { resourceType: 42 },
    deep,
    Array.from({ length: 2000 }, () => ({})),
  ];
}

export type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'wrap-in-array'; at: number }
  | { kind: 'unwrap-array'; at: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.constantFrom(...hostileValues()) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('wrap-in-array' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('unwrap-array' as const), at: fc.nat() }),
);

interface Slot {
  parent: Json[] | { [key: string]: Json };
  key: string | number;
}

function slotsOf(doc: Json): Slot[] {
  const slots: Slot[] = [];
  const visit = (node: Json): void => {
    if (node === null || typeof node !== 'object') return;
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      slots.push({ parent: node, key });
      visit((node as Record<string | number, Json>)[key]!);
    }
  };
  visit(doc);
  return slots;
}

/** The document with the mutations applied in order (a copy; the original is untouched). */
export function mutate<T>(original: T, mutations: Mutation[]): unknown {
  const doc = structuredClone(original) as Json;
  for (const m of mutations) {
    const slots = slotsOf(doc);
    if (slots.length === 0) break;
    const { parent, key } = slots[m.at % slots.length]!;
    const target = parent as Record<string | number, Json>;
    const current = target[key]!;
    if (m.kind === 'replace') target[key] = structuredClone(m.value);
    else if (m.kind === 'wrap-in-array') target[key] = [current];
    else if (m.kind === 'unwrap-array') target[key] = Array.isArray(current) ? (current[0] ?? null) : current;
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete target[key];
  }
  return doc;
}

/** Raw-text damage: a document cut short, or with bytes inserted (not JSON any more, mostly). */
export const textDamageArb = fc.record({ cutAt: fc.nat(), insert: fc.string({ maxLength: 8 }) });

export function damageText(text: string, damage: { cutAt: number; insert: string }): string {
  const at = damage.cutAt % Math.max(1, text.length);
  return text.slice(0, at) + damage.insert + (damage.insert ? text.slice(at) : '');
}
