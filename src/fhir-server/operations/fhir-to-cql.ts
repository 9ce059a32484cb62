// CQL parameter values given as a FHIR Parameters resource (the operations' `parameters` input)
// → cql-execution values, with the CQL type that `$cql` declares for each in its generated library.
import type { Parameters, ParametersParameter, Quantity } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import { makeCqlValue } from './cql-engine-adapter.js';

export interface CqlParameterValue {
  name: string;
  /** CQL type syntax for `parameter "<name>" <type>`. */
  type: string;
  value: unknown;
}

function quantityOf(q: Quantity): unknown {
  if (typeof q.value !== 'number') throw new BadInputError('a Quantity parameter value has no value');
  return makeCqlValue.quantity(q.value, q.code ?? q.unit ?? '1');
}

function parsed(text: string, parse: (t: string) => unknown, what: string, name: string): unknown {
  const value = parse(text);
  if (value === null || value === undefined)
    throw new BadInputError(`CQL parameter "${name}": "${text}" is not a ${what}`);
  return value;
}

/** One FHIR value[x] → [CQL type, value]; undefined for a value[x] we do not convert. */
function convert(p: ParametersParameter): [string, unknown] | undefined {
  if (p.valueBoolean !== undefined) return ['Boolean', p.valueBoolean];
  if (p.valueInteger !== undefined) return ['Integer', p.valueInteger];
  if (p.valuePositiveInt !== undefined) return ['Integer', p.valuePositiveInt];
  if (p.valueUnsignedInt !== undefined) return ['Integer', p.valueUnsignedInt];
  if (p.valueDecimal !== undefined) return ['Decimal', p.valueDecimal];
  if (p.valueString !== undefined) return ['String', p.valueString];
  if (p.valueCode !== undefined) return ['String', p.valueCode];
  if (p.valueDate !== undefined) return ['Date', parsed(p.valueDate, makeCqlValue.date, 'date', p.name)];
  if (p.valueDateTime !== undefined)
    return ['DateTime', parsed(p.valueDateTime, makeCqlValue.dateTime, 'dateTime', p.name)];
  if (p.valueInstant !== undefined)
    return ['DateTime', parsed(p.valueInstant, makeCqlValue.dateTime, 'instant', p.name)];
  if (p.valueTime !== undefined) return ['Time', parsed(p.valueTime, makeCqlValue.time, 'time', p.name)];
  if (p.valueQuantity !== undefined) return ['Quantity', quantityOf(p.valueQuantity)];
  if (p.valueCoding !== undefined) {
    const c = p.valueCoding;
    return ['Code', makeCqlValue.code(c.code ?? '', c.system, c.version, c.display)];
  }
  if (p.valueCodeableConcept !== undefined) {
    const cc = p.valueCodeableConcept;
    const codes = (cc.coding ?? []).map((c) =>
      makeCqlValue.code(c.code ?? '', c.system, c.version, c.display),
    );
    return ['Concept', makeCqlValue.concept(codes, cc.text)];
  }
  if (p.valuePeriod !== undefined) {
    const { start, end } = p.valuePeriod;
    const low = start ? parsed(start, makeCqlValue.dateTime, 'dateTime', p.name) : null;
    const high = end ? parsed(end, makeCqlValue.dateTime, 'dateTime', p.name) : null;
    return ['Interval<DateTime>', makeCqlValue.interval(low, high)];
  }
  if (p.valueRange !== undefined) {
    const { low, high } = p.valueRange;
    return [
      'Interval<Quantity>',
      makeCqlValue.interval(low ? quantityOf(low) : null, high ? quantityOf(high) : null),
    ];
  }
  if (p.valueRatio?.numerator && p.valueRatio.denominator) {
    return [
      'Ratio',
      makeCqlValue.ratio(quantityOf(p.valueRatio.numerator), quantityOf(p.valueRatio.denominator)),
    ];
  }
  return undefined;
}

/**
 * Each parameter of `parameters` is one CQL parameter; repeating a name makes it a List. Values
 * given as a resource (FHIR-typed CQL parameters) are not supported and refused.
 */
export function cqlParameterValues(parameters: Parameters | undefined): CqlParameterValue[] {
  const byName = new Map<string, { type: string; values: unknown[] }>();
  for (const p of parameters?.parameter ?? []) {
    if (!p.name) throw new BadInputError('a CQL parameter in "parameters" has no name');
    const converted = convert(p);
    if (!converted)
      throw new BadInputError(
        `CQL parameter "${p.name}": give its value as value[x] (Boolean, Integer, Decimal, String, Date, DateTime, Time, Quantity, Coding, CodeableConcept, Period, Range or Ratio)`,
      );
    const [type, value] = converted;
    const entry = byName.get(p.name) ?? { type, values: [] };
    if (entry.type !== type)
      throw new BadInputError(`CQL parameter "${p.name}" is given with two types (${entry.type}, ${type})`);
    entry.values.push(value);
    byName.set(p.name, entry);
  }
  return [...byName.entries()].map(([name, { type, values }]) =>
    values.length === 1 ? { name, type, value: values[0] } : { name, type: `List<${type}>`, value: values },
  );
}

export function parameterRecord(values: CqlParameterValue[]): Record<string, unknown> {
  return Object.fromEntries(values.map((v) => [v.name, v.value]));
}
