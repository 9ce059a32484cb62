// Aggregate functions (cql-execution elm/aggregate.js): nulls removed, Quantities converted to the
// first one's unit, mixed Quantity/non-Quantity lists give null.
import type { NodeCompiler } from '../compile-context.js';
import { comparison, cql, cqlUtil } from '../cql-lib.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const aggregateModule = require('cql-execution/lib/elm/aggregate') as any;
const statistics = aggregateModule.StdDev.prototype;
const modeOf = aggregateModule.Mode.prototype.mode as (values: any[]) => any[];

class MixedQuantities extends Error {}

function processQuantities(values: any[]): any[] {
  const items = cqlUtil.removeNulls(values);
  if (items.every((x: any) => x.isQuantity)) return items.map((q: any) => q.convertUnit(items[0].unit));
  if (items.some((x: any) => x.isQuantity)) throw new MixedQuantities();
  return items;
}

const onlyQuantities = (items: any[]) => items.every((x) => x.isQuantity);
const valuesOf = (items: any[]) => items.map((q) => q.value);

/** An aggregate over a list: not a list → null; unit conversion failure → null; empty → null. */
function numeric(compute: (items: any[], quantities: boolean) => any, { emptyBeforeConversion = false } = {}): NodeCompiler {
  return (node, c) => {
    const source = c.compile(node.source);
    return (rt, f) => {
      let items = source(rt, f);
      if (!Array.isArray(items)) return null;
      if (emptyBeforeConversion && items.length === 0) return null;
      try {
        items = processQuantities(items);
      } catch {
        return null;
      }
      if (items.length === 0) return null;
      return compute(items, onlyQuantities(items));
    };
  };
}

function medianOfNumbers(numbers: number[]): number {
  const items = cqlUtil.numerical_sort(numbers, 'asc');
  return items.length % 2 === 1 ? items[(items.length - 1) / 2] : (items[items.length / 2 - 1] + items[items.length / 2]) / 2;
}

function extreme(better: (a: any, b: any) => any): NodeCompiler {
  return (node, c) => {
    const source = c.compile(node.source);
    return (rt, f) => {
      const list = source(rt, f);
      if (list == null) return null;
      const present = cqlUtil.removeNulls(list);
      try {
        processQuantities(list);
      } catch {
        return null;
      }
      if (present.length === 0) return null;
      let best = present[0];
      for (const element of present) if (better(element, best)) best = element;
      return best;
    };
  };
}

function deviation(kind: string): NodeCompiler {
  const stats = (values: number[]) => {
    const v = statistics.stats(values);
    return v ? v[kind] : undefined;
  };
  return numeric((items, quantities) => (quantities ? new cql.Quantity(stats(valuesOf(items)), items[0].unit) : stats(items)));
}

const count: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  return (rt, f) => {
    const items = source(rt, f);
    return Array.isArray(items) ? cqlUtil.removeNulls(items).length : 0;
  };
};

const mode: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  return (rt, f) => {
    const items = source(rt, f);
    if (!Array.isArray(items) || items.length === 0) return null;
    let filtered;
    try {
      filtered = processQuantities(items);
    } catch {
      return null;
    }
    if (onlyQuantities(filtered)) {
      let m: any = modeOf(valuesOf(filtered));
      if (m.length === 1) m = m[0];
      return new cql.Quantity(m, items[0].unit);
    }
    const m = modeOf(filtered);
    return m.length === 1 ? m[0] : m;
  };
};

const allTrue: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  return (rt, f) => {
    const items = source(rt, f);
    return items == null ? true : cqlUtil.allTrue(cqlUtil.removeNulls(items));
  };
};

const anyTrue: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  return (rt, f) => {
    const items = source(rt, f);
    return items == null ? false : cqlUtil.anyTrue(items);
  };
};

const sum = (items: any[]) => items.reduce((x, y) => x + y);
const product = (items: any[]) => items.reduce((x, y) => x * y);

export const aggregateCompilers: [string, NodeCompiler][] = [
  ['Count', count],
  ['Sum', numeric((items, q) => (q ? new cql.Quantity(sum(valuesOf(items)), items[0].unit) : sum(items)))],
  ['Min', extreme((a, b) => comparison.lessThan(a, b))],
  ['Max', extreme((a, b) => comparison.greaterThan(a, b))],
  ['Avg', numeric((items, q) => (q ? new cql.Quantity(sum(valuesOf(items)) / items.length, items[0].unit) : sum(items) / items.length))],
  ['Median', numeric((items, q) => (q ? new cql.Quantity(medianOfNumbers(valuesOf(items)), items[0].unit) : medianOfNumbers(items)), { emptyBeforeConversion: true })],
  ['Mode', mode],
  ['StdDev', deviation('standard_deviation')],
  ['PopulationStdDev', deviation('population_deviation')],
  ['Variance', deviation('standard_variance')],
  ['PopulationVariance', deviation('population_variance')],
  ['Product', numeric((items, q) => (q ? new cql.Quantity(product(valuesOf(items)), items[0].unit) : product(items)))],
  [
    'GeometricMean',
    numeric((items, q) => (q ? new cql.Quantity(Math.pow(product(valuesOf(items)), 1.0 / items.length), items[0].unit) : Math.pow(product(items), 1.0 / items.length))),
  ],
  ['AllTrue', allTrue],
  ['AnyTrue', anyTrue],
];
