// Names: defines, functions (with cql-execution's run-time overload choice), operands, aliases.
import type { CompileContext, NodeCompiler } from '../compile-context.js';
import type { FunctionUnit } from '../program.js';
import { currentScope, isRawResource } from '../fhir-values.js';
import { matchesType, namedFhir, UNKNOWN } from '../type-specs.js';
import { Unsupported, type ElmNode, type Expr, type TypeSpec } from '../types.js';

/** cql-execution looks names up through the dynamic context chain: a local name that equals a define's shadows it. */
function refuseShadowed(c: CompileContext, name: string, nodeType: string): void {
  if (c.library.localNames.has(name)) throw new Unsupported(nodeType, `"${name}" is also a local name (the reference engine resolves it dynamically)`);
}

const expressionRef: NodeCompiler = (node, c) => {
  const library = c.library.resolve(node.libraryName, node.type);
  const define = library.defines.get(node.name);
  if (!define) throw new Unsupported(node.type, `unknown define ${node.name}`);
  if (!node.libraryName) refuseShadowed(c, node.name, node.type);
  const program = c.program;
  const slot = define.slot;
  c.deps.defines.add(slot);
  return (rt) => program.defineValue(rt, slot);
};

const operandRef: NodeCompiler = (node, c) => {
  const { slot } = c.lookup(node.name, node.type);
  return (_rt, f) => f[slot];
};

const aliasRef: NodeCompiler = (node, c) => {
  const { slot } = c.lookup(node.name, node.type);
  return (_rt, f) => f[slot];
};

function argumentTypes(node: ElmNode, c: CompileContext): TypeSpec[] {
  const operand = node.operand == null ? [] : Array.isArray(node.operand) ? node.operand : [node.operand];
  return operand.map((o: ElmNode) => c.typeOf(o));
}

/** Whether the overload choice can be made from static types: FHIR-typed parameters and arguments. */
function staticallyDecidable(candidates: FunctionUnit[], argTypes: TypeSpec[]): boolean {
  const fhirParams = candidates.every((f) => f.operandTypes.every((t) => t.kind === 'named' && namedFhir(t)));
  return (
    fhirParams &&
    argTypes.every((t) => {
      const name = namedFhir(t);
      return name !== undefined && !name.endsWith('}Resource') && !name.endsWith('}DomainResource');
    })
  );
}

/** cql-execution's choice: same arity, then every non-null argument matching, then the last one left. */
function choose(candidates: FunctionUnit[], args: any[], argTypes: TypeSpec[]): FunctionUnit {
  let matching = candidates;
  if (matching.length > 1) {
    matching = matching.filter((f) => args.every((a, i) => a === null || matchesType(a, f.operandTypes[i]!, argTypes[i] ?? UNKNOWN)));
  }
  if (matching.length === 0) throw new Error('no function with matching signature could be found');
  return matching[matching.length - 1]!;
}

/** Whether an argument can key a memo: a retrieved resource, a list from a retrieve, or a primitive. */
function memoKey(v: any): boolean {
  if (v === null || v === undefined || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.length === 0 || currentScope()?.isRetrieved(v) === true;
  return isRawResource(v);
}

/**
 * Calls of an expensive function (one with a query or retrieve) on the same resources give the same
 * value within one patient's evaluation — CQL functions are pure — so they are computed once: the
 * per-resource helpers that every trial calls (observation day, usable results, exposures).
 */
function memoized(fn: FunctionUnit, rt: any, args: any[], compute: () => any): any {
  let byFn = rt.memo.get(fn) as Map<any, any> | undefined;
  if (!byFn) rt.memo.set(fn, (byFn = new Map()));
  let level: Map<any, any> = byFn;
  for (let i = 0; i < args.length - 1; i++) {
    let next = level.get(args[i]);
    if (!next) level.set(args[i], (next = new Map()));
    level = next;
  }
  const last = args[args.length - 1];
  if (level.has(last)) return level.get(last);
  const value = compute();
  level.set(last, value);
  return value;
}

function invoke(fn: FunctionUnit, rt: any, args: any[]): any {
  if (fn.expensive && args.length > 0 && args.every(memoKey)) return memoized(fn, rt, args, () => call(fn, rt, args));
  return call(fn, rt, args);
}

function call(fn: FunctionUnit, rt: any, args: any[]): any {
  const frame = new Array(fn.frameSize);
  for (let i = 0; i < args.length; i++) frame[i] = args[i];
  return fn.body!(rt, frame);
}

const functionRef: NodeCompiler = (node, c) => {
  const library = c.library.resolve(node.libraryName, node.type);
  if (node.libraryName) refuseShadowed(c, node.libraryName, node.type);
  const args = c.operands(node);
  const candidates = (library.functions.get(node.name) ?? []).filter((f) => f.arity === args.length);
  if (candidates.length === 0) throw new Unsupported(node.type, `no function ${node.name}/${args.length}`);
  for (const fn of candidates) {
    c.program.compileFunction(fn);
    c.deps.functions.add(fn);
  }
  const argTypes = argumentTypes(node, c);
  const evalArgs = (rt: any, f: any[]) => args.map((a) => a(rt, f));
  if (candidates.length === 1) {
    const fn = candidates[0]!;
    if (args.length === 1 && !fn.expensive) {
      const [a] = args as [Expr];
      return (rt, f) => {
        const frame = new Array(fn.frameSize);
        frame[0] = a(rt, f);
        return fn.body!(rt, frame);
      };
    }
    return (rt, f) => invoke(fn, rt, evalArgs(rt, f));
  }
  if (staticallyDecidable(candidates, argTypes)) {
    // Non-null arguments: decided by their static types; null ones match every overload.
    const byNulls = new Map<number, FunctionUnit>();
    return (rt, f) => {
      const values = evalArgs(rt, f);
      let mask = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === null) mask |= 1 << i;
      let fn = byNulls.get(mask);
      if (!fn) byNulls.set(mask, (fn = choose(candidates, values.map((_v, i) => (mask & (1 << i) ? null : STATIC_PROBE)), argTypes)));
      return invoke(fn, rt, values);
    };
  }
  return (rt, f) => {
    const values = evalArgs(rt, f);
    return invoke(choose(candidates, values, argTypes), rt, values);
  };
};

/** A stand-in non-null value whose run-time FHIR type is its static type (for caching a static choice). */
const STATIC_PROBE = Object.freeze({});

const parameterRef: NodeCompiler = (node, c) => {
  const library = c.library.resolve(node.libraryName, node.type);
  const def = library.parameters.get(node.name);
  if (!def) throw new Unsupported(node.type, `unknown parameter ${node.name}`);
  const name = node.name;
  const fallback = c.compileOptional(def.default);
  // cql-execution's ParameterDef: a supplied value wins, else the default (no default: nothing).
  return (rt, f) => {
    const supplied = rt.parameters[name];
    if (supplied !== undefined) return supplied;
    return fallback ? fallback(rt, f) : null;
  };
};

const identifierRef: NodeCompiler = (node) => {
  throw new Unsupported(node.type, 'IdentifierRef outside a sort');
};

export const referenceCompilers: [string, NodeCompiler][] = [
  ['ExpressionRef', expressionRef],
  ['FunctionRef', functionRef],
  ['OperandRef', operandRef],
  ['AliasRef', aliasRef],
  ['QueryLetRef', aliasRef],
  ['ParameterRef', parameterRef],
  ['IdentifierRef', identifierRef],
];
