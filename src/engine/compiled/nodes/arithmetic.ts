// Arithmetic as cql-execution computes it (Uncertainty promotion, Quantity and date arithmetic,
// overflow to null), one operator at a time.
import type { NodeCompiler } from '../compile-context.js';
import { mathUtil, quantityLib, cql, Uncertainty } from '../cql-lib.js';
import { currentScope } from '../fhir-values.js';
import type { Expr } from '../types.js';

const isTemporalOrQuantity = (x: any) => x.isQuantity || x.isDateTime || x.isDate || (x.isTime && x.isTime());

function promote(x: any, y: any): [any, any] {
  if (x.isUncertainty && !y.isUncertainty) return [x, new Uncertainty(y, y)];
  if (y.isUncertainty && !x.isUncertainty) return [new Uncertainty(x, x), y];
  return [x, y];
}

/**
 * Date ± Quantity, once per patient for the same operands (luxon takes microseconds a call and the
 * trials build the same windows again and again); the value is the same object the reference
 * would compute afresh, and nothing mutates dates.
 */
function dateArithmetic(op: 'add' | 'subtract', x: any, y: any, compute: () => any): any {
  const memo = currentScope()?.dateArithmetic;
  if (!memo || !y.isQuantity) return compute();
  const key = `${op}|${x.isDate ? 'D' : 'DT'}${x.toString()}|${x.timezoneOffset}|${y.value}|${y.unit}`;
  let result = memo.get(key);
  if (result === undefined && !memo.has(key)) memo.set(key, (result = compute()));
  return result;
}

function add(x0: any, y0: any): any {
  const [x, y] = promote(x0, y0);
  if (x.isDate || x.isDateTime) return dateArithmetic('add', x, y, () => quantityLib.doAddition(x, y));
  if (isTemporalOrQuantity(x)) return quantityLib.doAddition(x, y);
  if (x.isUncertainty && y.isUncertainty) {
    if (isTemporalOrQuantity(x.low)) return new Uncertainty(quantityLib.doAddition(x.low, y.low), quantityLib.doAddition(x.high, y.high));
    return new Uncertainty(x.low + y.low, x.high + y.high);
  }
  return x + y;
}

function subtract(x0: any, y0: any): any {
  const [x, y] = promote(x0, y0);
  if (x.isDateTime || x.isDate) return dateArithmetic('subtract', x, y, () => quantityLib.doSubtraction(x, y));
  if (x.isQuantity) return quantityLib.doSubtraction(x, y);
  if (x.isUncertainty && y.isUncertainty) {
    if (x.low.isQuantity || x.low.isDateTime || x.low.isDate) {
      return new Uncertainty(quantityLib.doSubtraction(x.low, y.high), quantityLib.doSubtraction(x.high, y.low));
    }
    return new Uncertainty(x.low - y.high, x.high - y.low);
  }
  return x - y;
}

function multiply(x0: any, y0: any): any {
  const [x, y] = promote(x0, y0);
  if (x.isQuantity || y.isQuantity) return quantityLib.doMultiplication(x, y);
  if (x.isUncertainty && y.isUncertainty) {
    if (x.low.isQuantity) return new Uncertainty(quantityLib.doMultiplication(x.low, y.low), quantityLib.doMultiplication(x.high, y.high));
    return new Uncertainty(x.low * y.low, x.high * y.high);
  }
  return x * y;
}

function divide(x0: any, y0: any): any {
  const [x, y] = promote(x0, y0);
  if (x.isQuantity) return quantityLib.doDivision(x, y);
  if (x.isUncertainty && y.isUncertainty) {
    if (x.low.isQuantity) return new Uncertainty(quantityLib.doDivision(x.low, y.high), quantityLib.doDivision(x.high, y.low));
    return new Uncertainty(x.low / y.high, x.high / y.low);
  }
  return x / y;
}

/** An n-ary operator reduced left to right; any null operand → null; overflow → null. */
function reduced(op: (x: any, y: any) => any): NodeCompiler {
  return (node, c) => {
    const args = c.operands(node);
    if (args.length === 2) {
      const [a, b] = args as [Expr, Expr];
      return (rt, f) => {
        const x = a(rt, f);
        const y = b(rt, f);
        if (x == null || y == null) return null;
        const result = op(x, y);
        return mathUtil.overflowsOrUnderflows(result) ? null : result;
      };
    }
    return (rt, f) => {
      const values = args.map((a) => a(rt, f));
      if (values.some((x) => x == null)) return null;
      const result = values.reduce(op);
      return mathUtil.overflowsOrUnderflows(result) ? null : result;
    };
  };
}

function nary(compute: (values: any[]) => any): NodeCompiler {
  return (node, c) => {
    const args = c.operands(node);
    return (rt, f) => {
      const values = args.map((a) => a(rt, f));
      if (values.some((x) => x == null)) return null;
      return compute(values);
    };
  };
}

function unary(compute: (value: any) => any): NodeCompiler {
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => {
      const v = a(rt, f);
      return v == null ? null : compute(v);
    };
  };
}

const round: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const precision = c.compileOptional(node.precision);
  return (rt, f) => {
    const v = a(rt, f);
    if (v == null) return null;
    const dec = precision ? precision(rt, f) : 0;
    return Math.round(v * Math.pow(10, dec)) / Math.pow(10, dec);
  };
};

function boundary(which: 'MIN' | 'MAX'): NodeCompiler {
  return (node) => {
    const valueType = node.valueType;
    const values: Record<string, any> = {
      '{urn:hl7-org:elm-types:r1}Integer': mathUtil[`${which}_INT_VALUE`],
      '{urn:hl7-org:elm-types:r1}Decimal': mathUtil[`${which}_FLOAT_VALUE`],
      '{urn:hl7-org:elm-types:r1}DateTime': mathUtil[`${which}_DATETIME_VALUE`],
      '{urn:hl7-org:elm-types:r1}Date': mathUtil[`${which}_DATE_VALUE`],
      '{urn:hl7-org:elm-types:r1}Time': mathUtil[`${which}_TIME_VALUE`],
    };
    const value = values[valueType];
    return (rt) => {
      if (which === 'MAX' ? value == null : !value) throw new Error(`${which === 'MIN' ? 'Minimum' : 'Maximum'} not supported for ${valueType}`);
      if (valueType !== '{urn:hl7-org:elm-types:r1}DateTime') return value;
      const dt = value.copy();
      dt.timezoneOffset = rt.executionDateTime.timezoneOffset;
      return dt;
    };
  };
}

function step(method: 'successor' | 'predecessor'): NodeCompiler {
  return unary((v) => {
    let result = null;
    try {
      result = mathUtil[method](v);
    } catch (e) {
      if (e instanceof mathUtil.OverFlowException) return null;
    }
    return mathUtil.overflowsOrUnderflows(result) ? null : result;
  });
}

export const arithmeticCompilers: [string, NodeCompiler][] = [
  ['Add', reduced(add)],
  ['Subtract', reduced(subtract)],
  ['Multiply', reduced(multiply)],
  ['Divide', reduced(divide)],
  [
    'TruncatedDivide',
    nary((values) => {
      const q = values.reduce((x, y) => x / y);
      const t = q >= 0 ? Math.floor(q) : Math.ceil(q);
      return mathUtil.overflowsOrUnderflows(t) ? null : t;
    }),
  ],
  ['Modulo', nary((values) => mathUtil.decimalOrNull(values.reduce((x, y) => x % y)))],
  ['Ceiling', unary(Math.ceil)],
  ['Floor', unary(Math.floor)],
  ['Truncate', unary((v) => (v >= 0 ? Math.floor(v) : Math.ceil(v)))],
  ['Abs', unary((v) => (v.isQuantity ? new cql.Quantity(Math.abs(v.value), v.unit) : Math.abs(v)))],
  ['Negate', unary((v) => (v.isQuantity ? new cql.Quantity(v.value * -1, v.unit) : v * -1))],
  ['Round', round],
  ['Ln', unary((v) => mathUtil.decimalOrNull(Math.log(v)))],
  ['Exp', unary((v) => (mathUtil.overflowsOrUnderflows(Math.exp(v)) ? null : Math.exp(v)))],
  ['Log', nary((values) => mathUtil.decimalOrNull(values.reduce((x, y) => Math.log(x) / Math.log(y))))],
  [
    'Power',
    nary((values) => {
      const p = values.reduce((x, y) => Math.pow(x, y));
      return mathUtil.overflowsOrUnderflows(p) ? null : p;
    }),
  ],
  ['MinValue', boundary('MIN')],
  ['MaxValue', boundary('MAX')],
  ['Successor', step('successor')],
  ['Predecessor', step('predecessor')],
];
