import { createRequire } from 'node:module';
import { toParameter, toParameters } from '../../../src/fhir-server/operations/cql-to-fhir.js';
import type { CqlType } from '../../../src/fhir-server/operations/cql-types.js';

// The tests build cql-execution values directly (as the engine hands them out).
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- cql-execution's runtime classes
const cql = require('cql-execution') as any;

const CQL_TYPE = 'http://hl7.org/fhir/StructureDefinition/cqf-cqlType';
const DAR = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const EMPTY_LIST = 'http://hl7.org/fhir/StructureDefinition/cqf-isEmptyList';
const EMPTY_TUPLE = 'http://hl7.org/fhir/StructureDefinition/cqf-isEmptyTuple';
const UCUM = 'http://unitsofmeasure.org';

const named = (name: string): CqlType => ({ kind: 'named', name: `System.${name}` });
const list = (element: CqlType): CqlType => ({ kind: 'list', element });
const interval = (point: CqlType): CqlType => ({ kind: 'interval', point });
const typed = (type: string) => ({ extension: [{ url: CQL_TYPE, valueString: type }] });
const unity = (value: number) => ({ value, system: UCUM, code: '1' });

describe('toParameter: System scalar types', () => {
  it.each([
    ['Boolean', true, named('Boolean'), { valueBoolean: true }],
    ['Boolean false', false, named('Boolean'), { valueBoolean: false }],
    ['Integer', 3, named('Integer'), { valueInteger: 3 }],
    ['Decimal with a declared type stays decimal', 2, named('Decimal'), { valueDecimal: 2 }],
    ['Decimal', 0.1, named('Decimal'), { valueDecimal: 0.1 }],
    ['untyped integral number', 7, undefined, { valueInteger: 7 }],
    ['untyped fraction', -0.5, undefined, { valueDecimal: -0.5 }],
    ['untyped number beyond int32', 3e10, undefined, { valueDecimal: 3e10 }],
    ['String', 'abc', named('String'), { valueString: 'abc' }],
    ['empty String', '', named('String'), { valueString: '' }],
  ])('%s', (_label, value, type, expected) => {
    expect(toParameter('return', value, type)).toEqual({ name: 'return', ...expected });
  });

  it('Long: valueString with cqf-cqlType System.Long', () => {
    expect(toParameter('return', '9007199254740993', named('Long'))).toEqual({
      name: 'return',
      valueString: '9007199254740993',
      ...typed('System.Long'),
    });
  });

  it('Date keeps its precision', () => {
    expect(toParameter('return', new cql.Date(2020, 1, 15))).toEqual({
      name: 'return',
      valueDate: '2020-01-15',
    });
    expect(toParameter('return', new cql.Date(2020, 3))).toEqual({ name: 'return', valueDate: '2020-03' });
    expect(toParameter('return', new cql.Date(2020))).toEqual({ name: 'return', valueDate: '2020' });
  });

  it('DateTime keeps its precision and offset', () => {
    expect(toParameter('return', new cql.DateTime(2020, 1, 15, 10, 30, 5, 123, -5))).toEqual({
      name: 'return',
      valueDateTime: '2020-01-15T10:30:05.123-05:00',
    });
    expect(toParameter('return', new cql.DateTime(2020, 1, 15, 10, null, null, null, 0))).toEqual({
      name: 'return',
      valueDateTime: '2020-01-15T10+00:00',
    });
    expect(toParameter('return', new cql.DateTime(2020, 1))).toEqual({
      name: 'return',
      valueDateTime: '2020-01',
    });
  });

  it('Time', () => {
    expect(toParameter('return', new cql.DateTime(0, 1, 1, 12, 30, 0, 0, null))).toEqual({
      name: 'return',
      valueTime: '12:30:00.000',
    });
    expect(toParameter('return', new cql.DateTime(0, 1, 1, 12, 30, null, null, null))).toEqual({
      name: 'return',
      valueTime: '12:30',
    });
  });

  it('Quantity: UCUM system, the unit also in code (the runner reads the unit from code)', () => {
    expect(toParameter('return', new cql.Quantity(5, 'mg'))).toEqual({
      name: 'return',
      valueQuantity: { value: 5, unit: 'mg', system: UCUM, code: 'mg' },
    });
    expect(toParameter('return', new cql.Quantity(3, 'days'))).toEqual({
      name: 'return',
      valueQuantity: { value: 3, unit: 'days', system: UCUM, code: 'days' },
    });
    expect(toParameter('return', new cql.Quantity(2))).toEqual({
      name: 'return',
      valueQuantity: { value: 2, unit: '1', system: UCUM, code: '1' },
    });
  });

  it('Ratio', () => {
    const ratio = new cql.Ratio(new cql.Quantity(1, 'mg'), new cql.Quantity(2, 'mL'));
    expect(toParameter('return', ratio)).toEqual({
      name: 'return',
      valueRatio: {
        numerator: { value: 1, unit: 'mg', system: UCUM, code: 'mg' },
        denominator: { value: 2, unit: 'mL', system: UCUM, code: 'mL' },
      },
    });
  });

  it('Code → valueCoding (absent fields left out)', () => {
    expect(toParameter('return', new cql.Code('8480-6', 'http://loinc.org', '2.7', 'Systolic'))).toEqual({
      name: 'return',
      valueCoding: { system: 'http://loinc.org', version: '2.7', code: '8480-6', display: 'Systolic' },
    });
    expect(toParameter('return', new cql.Code('x', 'http://s'))).toEqual({
      name: 'return',
      valueCoding: { system: 'http://s', code: 'x' },
    });
  });

  it('Concept → valueCodeableConcept', () => {
    const concept = new cql.Concept([new cql.Code('a', 'http://s'), new cql.Code('b', 'http://s')], 'Both');
    expect(toParameter('return', concept)).toEqual({
      name: 'return',
      valueCodeableConcept: {
        coding: [
          { system: 'http://s', code: 'a' },
          { system: 'http://s', code: 'b' },
        ],
        text: 'Both',
      },
    });
  });
});

describe('toParameter: null, tuples, intervals, FHIR data', () => {
  it('null and undefined → no value, data-absent-reason unknown', () => {
    const absent = { name: 'return', _valueBoolean: { extension: [{ url: DAR, valueCode: 'unknown' }] } };
    expect(toParameter('return', null)).toEqual(absent);
    expect(toParameter('return', undefined)).toEqual(absent);
  });

  it('a tuple → parts; list elements repeat the part name; null elements are absent values', () => {
    const outcome = {
      status: 'fail',
      reason: 'Hb 72 g/L',
      evidence: ['Observation/a', 'Observation/b'],
      note: null,
    };
    expect(toParameter('I7', outcome)).toEqual({
      name: 'I7',
      part: [
        { name: 'status', valueString: 'fail' },
        { name: 'reason', valueString: 'Hb 72 g/L' },
        { name: 'evidence', valueString: 'Observation/a' },
        { name: 'evidence', valueString: 'Observation/b' },
        { name: 'note', _valueBoolean: { extension: [{ url: DAR, valueCode: 'unknown' }] } },
      ],
    });
  });

  it('a tuple element with an empty list is flagged cqf-isEmptyList', () => {
    expect(toParameter('o', { evidence: [] })).toEqual({
      name: 'o',
      part: [{ name: 'evidence', _valueBoolean: { extension: [{ url: EMPTY_LIST, valueBoolean: true }] } }],
    });
  });

  it('tuple element types are used (Decimal stays decimal inside a tuple)', () => {
    const type: CqlType = { kind: 'tuple', elements: { d: named('Decimal') } };
    expect(toParameter('t', { d: 2 }, type)).toEqual({ name: 't', part: [{ name: 'd', valueDecimal: 2 }] });
  });

  it('an empty tuple is flagged cqf-isEmptyTuple', () => {
    expect(toParameter('return', {})).toEqual({
      name: 'return',
      _valueBoolean: { extension: [{ url: EMPTY_TUPLE, valueBoolean: true }] },
    });
  });

  it('Interval<Integer> → Range of unity quantities, typed', () => {
    expect(toParameter('return', new cql.Interval(1, 5, true, true), interval(named('Integer')))).toEqual({
      name: 'return',
      valueRange: { low: unity(1), high: unity(5) },
      ...typed('Interval<System.Integer>'),
    });
  });

  it('open Integer boundaries are closed (Range cannot say open)', () => {
    expect(toParameter('return', new cql.Interval(1, 5, false, false), interval(named('Integer')))).toEqual({
      name: 'return',
      valueRange: { low: unity(2), high: unity(4) },
      ...typed('Interval<System.Integer>'),
    });
  });

  it('an unknown boundary is left out', () => {
    expect(toParameter('return', new cql.Interval(null, 5, true, true), interval(named('Integer')))).toEqual({
      name: 'return',
      valueRange: { high: unity(5) },
      ...typed('Interval<System.Integer>'),
    });
  });

  it('Interval<Decimal> and an untyped numeric interval', () => {
    expect(toParameter('return', new cql.Interval(1.5, 2.5, true, true), interval(named('Decimal')))).toEqual(
      {
        name: 'return',
        valueRange: { low: unity(1.5), high: unity(2.5) },
        ...typed('Interval<System.Decimal>'),
      },
    );
    expect(toParameter('return', new cql.Interval(1, 2, true, true))).toEqual({
      name: 'return',
      valueRange: { low: unity(1), high: unity(2) },
      ...typed('Interval<System.Integer>'),
    });
  });

  it('Interval<Quantity> → Range of quantities', () => {
    const value = new cql.Interval(new cql.Quantity(1, 'mg'), new cql.Quantity(2, 'mg'), true, true);
    expect(toParameter('return', value, interval(named('Quantity')))).toEqual({
      name: 'return',
      valueRange: {
        low: { value: 1, unit: 'mg', system: UCUM, code: 'mg' },
        high: { value: 2, unit: 'mg', system: UCUM, code: 'mg' },
      },
      ...typed('Interval<System.Quantity>'),
    });
  });

  it('Interval<Date> → Period, an open end closed at the day before', () => {
    const value = new cql.Interval(new cql.Date(2020, 1, 1), new cql.Date(2020, 2, 1), true, false);
    expect(toParameter('return', value, interval(named('Date')))).toEqual({
      name: 'return',
      valuePeriod: { start: '2020-01-01', end: '2020-01-31' },
      ...typed('Interval<System.Date>'),
    });
  });

  it('Interval<DateTime> → Period', () => {
    const value = new cql.Interval(new cql.DateTime(2020, 1, 1, 0, 0, 0, 0, 0), null, true, false);
    expect(toParameter('return', value, interval(named('DateTime')))).toEqual({
      name: 'return',
      valuePeriod: { start: '2020-01-01T00:00:00.000+00:00' },
      ...typed('Interval<System.DateTime>'),
    });
  });

  it('Interval<Time> → Period anchored to 0001-01-01, typed so the runner strips the date', () => {
    const value = new cql.Interval(
      new cql.DateTime(0, 1, 1, 10, 0, 0, 0, null),
      new cql.DateTime(0, 1, 1, 11, 0, 0, 0, null),
      true,
      true,
    );
    expect(toParameter('return', value, interval(named('Time')))).toEqual({
      name: 'return',
      valuePeriod: { start: '0001-01-01T10:00:00.000', end: '0001-01-01T11:00:00.000' },
      ...typed('Interval<System.Time>'),
    });
  });

  it('a FHIR resource (cql-exec-fhir FHIRObject) → resource', () => {
    const json = { resourceType: 'Condition', id: 'c1' };
    expect(toParameter('return', { _json: json, _typeInfo: { name: 'Condition' } })).toEqual({
      name: 'return',
      resource: json,
    });
  });

  it('FHIR primitives → value[x] of their type; bound codes → valueCode', () => {
    expect(toParameter('return', { _json: { value: '2000-05-01' }, _typeInfo: { name: 'date' } })).toEqual({
      name: 'return',
      valueDate: '2000-05-01',
    });
    expect(
      toParameter('return', { _json: { value: 'female' }, _typeInfo: { name: 'AdministrativeGender' } }),
    ).toEqual({ name: 'return', valueCode: 'female' });
  });

  it('FHIR complex types → value<Type>', () => {
    const coding = { system: 'http://snomed.info/sct', code: '1' };
    expect(toParameter('return', { _json: coding, _typeInfo: { name: 'Coding' } })).toEqual({
      name: 'return',
      valueCoding: coding,
    });
    const cc = { coding: [coding] };
    expect(toParameter('return', { _json: cc, _typeInfo: { name: 'CodeableConcept' } })).toEqual({
      name: 'return',
      valueCodeableConcept: cc,
    });
  });
});

describe('toParameters: lists', () => {
  it('one parameter per element', () => {
    expect(toParameters('return', ['a', 'b'], list(named('String')))).toEqual([
      { name: 'return', valueString: 'a' },
      { name: 'return', valueString: 'b' },
    ]);
  });

  it('element types are used', () => {
    expect(toParameters('return', [1, 2], list(named('Decimal')))).toEqual([
      { name: 'return', valueDecimal: 1 },
      { name: 'return', valueDecimal: 2 },
    ]);
  });

  it('an empty list → one parameter flagged cqf-isEmptyList', () => {
    expect(toParameters('return', [])).toEqual([
      { name: 'return', _valueBoolean: { extension: [{ url: EMPTY_LIST, valueBoolean: true }] } },
    ]);
  });

  it('nulls inside a list keep their place', () => {
    expect(toParameters('return', [1, null])).toEqual([
      { name: 'return', valueInteger: 1 },
      { name: 'return', _valueBoolean: { extension: [{ url: DAR, valueCode: 'unknown' }] } },
    ]);
  });

  it('nested lists → parts named element (an empty inner list flagged)', () => {
    expect(toParameters('return', [[1, 2], [3], []], list(list(named('Integer'))))).toEqual([
      {
        name: 'return',
        part: [
          { name: 'element', valueInteger: 1 },
          { name: 'element', valueInteger: 2 },
        ],
      },
      { name: 'return', part: [{ name: 'element', valueInteger: 3 }] },
      { name: 'return', _valueBoolean: { extension: [{ url: EMPTY_LIST, valueBoolean: true }] } },
    ]);
  });

  it('a list of tuples → one parameter with parts per tuple', () => {
    expect(toParameters('return', [{ a: 1 }, { a: 2 }])).toEqual([
      { name: 'return', part: [{ name: 'a', valueInteger: 1 }] },
      { name: 'return', part: [{ name: 'a', valueInteger: 2 }] },
    ]);
  });

  it('a list of intervals → one typed parameter per interval', () => {
    const type = list(interval(named('Integer')));
    expect(toParameters('return', [new cql.Interval(1, 2, true, true)], type)).toEqual([
      { name: 'return', valueRange: { low: unity(1), high: unity(2) }, ...typed('Interval<System.Integer>') },
    ]);
  });
});

// Found by the conformance sample (test/integration/fhir-server/cql-conformance.test.ts).
describe('toParameter: values cql-execution hands out in unexpected shapes', () => {
  it('a Long computed as a plain number (Abs(-1L)) is still text marked System.Long', () => {
    expect(toParameter('return', 1, named('Long'))).toEqual({ name: 'return', valueString: '1', ...typed('System.Long') });
  });

  it('a DateTime without a year (DateTime(null)) is null, not an empty dateTime', () => {
    const noYear = new cql.DateTime(null);
    expect(toParameter('return', noYear, named('DateTime'))).toEqual({
      name: 'return',
      _valueBoolean: { extension: [{ url: DAR, valueCode: 'unknown' }] },
    });
  });

  it('an Uncertainty (an imprecise duration) is an Integer range, a point a single value', () => {
    class Uncertainty {
      constructor(
        readonly low: number,
        readonly high: number,
      ) {}
      isPoint() {
        return this.low === this.high;
      }
    }
    expect(toParameter('return', new Uncertainty(18, 49), named('Integer'))).toEqual({
      name: 'return',
      valueRange: { low: unity(18), high: unity(49) },
      ...typed('Interval<System.Integer>'),
    });
    expect(toParameter('return', new Uncertainty(3, 3), named('Integer'))).toEqual({ name: 'return', valueInteger: 3 });
  });
});
