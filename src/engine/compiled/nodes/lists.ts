// List operators (cql-execution elm/list.js semantics).
import type { NodeCompiler } from '../compile-context.js';
import { comparison } from '../cql-lib.js';
import { distinctList } from '../distinct.js';
import { Unsupported } from '../types.js';

const list: NodeCompiler = (node, c) => {
  const elements = (node.element ?? []).map((e: any) => c.compile(e));
  return (rt, f) => elements.map((e: any) => e(rt, f));
};

const exists: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    if (v) return v.some((item: any) => item != null);
    return false;
  };
};

const singletonFrom: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    if (v != null && v.length > 1) throw new Error("IllegalArgument: 'SingletonFrom' requires a 0 or 1 arg array");
    if (v != null && v.length === 1) return v[0];
    return null;
  };
};

const toList: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    return v != null ? [v] : [];
  };
};

const indexOf: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  const element = c.compile(node.element);
  return (rt, f) => {
    const src = source(rt, f);
    const el = element(rt, f);
    if (src == null || el == null) return null;
    for (let i = 0; i < src.length; i++) if (comparison.equals(src[i], el)) return i;
    return -1;
  };
};

const flatten: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    if (Array.isArray(v) && v.every((x) => Array.isArray(x))) return v.reduce((x: any[], y: any[]) => x.concat(y), []);
    return v;
  };
};

const distinct: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    return v == null ? null : distinctList(v);
  };
};

function endOf(last: boolean): NodeCompiler {
  return (node, c) => {
    const source = c.compile(node.source);
    return (rt, f) => {
      const src = source(rt, f);
      if (src != null && Array.isArray(src) && src.length > 0) return last ? src[src.length - 1] : src[0];
      return null;
    };
  };
}

const slice: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  const startIndex = c.compile(node.startIndex);
  const endIndex = c.compile(node.endIndex);
  return (rt, f) => {
    const src = source(rt, f);
    if (src != null && Array.isArray(src)) {
      const s = startIndex(rt, f);
      const e = endIndex(rt, f);
      const start = s != null ? s : 0;
      const end = e != null ? e : src.length;
      if (src.length === 0 || start < 0 || end < 0 || end < start) return [];
      return src.slice(start, end);
    }
    return null;
  };
};

const unimplemented: NodeCompiler = (node) => {
  throw new Unsupported(node.type, 'not implemented by the reference engine either');
};

export const listCompilers: [string, NodeCompiler][] = [
  ['List', list],
  ['Exists', exists],
  ['SingletonFrom', singletonFrom],
  ['ToList', toList],
  ['IndexOf', indexOf],
  ['Flatten', flatten],
  ['Distinct', distinct],
  ['First', endOf(false)],
  ['Last', endOf(true)],
  ['Slice', slice],
  ['Times', unimplemented],
  ['Filter', unimplemented],
  ['ForEach', unimplemented],
  ['Current', unimplemented],
];
