// Three-valued logic, nulls, conditionals and literals — cql-execution's semantics, including its
// treatment of `undefined` (ThreeValuedLogic only tests for false/true/null). And/Or stop at the
// operand that decides the result (the reference evaluates both; the value is the same).
import type { NodeCompiler } from '../compile-context.js';
import { cql, comparison } from '../cql-lib.js';
import { Unsupported, type Expr } from '../types.js';

function andOf(a: any, b: any): any {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function orOf(a: any, b: any): any {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

const and: NodeCompiler = (node, c) => {
  const [a, b, ...more] = c.operands(node) as Expr[];
  if (more.length || !a || !b) throw new Unsupported(node.type, 'expected two operands');
  return (rt, f) => {
    const left = a(rt, f);
    if (left === false) return false;
    return andOf(left, b(rt, f));
  };
};

const or: NodeCompiler = (node, c) => {
  const [a, b, ...more] = c.operands(node) as Expr[];
  if (more.length || !a || !b) throw new Unsupported(node.type, 'expected two operands');
  return (rt, f) => {
    const left = a(rt, f);
    if (left === true) return true;
    return orOf(left, b(rt, f));
  };
};

const xor: NodeCompiler = (node, c) => {
  const [a, b] = c.operands(node) as [Expr, Expr];
  return (rt, f) => {
    const x = a(rt, f);
    const y = b(rt, f);
    if (x === null || y === null) return null;
    return (Number(!x) ^ Number(!y)) === 1;
  };
};

const implies: NodeCompiler = (node, c) => {
  const [a, b] = c.operands(node) as [Expr, Expr];
  return (rt, f) => {
    const left = a(rt, f);
    const right = b(rt, f);
    if (left === true) return right;
    if (left === false) return true;
    return right === true ? true : null;
  };
};

const not: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => {
    const v = a(rt, f);
    return v != null ? !v : null;
  };
};

const isTrue: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => a(rt, f) === true;
};

const isFalse: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => a(rt, f) === false;
};

const isNull: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  return (rt, f) => a(rt, f) == null;
};

const coalesce: NodeCompiler = (node, c) => {
  const args = c.operands(node);
  if (args.length === 1) {
    const [only] = args as [Expr];
    return (rt, f) => {
      const v = only(rt, f);
      if (Array.isArray(v)) {
        const item = v.find((x) => x != null);
        return item != null ? item : null;
      }
      return v != null ? v : null;
    };
  }
  return (rt, f) => {
    for (const arg of args) {
      const v = arg(rt, f);
      if (v != null) return v;
    }
    return null;
  };
};

const ifThenElse: NodeCompiler = (node, c) => {
  const condition = c.compile(node.condition);
  const then = c.compile(node.then);
  const otherwise = c.compile(node.else);
  return (rt, f) => (condition(rt, f) ? then(rt, f) : otherwise(rt, f));
};

const caseOf: NodeCompiler = (node, c) => {
  const items = (node.caseItem ?? []).map((ci: any) => ({ when: c.compile(ci.when), then: c.compile(ci.then) }));
  const otherwise = c.compile(node.else);
  if (node.comparand) {
    const comparand = c.compile(node.comparand);
    return (rt, f) => {
      const value = comparand(rt, f);
      for (const item of items) if (comparison.equals(item.when(rt, f), value)) return item.then(rt, f);
      return otherwise(rt, f);
    };
  }
  return (rt, f) => {
    for (const item of items) if (item.when(rt, f)) return item.then(rt, f);
    return otherwise(rt, f);
  };
};

const literal: NodeCompiler = (node) => {
  let value: any;
  switch (node.valueType) {
    case '{urn:hl7-org:elm-types:r1}Boolean':
      value = node.value === 'true';
      break;
    case '{urn:hl7-org:elm-types:r1}Integer':
      value = parseInt(node.value, 10);
      break;
    case '{urn:hl7-org:elm-types:r1}Decimal':
      value = parseFloat(node.value);
      break;
    case '{urn:hl7-org:elm-types:r1}String':
      // cql-execution un-escapes \' and \" (a translator bug it works around).
      value = String(node.value).replace(/\\'/g, "'").replace(/\\"/g, '"');
      break;
    default:
      value = node.value;
  }
  return () => value;
};

const nullLiteral: NodeCompiler = () => () => null;

const quantityLiteral: NodeCompiler = (node) => {
  const value = parseFloat(node.value);
  const unit = node.unit;
  // A new Quantity each time: cql-execution's are fresh objects too (and some operations mutate).
  return () => new cql.Quantity(value, unit);
};

const ratioLiteral: NodeCompiler = (node) => {
  if (node.numerator == null || node.denominator == null) throw new Unsupported(node.type, 'ratio without numerator or denominator');
  // As cql-execution: the two quantities are built once, the Ratio on each evaluation.
  const numerator = new cql.Quantity(node.numerator.value, node.numerator.unit);
  const denominator = new cql.Quantity(node.denominator.value, node.denominator.unit);
  return () => new cql.Ratio(numerator, denominator);
};

/** Message(source, condition, code, severity, message): the source, after telling the caller. */
const message: NodeCompiler = (node, c) => {
  const source = c.compile(node.source);
  const condition = c.compile(node.condition);
  const code = c.compile(node.code);
  const severity = c.compile(node.severity);
  const text = c.compile(node.message);
  return (rt, f) => {
    const value = source(rt, f);
    if (condition(rt, f)) {
      const [codeValue, severityValue, messageValue] = [code(rt, f), severity(rt, f), text(rt, f)];
      rt.onMessage?.(value, codeValue, severityValue, messageValue);
    }
    return value;
  };
};

export const logicCompilers: [string, NodeCompiler][] = [
  ['And', and],
  ['Or', or],
  ['Xor', xor],
  ['Implies', implies],
  ['Not', not],
  ['IsTrue', isTrue],
  ['IsFalse', isFalse],
  ['IsNull', isNull],
  ['Coalesce', coalesce],
  ['If', ifThenElse],
  ['Case', caseOf],
  ['Literal', literal],
  ['Null', nullLiteral],
  ['Quantity', quantityLiteral],
  ['Ratio', ratioLiteral],
  ['Message', message],
];
