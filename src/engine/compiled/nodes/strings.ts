// String operators with cql-execution's null rules (and its regular-expression readings).
import type { NodeCompiler } from '../compile-context.js';
import type { Expr } from '../types.js';

/** Patterns are compiled once per distinct pattern (cql-execution compiles one per call: same result). */
const patterns = new Map<string, RegExp>();
function anchored(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern}$`);
    if (patterns.size > 1000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}

const concatenate: NodeCompiler = (node, c) => {
  const args = c.operands(node);
  if (args.length === 2) {
    const [a, b] = args as [Expr, Expr];
    return (rt, f) => {
      const x = a(rt, f);
      const y = b(rt, f);
      return x == null || y == null ? null : x + y;
    };
  }
  return (rt, f) => {
    const values = args.map((a) => a(rt, f));
    return values.some((x) => x == null) ? null : values.reduce((x, y) => x + y);
  };
};

const combine: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  const separator = c.compileOptional(node.separator);
  return (rt, f) => {
    const list = source(rt, f);
    const sep = separator ? separator(rt, f) : '';
    if (list == null) return null;
    const kept = list.filter((x: any) => x != null);
    return kept.length === 0 ? null : kept.join(sep);
  };
};

const split: NodeCompiler = (node, c) => {
  const text = c.compile(node.stringToSplit);
  const separator = c.compile(node.separator);
  return (rt, f) => {
    const s = text(rt, f);
    const sep = separator(rt, f);
    if (s && sep) return s.split(sep);
    return s ? [s] : null;
  };
};

const splitOnMatches: NodeCompiler = (node, c) => {
  const text = c.compile(node.stringToSplit);
  const pattern = c.compile(node.separatorPattern);
  return (rt, f) => {
    const s = text(rt, f);
    const p = pattern(rt, f);
    if (s && p) return s.split(new RegExp(p));
    return s ? [s] : null;
  };
};

function unaryString(compute: (s: any) => any): NodeCompiler {
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => {
      const v = a(rt, f);
      return v != null ? compute(v) : null;
    };
  };
}

function position(last: boolean): NodeCompiler {
  return (node, c) => {
    const pattern = c.compile(node.pattern);
    const string = c.compile(node.string);
    return (rt, f) => {
      const p = pattern(rt, f);
      const s = string(rt, f);
      if (p == null || s == null) return null;
      return last ? s.lastIndexOf(p) : s.indexOf(p);
    };
  };
}

const matches: NodeCompiler = (node, c) => {
  const [a, b] = c.operands(node) as [Expr, Expr];
  return (rt, f) => {
    const s = a(rt, f);
    const p = b(rt, f);
    if (s == null || p == null) return null;
    return anchored(p).test(s);
  };
};

const substring: NodeCompiler = (node, c) => {
  const text = c.compile(node.stringToSub);
  const start = c.compile(node.startIndex);
  const length = c.compileOptional(node.length);
  return (rt, f) => {
    const s = text(rt, f);
    const i = start(rt, f);
    const n = length ? length(rt, f) : null;
    if (s == null || i == null || i < 0 || i >= s.length) return null;
    return n != null ? s.substr(i, n) : s.substr(i);
  };
};

function allNonNull(compute: (values: any[]) => any): NodeCompiler {
  return (node, c) => {
    const args = c.operands(node);
    return (rt, f) => {
      const values = args.map((a) => a(rt, f));
      return values.some((x) => x == null) ? null : compute(values);
    };
  };
}

export const stringCompilers: [string, NodeCompiler][] = [
  ['Concatenate', concatenate],
  ['Combine', combine],
  ['Split', split],
  ['SplitOnMatches', splitOnMatches],
  ['Upper', unaryString((s) => s.toUpperCase())],
  ['Lower', unaryString((s) => s.toLowerCase())],
  ['PositionOf', position(false)],
  ['LastPositionOf', position(true)],
  ['Matches', matches],
  ['Substring', substring],
  ['StartsWith', allNonNull(([s, p]) => s.slice(0, p.length) === p)],
  ['EndsWith', allNonNull(([s, p]) => p === '' || s.slice(-p.length) === p)],
  ['ReplaceMatches', allNonNull(([s, p, r]) => s.replace(new RegExp(p, 'g'), r.replace(/\\\$/g, '$$')))],
];
