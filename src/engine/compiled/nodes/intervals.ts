// Interval construction and operators (cql-execution elm/interval.js; the interval datatype does the work).
import type { NodeCompiler } from '../compile-context.js';
import { cql, mathUtil } from '../cql-lib.js';
import { precisionMethod } from './precision.js';
import { collapseIntervals, expandIntervals } from './interval-lists.js';
import type { ElmNode, Expr } from '../types.js';

function castName(node: ElmNode | undefined): string | undefined {
  if (node?.type !== 'As') return undefined;
  const spec = node.asTypeSpecifier ?? (node.asType ? { type: 'NamedTypeSpecifier', name: node.asType } : undefined);
  return spec?.type === 'NamedTypeSpecifier' ? spec.name : undefined;
}

const interval: NodeCompiler = (node, c) => {
  const low = c.compile(node.low);
  const high = c.compile(node.high);
  const lowClosedExpr = c.compileOptional(node.lowClosedExpression);
  const highClosedExpr = c.compileOptional(node.highClosedExpression);
  // With both bounds null, cql-execution takes the point type from a cast of either bound.
  const defaultPointType = castName(node.low) ?? castName(node.high);
  return (rt, f) => {
    const lowValue = low(rt, f);
    const highValue = high(rt, f);
    const lowClosed = node.lowClosed != null ? node.lowClosed : lowClosedExpr && lowClosedExpr(rt, f);
    const highClosed = node.highClosed != null ? node.highClosed : highClosedExpr && highClosedExpr(rt, f);
    const pointType = lowValue == null && highValue == null ? defaultPointType : undefined;
    return new cql.Interval(lowValue, highValue, lowClosed, highClosed, pointType);
  };
};

/** Meets, Overlaps, Starts, Ends …: both operands non-null, then the interval's own method. */
const relation = (method: string) => precisionMethod(method);

function measure(method: 'width' | 'size'): NodeCompiler {
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => {
      const v = a(rt, f);
      return v == null ? null : v[method]();
    };
  };
}

/** Start / End; the minimum (maximum) DateTime takes the evaluation's offset, as in cql-execution. */
function boundary(which: 'start' | 'end'): NodeCompiler {
  const extreme = which === 'start' ? mathUtil.MIN_DATETIME_VALUE : mathUtil.MAX_DATETIME_VALUE;
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => {
      const v = a(rt, f);
      if (v == null) return null;
      const point = v[which]();
      if (point && point.isDateTime && point.equals(extreme)) point.timezoneOffset = rt.executionDateTime.timezoneOffset;
      return point;
    };
  };
}

const collapse: NodeCompiler = (node, c) => {
  const [a, b] = c.operands(node) as [Expr, Expr];
  return (rt, f) => collapseIntervals(a(rt, f), b(rt, f));
};

const expand: NodeCompiler = (node, c) => {
  const [a, b] = c.operands(node) as [Expr, Expr];
  return (rt, f) => expandIntervals(a(rt, f), b(rt, f));
};

export const intervalCompilers: [string, NodeCompiler][] = [
  ['Interval', interval],
  ['Meets', relation('meets')],
  ['MeetsAfter', relation('meetsAfter')],
  ['MeetsBefore', relation('meetsBefore')],
  ['Overlaps', relation('overlaps')],
  ['OverlapsAfter', relation('overlapsAfter')],
  ['OverlapsBefore', relation('overlapsBefore')],
  ['Starts', relation('starts')],
  ['Ends', relation('ends')],
  ['Width', measure('width')],
  ['Size', measure('size')],
  ['Start', boundary('start')],
  ['End', boundary('end')],
  ['Collapse', collapse],
  ['Expand', expand],
];
