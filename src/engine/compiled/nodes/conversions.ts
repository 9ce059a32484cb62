// Casts, type tests and conversions (cql-execution elm/type.js), over compiled values: a FHIR value
// is tested by its FHIR type (a choice's own type, a resource's type, else its static type).
import type { NodeCompiler } from '../compile-context.js';
import { cql, datatypes, mathUtil, quantityLib, cqlUtil, Uncertainty } from '../cql-lib.js';
import { ChoiceValue, isRawResource } from '../fhir-values.js';
import { matchesType, namedFhir, specOf } from '../type-specs.js';
import { Unsupported, SYSTEM_NS, type ElmNode, type Expr, type TypeSpec } from '../types.js';

function castSpec(node: ElmNode, specKey: string, nameKey: string): TypeSpec {
  if (node[specKey]) return specOf(node[specKey]);
  if (node[nameKey]) return { kind: 'named', name: node[nameKey] };
  throw new Unsupported(node.type, 'no type');
}

function isSystemSpec(spec: TypeSpec): boolean {
  switch (spec.kind) {
    case 'named':
      return spec.name.startsWith(SYSTEM_NS);
    case 'list':
      return isSystemSpec(spec.element);
    case 'tuple':
      return spec.elements.every((e) => isSystemSpec(e.type));
    case 'interval':
      return isSystemSpec(spec.point);
    case 'choice':
      return spec.choices.every(isSystemSpec);
    default:
      return false;
  }
}

/** Whether a value is FHIR data (cql-exec-fhir would hold it as a FHIRObject, which has `_is`). */
function isFhirValue(value: any, staticType: TypeSpec): boolean {
  return value instanceof ChoiceValue || isRawResource(value) || namedFhir(staticType) !== undefined;
}

const as: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const spec = castSpec(node, 'asTypeSpecifier', 'asType');
  const staticType = c.typeOf(node.operand);
  const strict = node.strict ?? false;
  const unwrap = spec.kind === 'named' && namedFhir(spec) !== undefined;
  return (rt, f) => {
    const v = a(rt, f);
    if (v == null) return null;
    if (matchesType(v, spec, staticType)) return unwrap && v instanceof ChoiceValue ? v.value : v;
    if (strict) throw new Error(`Cannot cast value as ${spec.kind === 'named' ? spec.name : spec.kind}`);
    return null;
  };
};

const is: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const spec = castSpec(node, 'isTypeSpecifier', 'isType');
  const staticType = c.typeOf(node.operand);
  const systemSpec = isSystemSpec(spec);
  const localId = node.localId;
  return (rt, f) => {
    const v = a(rt, f);
    if (v === null) return false;
    if (v === undefined) throw new TypeError("Cannot read properties of undefined (reading '_is')");
    if (!systemSpec && !isFhirValue(v, staticType)) throw new Error(`Patient Source does not support Is operation for localId: ${localId}`);
    return matchesType(v, spec, staticType);
  };
};

function unaryConversion(convert: (v: any, rt: any) => any): NodeCompiler {
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => convert(a(rt, f), rt);
  };
}

function toBoolean(v: any): any {
  if (v != null) {
    const s = v.toString().toLowerCase();
    if (['true', 't', 'yes', 'y', '1'].includes(s)) return true;
    if (['false', 'f', 'no', 'n', '0'].includes(s)) return false;
  }
  return null;
}

function toConcept(v: any): any {
  return v != null ? new datatypes.Concept([v], v.display) : null;
}

function toDate(v: any): any {
  if (v == null) return null;
  if (v.isDateTime) return v.getDate();
  return cql.Date.parse(v.toString());
}

function toDateTime(v: any, rt: any): any {
  if (v == null) return null;
  if (v.isDate) return v.getDateTime(rt.executionDateTime.timezoneOffset);
  return cql.DateTime.parse(v.toString());
}

function toDecimal(v: any): any {
  if (v != null) {
    if (v.isUncertainty) {
      const low = mathUtil.limitDecimalPrecision(parseFloat(v.low.toString()));
      const high = mathUtil.limitDecimalPrecision(parseFloat(v.high.toString()));
      return new Uncertainty(low, high);
    }
    const decimal = mathUtil.limitDecimalPrecision(parseFloat(v.toString()));
    if (mathUtil.isValidDecimal(decimal)) return decimal;
  }
  return null;
}

function toInteger(v: any): any {
  if (typeof v === 'string') {
    const integer = parseInt(v);
    if (mathUtil.isValidInteger(integer)) return integer;
  } else if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  return null;
}

function toQuantity(v: any): any {
  if (v == null) return null;
  if (typeof v === 'number') return new cql.Quantity(v, '1');
  if (v.isRatio) return v.numerator.dividedBy(v.denominator);
  if (v.isUncertainty) return new Uncertainty(toQuantity(v.low), toQuantity(v.high));
  return quantityLib.parseQuantity(v.toString());
}

function toRatio(v: any): any {
  if (v == null) return null;
  let numerator;
  let denominator;
  try {
    const parts = v.toString().match(/^(\d+(\.\d+)?\s*('.+')?)\s*:\s*(\d+(\.\d+)?\s*('.+')?)$/);
    if (parts == null) return null;
    numerator = quantityLib.parseQuantity(parts[1]);
    denominator = quantityLib.parseQuantity(parts[4]);
  } catch {
    return null;
  }
  if (numerator == null || denominator == null) return null;
  return new cql.Ratio(numerator, denominator);
}

function toStringValue(v: any): any {
  return v != null ? v.toString() : null;
}

function toTime(v: any): any {
  if (v == null) return null;
  const m = /^T?((\d{2})(:(\d{2})(:(\d{2})(\.(\d+))?)?)?)?(Z|(([+-])(\d{2})(:?(\d{2}))?))?$/.exec(v.toString());
  if (m == null) return null;
  let hours: any = m[2];
  let minutes: any = m[4];
  let seconds: any = m[6];
  if (hours != null) {
    if (hours < 0 || hours > 23) return null;
    hours = parseInt(hours, 10);
  }
  if (minutes != null) {
    if (minutes < 0 || minutes > 59) return null;
    minutes = parseInt(minutes, 10);
  }
  if (seconds != null) {
    if (seconds < 0 || seconds > 59) return null;
    seconds = parseInt(seconds, 10);
  }
  let milliseconds: any = m[8];
  if (milliseconds != null) milliseconds = parseInt(cqlUtil.normalizeMillisecondsField(milliseconds));
  return new cql.DateTime(0, 1, 1, hours, minutes, seconds, milliseconds, null);
}

const CONVERSIONS: Record<string, (v: any, rt: any) => any> = {
  Boolean: toBoolean,
  Concept: toConcept,
  Decimal: toDecimal,
  Integer: toInteger,
  String: toStringValue,
  Quantity: toQuantity,
  DateTime: toDateTime,
  Date: toDate,
  Time: toTime,
};

const convert: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const to = typeof node.toType === 'string' && node.toType.startsWith(SYSTEM_NS) ? CONVERSIONS[node.toType.slice(SYSTEM_NS.length)] : undefined;
  if (!to) return a;
  return (rt, f) => to(a(rt, f), rt);
};

/** ConvertsToX: null stays null, else whether the conversion gives a value (errors → false). */
function convertsTo(to: (v: any, rt: any) => any): NodeCompiler {
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => {
      const v = a(rt, f);
      if (v === null) return null;
      try {
        return to(v, rt) != null;
      } catch {
        return false;
      }
    };
  };
}

/**
 * ConvertQuantity / CanConvertQuantity through the UCUM service: `whenConverted` maps the result (or
 * the failure, `undefined`); with a null operand, ConvertQuantity gives nothing (undefined, as the
 * reference engine does) and CanConvertQuantity gives null.
 */
function quantityConversion(whenConverted: (converted: any) => any, whenNull: null | undefined): NodeCompiler {
  return (node, c) => {
    const [q, u] = c.operands(node) as [Expr, Expr];
    return (rt, f) => {
      const quantity = q(rt, f);
      const unit = u(rt, f);
      if (quantity == null || unit == null) return whenNull;
      let converted;
      try {
        converted = quantity.convertUnit(unit);
      } catch {
        converted = undefined;
      }
      return whenConverted(converted);
    };
  };
}

const convertQuantity = quantityConversion((converted) => converted ?? null, undefined);
const canConvertQuantity = quantityConversion((converted) => converted !== undefined, null);

const conversionCompilers: [string, NodeCompiler][] = Object.entries(CONVERSIONS).flatMap(([name, fn]) => [
  [`To${name}`, unaryConversion(fn)] as [string, NodeCompiler],
  [`ConvertsTo${name}`, convertsTo(fn)] as [string, NodeCompiler],
]);

export const typeCompilers: [string, NodeCompiler][] = [
  ['As', as],
  ['Is', is],
  ['Convert', convert],
  ['ConvertQuantity', convertQuantity],
  ['CanConvertQuantity', canConvertQuantity],
  ['ToRatio', unaryConversion(toRatio)],
  ['ConvertsToRatio', convertsTo(toRatio)],
  ...conversionCompilers.filter(([name]) => name !== 'ConvertsToConcept'),
];
