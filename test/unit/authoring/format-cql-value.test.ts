import { createRequire } from 'node:module';
import { cqlValueToJson, formatCqlValue } from '../../../src/authoring/format-cql-value.js';

// The runtime's own classes, so the test breaks if cql-execution changes how they are marked.
const cql = createRequire(import.meta.url)('cql-execution') as {
  Quantity: new (value: number, unit: string) => unknown;
  Date: new (y: number, m: number, d: number) => unknown;
  DateTime: new (y: number, m: number, d: number, h: number, mi: number, s: number, ms: number, tz: number) => unknown;
  Interval: new (low: unknown, high: unknown, lowClosed?: boolean, highClosed?: boolean) => unknown;
  Code: new (code: string, system?: string, version?: string, display?: string) => unknown;
  Concept: new (codes: unknown[], display?: string) => unknown;
};

/** What cql-exec-fhir hands back for a resource: a wrapper whose `_json` is the FHIR JSON. */
const fhirObject = (json: unknown) => ({ _json: json, _typeInfo: {} });

describe('formatCqlValue (explain, for people)', () => {
  test.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['undefined', undefined, 'null'],
    ['a boolean', true, 'true'],
    ['a number', 4.5, '4.5'],
    ['a string', 'hello', 'hello'],
    ['a Quantity', new cql.Quantity(5, 'mg/dL'), '5 mg/dL'],
    ['a Date', new cql.Date(2026, 11, 1), '2026-11-01'],
    ['a closed Interval of Dates', new cql.Interval(new cql.Date(2025, 11, 1), new cql.Date(2026, 11, 1)), '[2025-11-01, 2026-11-01]'],
    ['a half-open Interval', new cql.Interval(1, 5, true, false), '[1, 5)'],
    ['a Code', new cql.Code('55464009', 'http://snomed.info/sct', undefined, 'SLE'), 'http://snomed.info/sct|55464009 (SLE)'],
    ['a FHIR resource', fhirObject({ resourceType: 'Observation', id: 'abc' }), 'Observation/abc'],
    ['a FHIR primitive', fhirObject('final'), 'final'],
    ['an empty list', [], 'empty list'],
    ['a tuple', { ref: 'Condition/c1', onDay: new cql.Date(2024, 9, 2) }, '{ ref: Condition/c1, onDay: 2024-09-02 }'],
  ])('%s', (_label, value, expected) => expect(formatCqlValue(value)).toBe(expected));

  test('a DateTime is ISO 8601 with its offset', () => {
    expect(formatCqlValue(new cql.DateTime(2026, 10, 7, 9, 30, 0, 0, 0))).toBe('2026-10-07T09:30:00.000+00:00');
  });

  test('an Outcome reads "status — reason" with its evidence', () => {
    const outcome = { status: 'fail', reason: 'IgG 4.4 g/L', evidence: ['Observation/igg'] };
    expect(formatCqlValue(outcome)).toBe('fail — IgG 4.4 g/L [Observation/igg]');
    expect(formatCqlValue({ ...outcome, evidence: [] })).toBe('fail — IgG 4.4 g/L');
  });

  test('a list shows its count and the first five items', () => {
    expect(formatCqlValue([1, 2, 3, 4, 5, 6, 7])).toBe('7 items: 1; 2; 3; 4; 5; … 2 more');
    expect(formatCqlValue([fhirObject({ resourceType: 'Condition', id: 'c1' })])).toBe('1 item: Condition/c1');
  });
});

describe('cqlValueToJson (explain --json)', () => {
  test('runtime values become plain JSON that round-trips', () => {
    const value = {
      q: new cql.Quantity(5, 'mg/dL'),
      window: new cql.Interval(new cql.Date(2025, 11, 1), new cql.Date(2026, 11, 1)),
      code: new cql.Code('55464009', 'http://snomed.info/sct'),
      resource: fhirObject({ resourceType: 'Patient', id: 'p1' }),
      list: [1, 2, 3, 4, 5, 6],
      nothing: null,
    };
    const json = cqlValueToJson(value);
    expect(JSON.parse(JSON.stringify(json))).toEqual({
      q: { value: 5, unit: 'mg/dL' },
      window: { low: '2025-11-01', high: '2026-11-01', lowClosed: true, highClosed: true },
      code: { system: 'http://snomed.info/sct', code: '55464009', display: null },
      resource: 'Patient/p1',
      list: { count: 6, items: [1, 2, 3, 4, 5] },
      nothing: null,
    });
  });

  test('an Outcome keeps every evidence reference', () => {
    const evidence = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `Observation/${id}`);
    expect(cqlValueToJson({ status: 'pass', reason: 'r', evidence })).toEqual({ status: 'pass', reason: 'r', evidence });
  });
});
