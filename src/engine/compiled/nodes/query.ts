// Queries: sources (cartesian product), let, with/without, where, return (distinct unless `all`),
// aggregate and sort — cql-execution's elm/query.js, with aliases in frame slots instead of contexts.
import type { CompileContext, NodeCompiler } from '../compile-context.js';
import { distinctList } from '../distinct.js';
import { namedFhir, UNKNOWN } from '../type-specs.js';
import { Unsupported, type ElmNode, type Expr, type Frame, type Runtime, type TypeSpec } from '../types.js';

function elementType(t: TypeSpec): TypeSpec {
  return t.kind === 'list' ? t.element : t;
}

interface Relationship {
  source: Expr;
  slot: number;
  suchThat: Expr;
  without: boolean;
}

function compileRelationship(rel: ElmNode, c: CompileContext): Relationship {
  if (rel.type !== 'With' && rel.type !== 'Without') throw new Unsupported(rel.type, 'relationship');
  const source = c.compile(rel.expression);
  const { context, slots } = c.bind([{ name: rel.alias, type: elementType(c.typeOf(rel.expression)) }]);
  return { source, slot: slots[0]!, suchThat: context.compile(rel.suchThat), without: rel.type === 'Without' };
}

function relationshipHolds(rel: Relationship, rt: Runtime, f: Frame): boolean {
  let records = rel.source(rt, f);
  if (!Array.isArray(records)) records = [records];
  let any = false;
  for (const record of records) {
    f[rel.slot] = record;
    if (rel.suchThat(rt, f)) {
      any = true;
      break;
    }
  }
  return rel.without ? !any : any;
}

type Comparator = (rt: Runtime, f: Frame, a: any, b: any) => number;

function orderOf(direction: string): [number, number] {
  const low = direction === 'asc' || direction === 'ascending' ? -1 : 1;
  return [low, -low];
}

function compareValues(aVal: any, bVal: any, low: number, high: number): number {
  if (aVal === bVal || (aVal == null && bVal == null)) return 0;
  if (aVal == null || bVal == null) return aVal == null ? low : high;
  if (aVal.isQuantity && bVal.isQuantity) return aVal.before(bVal) ? low : high;
  return aVal < bVal ? low : high;
}

function compileSortItem(item: ElmNode, rowType: TypeSpec, c: CompileContext): Comparator {
  const [low, high] = orderOf(item.direction);
  if (item.type === 'ByDirection') {
    return (_rt, _f, a, b) => {
      if (a === b) return 0;
      if (a.isQuantity && b.isQuantity) return a.before(b) ? low : high;
      return a < b ? low : high;
    };
  }
  if (item.type === 'ByColumn') {
    if (namedFhir(rowType)) throw new Unsupported('ByColumn', 'sorting FHIR data by a column');
    const path: string = item.path;
    if (path.includes('.')) throw new Unsupported('ByColumn', 'dotted sort path');
    if (c.bindings.has(path) || c.library.defines.has(path) || c.library.functions.has(path) || c.library.includes.has(path)) throw new Unsupported('ByColumn', `sort column ${path} shadows a name`);
    return (_rt, _f, a, b) => compareValues(a?.[path], b?.[path], low, high);
  }
  throw new Unsupported(item.type, 'sort by expression');
}

/** cql-execution's merge sort (stable; the same comparisons in the same order). */
function mergeSort(rt: Runtime, f: Frame, list: any[], compare: (a: any, b: any) => number): any[] {
  if (list.length <= 1) return list;
  const mid = Math.floor(list.length / 2);
  const left = mergeSort(rt, f, list.slice(0, mid), compare);
  const right = mergeSort(rt, f, list.slice(mid), compare);
  const sorted: any[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (compare(left[i], right[j]) <= 0) {
      if (left[i] !== undefined) sorted.push(left[i]);
      i++;
    } else {
      if (right[j] !== undefined) sorted.push(right[j]);
      j++;
    }
  }
  for (; i < left.length; i++) sorted.push(left[i]);
  for (; j < right.length; j++) sorted.push(right[j]);
  return sorted;
}

interface Aggregate {
  starting?: Expr;
  slot: number;
  expression: Expr;
}

const query: NodeCompiler = (node, c) => {
  const sources: ElmNode[] = node.source ?? [];
  const sourceExprs = sources.map((s) => c.compile(s.expression));
  const bound = c.bind(sources.map((s) => ({ name: s.alias, type: elementType(c.typeOf(s.expression)) })));
  let q = bound.context;
  const aliasSlots = bound.slots;
  const aliases = sources.map((s) => s.alias as string);
  const lets: { name: string; slot: number; expr: Expr }[] = [];
  for (const l of node.let ?? []) {
    const expr = q.compile(l.expression);
    const b = q.bind([{ name: l.identifier, type: q.typeOf(l.expression) }]);
    q = b.context;
    lets.push({ name: l.identifier, slot: b.slots[0]!, expr });
  }
  const relationships = (node.relationship ?? []).map((r: ElmNode) => compileRelationship(r, q));
  const where = q.compileOptional(node.where);
  const returned = node.return ? q.compile(node.return.expression) : undefined;
  let aggregate: Aggregate | undefined;
  if (node.aggregate) {
    const starting = node.aggregate.starting ? c.compile(node.aggregate.starting) : undefined;
    const b = q.bind([{ name: node.aggregate.identifier, type: q.typeOf(node.aggregate.expression) }]);
    aggregate = { starting, slot: b.slots[0]!, expression: b.context.compile(node.aggregate.expression) };
  }
  const distinct = node.aggregate ? (node.aggregate.distinct ?? false) : node.return ? (node.return.distinct ?? true) : true;
  const rowType = node.return ? q.typeOf(node.return.expression) : sources.length === 1 ? elementType(c.typeOf(sources[0]!.expression)) : UNKNOWN;
  const sortItems: Comparator[] = (node.sort?.by ?? []).map((item: ElmNode) => compileSortItem(item, rowType, q));
  if (aggregate && sortItems.length) throw new Unsupported('Query', 'aggregate with sort');
  const rowObject = sources.length > 1 || aggregate !== undefined;

  /** One combination of source items: lets, relationships, where; pushes what it returns. */
  const visit = (rt: Runtime, f: Frame, out: any[]): void => {
    for (const l of lets) f[l.slot] = l.expr(rt, f);
    for (const rel of relationships) if (!relationshipHolds(rel, rt, f)) return;
    if (where && !where(rt, f)) return;
    if (returned) out.push(returned(rt, f));
    else if (!rowObject) out.push(f[aliasSlots[0]!]);
    else {
      const row: Record<string, any> = {};
      aliases.forEach((a, i) => (row[a] = f[aliasSlots[i]!]));
      for (const l of lets) row[l.name] = f[l.slot];
      out.push(row);
    }
  };

  const iterate = (rt: Runtime, f: Frame, lists: any[][], depth: number, out: any[]): void => {
    const slot = aliasSlots[depth]!;
    for (const item of lists[depth]!) {
      f[slot] = item;
      if (depth + 1 < lists.length) iterate(rt, f, lists, depth + 1, out);
      else visit(rt, f, out);
    }
  };

  const sortRows = (rt: Runtime, f: Frame, rows: any[]): any[] =>
    mergeSort(rt, f, rows, (a, b) => {
      let order = 0;
      for (const item of sortItems) {
        order = item(rt, f, a, b);
        if (order !== 0) break;
      }
      return order;
    });

  const runAggregate = (rt: Runtime, f: Frame, rows: any[]): any => {
    let value = aggregate!.starting ? aggregate!.starting(rt, f) : null;
    for (const row of rows) {
      aliases.forEach((a, i) => (f[aliasSlots[i]!] = row[a]));
      for (const l of lets) f[l.slot] = row[l.name];
      f[aggregate!.slot] = value;
      value = aggregate!.expression(rt, f);
    }
    return value;
  };

  return (rt, f) => {
    const results = sourceExprs.map((s) => s(rt, f));
    if (results.every((r) => r == null)) return null;
    const isList = results.some((r) => Array.isArray(r));
    const lists = results.map((r) => (r == null ? [] : Array.isArray(r) ? r : [r]));
    let rows: any[] = [];
    iterate(rt, f, lists, 0, rows);
    if (distinct) rows = distinctList(rows);
    if (aggregate) return runAggregate(rt, f, rows);
    if (sortItems.length) rows = sortRows(rt, f, rows);
    return isList ? rows : rows[0];
  };
};

export const queryCompilers: [string, NodeCompiler][] = [['Query', query]];
