// Operators with a `precision` attribute (DateTime comparison, interval relations, durations).
import type { NodeCompiler } from '../compile-context.js';
import type { Expr } from '../types.js';

/** The ELM precision in the lower case cql-execution's methods take, or undefined for none. */
export function precisionOf(node: any): string | undefined {
  return node.precision != null ? String(node.precision).toLowerCase() : undefined;
}

/**
 * A binary operator that is a method of its first operand taking the precision (Meets, Overlaps,
 * DurationBetween …): a null operand gives null. `onlyBetweenPeers`: as cql-execution's
 * DifferenceBetween/DurationBetween, operands without the method (not dates) give null too.
 * `shape` maps the method's result.
 */
export function precisionMethod(method: string, options: { onlyBetweenPeers?: boolean; shape?: (result: any) => any } = {}): NodeCompiler {
  const { onlyBetweenPeers = false, shape = (r: any) => r } = options;
  return (node, c) => {
    const [a, b] = c.operands(node) as [Expr, Expr];
    const precision = precisionOf(node);
    return (rt, f) => {
      const x = a(rt, f);
      const y = b(rt, f);
      if (x == null || y == null) return null;
      if (onlyBetweenPeers && (typeof x[method] !== 'function' || typeof y[method] !== 'function')) return null;
      return shape(x[method](y, precision));
    };
  };
}
