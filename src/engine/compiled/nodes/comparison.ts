// Equality, ordering and the overloaded list/interval membership operators, delegating to the same
// helpers cql-execution's operators call (util/comparison, elm/list, elm/interval, datatypes).
import type { NodeCompiler } from '../compile-context.js';
import { comparison, cql, intervalOps, listOps, ThreeValuedLogic, Uncertainty } from '../cql-lib.js';
import { listExcept, listIntersect, listUnion } from '../distinct.js';
import { precisionOf } from './precision.js';
import { resolveValueSet } from '../value-sets.js';
import type { Expr } from '../types.js';

function binary(node: any, c: any): [Expr, Expr] {
  const [a, b] = c.operands(node) as [Expr, Expr];
  return [a, b];
}

const equal: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  return (rt, f) => {
    const x = a(rt, f);
    const y = b(rt, f);
    if (x == null || y == null) return null;
    return comparison.equals(x, y);
  };
};

const notEqual: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  return (rt, f) => {
    const x = a(rt, f);
    const y = b(rt, f);
    if (x == null || y == null) return null;
    return ThreeValuedLogic.not(comparison.equals(x, y));
  };
};

const equivalent: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  const program = c.program;
  return (rt, f) => {
    let x = a(rt, f);
    let y = b(rt, f);
    if (x == null && y == null) return true;
    if (x == null || y == null) return false;
    if (x.isValueSet && y.isValueSet && x.id === y.id && x.version === y.version) return true;
    if (x.isValueSet) x = resolveValueSet(program, x);
    if (y.isValueSet) y = resolveValueSet(program, y);
    return comparison.equivalent(x, y);
  };
};

/** Uncertainty's `lt` for two points: same kind of value, then `before` or `<`. */
function pointLess(a: any, b: any): any {
  if (typeof a !== typeof b || a.constructor !== b.constructor) return null;
  return typeof a.before === 'function' ? a.before(b) : a < b;
}

const not3 = (v: any) => (v != null ? !v : null);

/** What Uncertainty.from(x)[method](Uncertainty.from(y)) gives for two plain points, without the wrappers. */
const POINT_ORDER = {
  lessThan: (x: any, y: any) => pointLess(x, y),
  greaterThan: (x: any, y: any) => pointLess(y, x),
  lessThanOrEquals: (x: any, y: any) => not3(pointLess(y, x)),
  greaterThanOrEquals: (x: any, y: any) => not3(pointLess(x, y)),
};

/** A point Uncertainty.from would keep as is: not null, not an uncertainty, not a code or value set. */
function isPlainPoint(v: any): boolean {
  if (v == null) return false;
  if (typeof v !== 'object') return true;
  return !v.isUncertainty && !v.isCode && !v.isConcept && !v.isValueSet;
}

/** Less, LessOrEqual, Greater, GreaterOrEqual: cql-execution compares Uncertainty wrappers. */
function ordering(method: 'lessThan' | 'lessThanOrEquals' | 'greaterThan' | 'greaterThanOrEquals'): NodeCompiler {
  const point = POINT_ORDER[method];
  return (node, c) => {
    const [a, b] = binary(node, c);
    return (rt, f) => {
      const xv = a(rt, f);
      const yv = b(rt, f);
      if (isPlainPoint(xv) && isPlainPoint(yv)) return point(xv, yv);
      const x = Uncertainty.from(xv);
      const y = Uncertainty.from(yv);
      if (x == null || y == null) return null;
      return x[method](y);
    };
  };
}

const isArray = Array.isArray;

/** cql-execution's doContains for lists; for a primitive item among primitives, that is `===`. */
function listContains(list: any[], item: any): boolean {
  const t = typeof item;
  if (item === null || item === undefined || (t !== 'string' && t !== 'number' && t !== 'boolean')) return listOps.doContains(list, item);
  for (const element of list) {
    const e = typeof element;
    if (element !== null && element !== undefined && e === 'object') {
      if (listOps.doContains([element], item)) return true;
    } else if (element === item) return true;
  }
  return false;
}

/** In (item, container) and Contains (container, item): list membership by equality, else interval. */
function membership(containerFirst: boolean): NodeCompiler {
  return (node, c) => {
    const [first, second] = binary(node, c);
    const precision = precisionOf(node);
    return (rt, f) => {
      // Operands are evaluated in source order, as the reference engine does.
      const x = first(rt, f);
      const y = second(rt, f);
      const container = containerFirst ? x : y;
      const item = containerFirst ? y : x;
      if (container == null) return false;
      if (isArray(container)) return listContains(container, item);
      if (item == null) return null;
      return intervalOps.doContains(container, item, precision);
    };
  };
}

const inOp = membership(false);
const contains = membership(true);

/** Includes / IncludedIn / ProperIncludes / ProperIncludedIn, `flip` when the container is second. */
function inclusion(proper: boolean, flip: boolean): NodeCompiler {
  return (node, c) => {
    const [a, b] = binary(node, c);
    const precision = precisionOf(node);
    return (rt, f) => {
      const x = a(rt, f);
      const y = b(rt, f);
      const [container, contained] = flip ? [y, x] : [x, y];
      if (container == null || contained == null) return null;
      const lib = isArray(container) ? listOps : intervalOps;
      return proper ? lib.doProperIncludes(container, contained, precision) : lib.doIncludes(container, contained, precision);
    };
  };
}

function listTypeArgs(node: any): boolean {
  const operand = Array.isArray(node.operand) ? node.operand : [];
  return operand.some((o: any) => o.type === 'As' && asTypeSpecifierOf(o)?.type === 'ListTypeSpecifier');
}

function asTypeSpecifierOf(node: any): any {
  if (node.asTypeSpecifier) return node.asTypeSpecifier;
  if (node.asType) return { name: node.asType, type: 'NamedTypeSpecifier' };
  return undefined;
}

const union: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  const emptyForNulls = listTypeArgs(node);
  return (rt, f) => {
    const x = a(rt, f);
    const y = b(rt, f);
    if (x == null && y == null) return emptyForNulls ? [] : null;
    if (x == null || y == null) {
      const notNull = x || y;
      return isArray(notNull) ? notNull : null;
    }
    return isArray(x) ? listUnion(x, y) : intervalOps.doUnion(x, y);
  };
};

const except: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  return (rt, f) => {
    const x = a(rt, f);
    const y = b(rt, f);
    if (x == null) return null;
    if (y == null) return isArray(x) ? x : null;
    return isArray(x) ? listExcept(x, y) : intervalOps.doExcept(x, y);
  };
};

const intersect: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  return (rt, f) => {
    const x = a(rt, f);
    const y = b(rt, f);
    if (x == null || y == null) return null;
    return isArray(x) ? listIntersect(x, y) : intervalOps.doIntersect(x, y);
  };
};

const indexer: NodeCompiler = (node, c) => {
  const [a, b] = binary(node, c);
  return (rt, f) => {
    const operand = a(rt, f);
    const index = b(rt, f);
    if (operand == null || index == null) return null;
    if (index < 0 || index >= operand.length) return null;
    return operand[index];
  };
};

const length: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const isCast = node.operand?.type === 'As';
  const listTyped = asTypeSpecifierOf(node.operand)?.type === 'ListTypeSpecifier';
  return (rt, f) => {
    const v = a(rt, f);
    if (v != null) return v.length;
    // cql-execution reads the operand's cast type; an operand that is not a cast makes it throw.
    if (!isCast) throw new TypeError("Cannot read properties of undefined (reading 'type')");
    return listTyped ? 0 : null;
  };
};

/** After / Before: DateTime operands compare points, others (intervals) delegate to the interval. */
function beforeAfter(which: 'doAfter' | 'doBefore'): NodeCompiler {
  return (node, c) => {
    const [a, b] = binary(node, c);
    const precision = precisionOf(node);
    return (rt, f) => {
      const x = a(rt, f);
      const y = b(rt, f);
      if (x == null || y == null) return null;
      return x instanceof cql.DateTime ? x[which === 'doAfter' ? 'after' : 'before'](y, precision) : intervalOps[which](x, y, precision);
    };
  };
}

/** SameAs / SameOrAfter / SameOrBefore. */
function same(method: 'sameAs' | 'sameOrAfter' | 'sameOrBefore'): NodeCompiler {
  return (node, c) => {
    const [a, b] = binary(node, c);
    const precision = precisionOf(node);
    return (rt, f) => {
      const x = a(rt, f);
      const y = b(rt, f);
      if (x != null && y != null) return x[method](y, precision);
      return null;
    };
  };
}

const precision: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    if (v == null) return null;
    if (!v.getPrecisionValue) throw new Error('Unimplemented Expression: Precision');
    return v.getPrecisionValue();
  };
};

export const comparisonCompilers: [string, NodeCompiler][] = [
  ['Equal', equal],
  ['NotEqual', notEqual],
  ['Equivalent', equivalent],
  ['Less', ordering('lessThan')],
  ['LessOrEqual', ordering('lessThanOrEquals')],
  ['Greater', ordering('greaterThan')],
  ['GreaterOrEqual', ordering('greaterThanOrEquals')],
  ['In', inOp],
  ['Contains', contains],
  ['Includes', inclusion(false, false)],
  ['IncludedIn', inclusion(false, true)],
  ['ProperIncludes', inclusion(true, false)],
  ['ProperIncludedIn', inclusion(true, true)],
  ['Union', union],
  ['Except', except],
  ['Intersect', intersect],
  ['Indexer', indexer],
  ['Length', length],
  ['After', beforeAfter('doAfter')],
  ['Before', beforeAfter('doBefore')],
  ['SameAs', same('sameAs')],
  ['SameOrAfter', same('sameOrAfter')],
  ['SameOrBefore', same('sameOrBefore')],
  ['Precision', precision],
];
