// The compiled engine de-duplicates lists (query returns, union, except, intersect) with its own
// keys; the first of each group of equal values must be kept exactly as cql-execution's
// toDistinctList (immutable.js normalized keys) keeps it, for every kind of value trial logic uses.
import { createRequire } from 'node:module';
import { distinctList, listUnion } from '../../../src/engine/compiled/distinct.js';

const require = createRequire(import.meta.url);
const cql = require('cql-execution');
const listOps = require('cql-execution/lib/elm/list');

/** A small universe of values with deliberate duplicates across kinds. */
function values(): unknown[] {
  const d = (s: string) => cql.DateTime.parse(s);
  return [
    null, undefined, 0, -0, 1, 1.5, '1', 'a', 'A', true, false, NaN,
    [1, 2], [1, 2], [2, 1], [], [null],
    { ref: 'Observation/1', text: 'x', onDay: d('2024-01-01').getDate() },
    { ref: 'Observation/1', text: 'x', onDay: d('2024-01-01').getDate() },
    { text: 'x', ref: 'Observation/1', onDay: d('2024-01-01').getDate() },
    { ref: 'Observation/1', text: 'x', onDay: null },
    { ref: 'Observation/1', text: 'x', onDay: undefined },
    { ref: 'Observation/1', text: 'x' },
    d('2024-01-01T10:00:00+01:00'), d('2024-01-01T09:00:00+00:00'), d('2024-01-01T09:00:00Z'), d('2024-01-01'),
    new cql.Interval(d('2024-01-01').getDate(), d('2024-01-05').getDate(), true, true),
    new cql.Interval(d('2024-01-01').getDate(), d('2024-01-06').getDate(), true, false),
    new cql.Code('a', 's'), new cql.Code('a', 's'), new cql.Code('a', 't'),
    new cql.Quantity(1, 'g'), new cql.Quantity(1000, 'mg'),
    { coding: [{ system: 's', code: 'c' }] }, { coding: [{ code: 'c', system: 's' }] },
  ];
}

/** A seeded shuffle with repeats, so every run checks the same lists. */
const POOL = values();

function lists(): unknown[][] {
  const pool = POOL;
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => pool[Math.floor(next() * pool.length)]));
}

const keyList = (list: unknown[]) => list.map((v) => POOL.indexOf(v));

test('distinctList keeps what toDistinctList keeps', () => {
  for (const list of lists()) expect(keyList(distinctList(list))).toEqual(keyList(listOps.toDistinctList(list)));
});

test('listUnion is cql-execution doUnion for lists', () => {
  const all = lists();
  for (let i = 0; i + 1 < all.length; i += 2) expect(keyList(listUnion(all[i]!, all[i + 1]!))).toEqual(keyList(listOps.doUnion(all[i]!, all[i + 1]!)));
});
