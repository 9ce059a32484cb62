import type { Parameters } from 'fhir/r4';
import { cqlOperation } from '../../../src/fhir-server/operations/cql-operation.js';
import { BadInputError } from '../../../src/domain/errors.js';
import { bundle, condition, patient, SNOMED } from '../../builders/fhir.js';
import { operationDeps, params, str } from './deps.js';

const CQL_TYPE = 'http://hl7.org/fhir/StructureDefinition/cqf-cqlType';

async function cql(expression: string, ...more: Parameters['parameter'] & object): Promise<Parameters> {
  const result = await cqlOperation.run(
    params(str('expression', expression), ...more),
    {},
    await operationDeps(),
  );
  expect(result.resourceType).toBe('Parameters');
  return result as Parameters;
}

describe('$cql on literals (Unfiltered context)', () => {
  it.each([
    ['1 + 1', { valueInteger: 2 }],
    ["'a'", { valueString: 'a' }],
    ['true', { valueBoolean: true }],
    ['1.5', { valueDecimal: 1.5 }],
    ['1.0', { valueDecimal: 1 }],
    ['@2020-01-01', { valueDate: '2020-01-01' }],
    ['@2020-01-01T10:30', { valueDateTime: '2020-01-01T10:30+00:00' }],
    ['@T10:30:00', { valueTime: '10:30:00' }],
    ["5 'mg'", { valueQuantity: { value: 5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
  ])('%s', async (expression, expected) => {
    const result = await cql(expression as string);
    expect(result.parameter).toEqual([{ name: 'return', ...(expected as object) }]);
  });

  it('a Long is a valueString marked System.Long (R4 has no integer64)', async () => {
    const result = await cql('10L');
    expect(result.parameter).toEqual([
      { name: 'return', valueString: '10', extension: [{ url: CQL_TYPE, valueString: 'System.Long' }] },
    ]);
  });

  it('Interval[1,5] is a Range of unity quantities typed Interval<System.Integer>', async () => {
    const result = await cql('Interval[1, 5]');
    const unity = (value: number) => ({ value, system: 'http://unitsofmeasure.org', code: '1' });
    expect(result.parameter).toEqual([
      {
        name: 'return',
        valueRange: { low: unity(1), high: unity(5) },
        extension: [{ url: CQL_TYPE, valueString: 'Interval<System.Integer>' }],
      },
    ]);
  });

  // Collections, in the shape the conformance runner reads: a list is one `return` per element (an
  // inner list as `element` parts), a tuple one `return` with a part per element.
  const int = (name: string, valueInteger: number) => ({ name, valueInteger });
  it.each([
    ['a list: one `return` per element', '{1, 2, 3}', [int('return', 1), int('return', 2), int('return', 3)]],
    ['a tuple: one `return` with a part per element', "Tuple { a: 1, b: 'x' }", [{ name: 'return', part: [int('a', 1), { name: 'b', valueString: 'x' }] }]],
    [
      'a nested list: one `return` per inner list, with `element` parts',
      '{{1, 2}, {3}}',
      [{ name: 'return', part: [int('element', 1), int('element', 2)] }, { name: 'return', part: [int('element', 3)] }],
    ],
  ])('%s', async (_what, expression, expected) => {
    expect((await cql(expression)).parameter).toEqual(expected);
  });

  // A value FHIR cannot hold travels as a `return` with no value and one flag on `_valueBoolean`.
  it.each([
    ['null', 'null', { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }],
    ['an empty list', 'List<Integer>{}', { url: 'http://hl7.org/fhir/StructureDefinition/cqf-isEmptyList', valueBoolean: true }],
  ])('%s is one `return` with no value, flagged', async (_what, expression, flag) => {
    const result = await cql(expression);
    expect(result.parameter).toEqual([{ name: 'return', _valueBoolean: { extension: [flag] } }]);
  });

  it('a date interval is a Period (open end closed)', async () => {
    const result = await cql('Interval[@2020-01-01, @2020-02-01)');
    expect(result.parameter).toEqual([
      {
        name: 'return',
        valuePeriod: { start: '2020-01-01', end: '2020-01-31' },
        extension: [{ url: CQL_TYPE, valueString: 'Interval<System.Date>' }],
      },
    ]);
  });

  it('Decimal, Ratio, Code and Concept selectors', async () => {
    expect((await cql('2.0 * 2')).parameter).toEqual([{ name: 'return', valueDecimal: 4 }]);
    expect((await cql("1 'mg' : 2 'mL'")).parameter![0]!.valueRatio).toEqual({
      numerator: { value: 1, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      denominator: { value: 2, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' },
    });
    expect(
      (await cql("Code { code: '8480-6', system: 'http://loinc.org', display: 'SBP' }")).parameter,
    ).toEqual([
      { name: 'return', valueCoding: { system: 'http://loinc.org', code: '8480-6', display: 'SBP' } },
    ]);
    expect(
      (await cql("Concept { codes: { Code { code: 'a', system: 'http://s' } }, display: 'A' }")).parameter,
    ).toEqual([
      { name: 'return', valueCodeableConcept: { coding: [{ system: 'http://s', code: 'a' }], text: 'A' } },
    ]);
  });

  it('a run-time error is an `evaluation error` parameter holding an OperationOutcome', async () => {
    const result = await cql('singleton from {1, 2}');
    expect(result.parameter).toHaveLength(1);
    const [error] = result.parameter!;
    expect(error!.name).toBe('evaluation error');
    expect(error!.resource).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'exception' }],
    });
    expect(JSON.stringify(error!.resource)).toMatch(/SingletonFrom/);
  });

  it('a syntax error is a BadInputError with line:col relative to the expression', async () => {
    const deps = await operationDeps();
    const run = cqlOperation.run(params(str('expression', '1 +')), {}, deps);
    await expect(run).rejects.toBeInstanceOf(BadInputError);
    await expect(run).rejects.toThrow(/does not compile: 2:0: mismatched input/);
  });

  it('an unknown identifier names where it is', async () => {
    await expect(cql('Foo + 1')).rejects.toThrow(/1:1: Could not resolve identifier Foo/);
  });

  it('CQL parameters are declared and passed', async () => {
    const parameters = params({ name: 'X', valueInteger: 41 }, { name: 'When', valueDate: '2024-02-29' });
    const result = await cql('X + 1', { name: 'parameters', resource: parameters });
    expect(result.parameter).toEqual([{ name: 'return', valueInteger: 42 }]);
    const date = await cql('When + 1 year', { name: 'parameters', resource: parameters });
    expect(date.parameter).toEqual([{ name: 'return', valueDate: '2025-02-28' }]);
  });

  it('expression is required', async () => {
    await expect(cqlOperation.run(params(), {}, await operationDeps())).rejects.toThrow(
      /"expression" is required/,
    );
  });

  it('useServerData=true without data is refused: this service has no data of its own', async () => {
    await expect(cql('1', { name: 'useServerData', valueBoolean: true })).rejects.toThrow(
      /holds no patient data/,
    );
  });
});

describe('$cql with data', () => {
  const data = () =>
    bundle(patient({ birthDate: '2000-11-02' }), condition(SNOMED, '1'), condition(SNOMED, '2'));

  it("counts the patient's Conditions", async () => {
    const result = await cql(
      'Count([Condition])',
      { name: 'subject', valueString: 'Patient/pt-1' },
      { name: 'data', resource: data() },
    );
    expect(result.parameter).toEqual([{ name: 'return', valueInteger: 2 }]);
  });

  it('AgeInYears() is relative to today', async () => {
    const result = await cql('AgeInYears()', { name: 'data', resource: data() });
    expect(result.parameter).toEqual([{ name: 'return', valueInteger: 25 }]);
  });

  it('returns FHIR resources as `resource`', async () => {
    const result = await cql('Patient', { name: 'data', resource: data() });
    expect(result.parameter).toEqual([
      { name: 'return', resource: expect.objectContaining({ resourceType: 'Patient', id: 'pt-1' }) },
    ]);
  });

  it('a subject that is not in the data is not-found', async () => {
    const run = cql(
      'Patient',
      { name: 'subject', valueString: 'Patient/other' },
      { name: 'data', resource: data() },
    );
    await expect(run).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a subject without data is refused', async () => {
    await expect(cql('Patient', { name: 'subject', valueString: 'Patient/pt-1' })).rejects.toThrow(
      /give the patient's data in "data"/,
    );
  });
});

describe('$cql with a library', () => {
  it('includes a loaded library by canonical and alias', async () => {
    const library = {
      name: 'library',
      part: [
        { name: 'url', valueCanonical: 'https://trialcds.org/fhir/Library/Eligibility' },
        { name: 'name', valueString: 'E' },
      ],
    };
    const result = await cql("E.Review('because', List<String>{ 'Observation/o1' })", library);
    expect(result.parameter).toEqual([
      {
        name: 'return',
        part: [
          { name: 'status', valueString: 'review' },
          { name: 'reason', valueString: 'because' },
          { name: 'evidence', valueString: 'Observation/o1' },
        ],
      },
    ]);
  });

  it('an unknown library is not-found', async () => {
    const library = { name: 'library', part: [{ name: 'url', valueCanonical: 'Library/Nope' }] };
    await expect(cql('1', library)).rejects.toMatchObject({ code: 'not-found' });
  });
});
