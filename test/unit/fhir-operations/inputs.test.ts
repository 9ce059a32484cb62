import { createRequire } from 'node:module';
import { BadInputError } from '../../../src/domain/errors.js';
import { cqlParameterValues } from '../../../src/fhir-server/operations/fhir-to-cql.js';
import {
  expressionLibrary,
  libraryReference,
} from '../../../src/fhir-server/operations/expression-library.js';
import {
  optionalBoolean,
  optionalBundle,
  patientIdOfSubject,
} from '../../../src/fhir-server/operations/operation-input.js';
import { patientDataOf } from '../../../src/fhir-server/operations/patient-input.js';
import {
  retrievesOfDefine,
  toDataRequirements,
} from '../../../src/fhir-server/operations/criterion-data-requirements.js';
import { bundle, condition, patient, SNOMED } from '../../builders/fhir.js';
import { bundledEngine } from '../../support/real-engine.js';
import { params, str } from './deps.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- cql-execution's runtime classes
const cql = require('cql-execution') as any;

describe('reading operation inputs', () => {
  it('booleans also as GET strings', () => {
    expect(optionalBoolean(params({ name: 'b', valueBoolean: false }), 'b')).toBe(false);
    expect(optionalBoolean(params(str('b', 'TRUE')), 'b')).toBe(true);
    expect(() => optionalBoolean(params(str('b', 'yes')), 'b')).toThrow(BadInputError);
  });

  it('a resource may arrive as JSON text (GET)', () => {
    const b = bundle(patient());
    expect(optionalBundle(params(str('data', JSON.stringify(b))), 'data')).toEqual(b);
    expect(() => optionalBundle(params(str('data', '{nope')), 'data')).toThrow(/not JSON/);
    expect(() => optionalBundle(params({ name: 'data', resource: patient() }), 'data')).toThrow(
      /must be a Bundle resource, not Patient/,
    );
  });

  it('a single-valued parameter given twice is refused', () => {
    expect(() =>
      optionalBundle(
        params({ name: 'data', resource: bundle() }, { name: 'data', resource: bundle() }),
        'data',
      ),
    ).toThrow(/given 2 times/);
  });

  it('subjects', () => {
    expect(patientIdOfSubject('Patient/123')).toBe('123');
    expect(patientIdOfSubject('123')).toBe('123');
    expect(patientIdOfSubject('https://ehr.example/fhir/Patient/a-1')).toBe('a-1');
    expect(() => patientIdOfSubject('Group/1')).toThrow(/only Patient subjects/);
    expect(() => patientIdOfSubject('Patient/has space')).toThrow(/not a reference/);
  });
});

describe('patient data of a call', () => {
  const other = patient({ id: 'other' });
  const mine = condition(SNOMED, '1');
  const theirs = condition(SNOMED, '2', { subject: { reference: 'Patient/other' } });

  it('none given, no subject: no patient', () => {
    expect(patientDataOf(params())).toBeUndefined();
  });

  it('subject narrows a Bundle of several patients', () => {
    const data = patientDataOf(
      params(str('subject', 'Patient/pt-1'), {
        name: 'data',
        resource: bundle(patient(), other, mine, theirs),
      }),
    );
    expect(data?.patient.id).toBe('pt-1');
  });

  it('several patients without subject is refused', () => {
    expect(() => patientDataOf(params({ name: 'data', resource: bundle(patient(), other) }))).toThrow(
      /2 Patient resources/,
    );
  });

  it('prefetchData (parts key + data) is merged with data', () => {
    const input = params(
      { name: 'data', resource: bundle(patient()) },
      { name: 'prefetchData', part: [str('key', 'conditions'), { name: 'data', resource: bundle(mine) }] },
    );
    expect(patientDataOf(input)?.resources).toEqual([mine]);
  });

  it('prefetchData alone is enough', () => {
    const input = params({
      name: 'prefetchData',
      part: [str('key', 'all'), { name: 'data', resource: bundle(patient(), mine) }],
    });
    expect(patientDataOf(input)?.patient.id).toBe('pt-1');
  });

  it('useServerData=false without data is fine (nothing to use)', () => {
    expect(patientDataOf(params({ name: 'useServerData', valueBoolean: false }))).toBeUndefined();
  });
});

describe('CQL parameters from a Parameters resource', () => {
  it('declares a CQL type per value[x] and builds cql-execution values', () => {
    const values = cqlParameterValues(
      params(
        { name: 'B', valueBoolean: true },
        { name: 'I', valueInteger: 3 },
        { name: 'D', valueDecimal: 1.5 },
        { name: 'S', valueString: 'x' },
        { name: 'Day', valueDate: '2024-01-02' },
        { name: 'At', valueDateTime: '2024-01-02T03:04:05Z' },
        { name: 'T', valueTime: '10:30:00' },
        { name: 'Q', valueQuantity: { value: 5, code: 'mg' } },
        { name: 'C', valueCoding: { system: 'http://s', code: 'c' } },
        { name: 'CC', valueCodeableConcept: { coding: [{ system: 'http://s', code: 'c' }], text: 't' } },
        { name: 'P', valuePeriod: { start: '2024-01-01', end: '2024-12-31' } },
        { name: 'L', valueInteger: 1 },
        { name: 'L', valueInteger: 2 },
      ),
    );
    expect(values.map((v) => [v.name, v.type])).toEqual([
      ['B', 'Boolean'],
      ['I', 'Integer'],
      ['D', 'Decimal'],
      ['S', 'String'],
      ['Day', 'Date'],
      ['At', 'DateTime'],
      ['T', 'Time'],
      ['Q', 'Quantity'],
      ['C', 'Code'],
      ['CC', 'Concept'],
      ['P', 'Interval<DateTime>'],
      ['L', 'List<Integer>'],
    ]);
    const byName = Object.fromEntries(values.map((v) => [v.name, v.value]));
    expect(byName.Day).toBeInstanceOf(cql.Date);
    expect(byName.At).toBeInstanceOf(cql.DateTime);
    expect((byName.T as { isTime(): boolean }).isTime()).toBe(true);
    expect(byName.Q).toBeInstanceOf(cql.Quantity);
    expect(byName.L).toEqual([1, 2]);
  });

  it('refuses what it cannot convert', () => {
    expect(() => cqlParameterValues(params({ name: 'R', resource: patient() }))).toThrow(
      /give its value as value\[x\]/,
    );
    expect(() => cqlParameterValues(params({ name: 'D', valueDate: 'not a date' }))).toThrow(/is not a date/);
    expect(() =>
      cqlParameterValues(params({ name: 'X', valueInteger: 1 }, { name: 'X', valueString: 'a' })),
    ).toThrow(/two types/);
  });
});

describe('the $cql library text', () => {
  it('has the header, includes, parameters and context, and says where the expression starts', () => {
    const library = expressionLibrary({
      expression: '1 + X',
      includes: [
        { name: 'Eligibility', version: '1.0.0', alias: 'E' },
        { name: 'FHIRHelpers', alias: 'FHIRHelpers' },
      ],
      parameters: [{ name: 'X', type: 'Integer' }],
      context: 'Unfiltered',
    });
    expect(library.text.split('\n')).toEqual([
      "library Expression version '1.0.0'",
      "using FHIR version '4.0.1'",
      "include FHIRHelpers version '4.0.1' called FHIRHelpers",
      "include Eligibility version '1.0.0' called E",
      'parameter "X" Integer',
      'context Unfiltered',
      'define "return":',
      '1 + X',
      '',
    ]);
    expect(library.expressionLine).toBe(8);
  });

  it('library references', () => {
    expect(libraryReference('https://trialcds.org/fhir/Library/Eligibility|1.0.0')).toEqual({
      name: 'Eligibility',
      version: '1.0.0',
    });
    expect(libraryReference('Library/NCT06789107')).toEqual({ name: 'NCT06789107' });
    expect(() => libraryReference('https://x/Library/not a name')).toThrow(BadInputError);
  });
});

describe('data requirements of a criterion', () => {
  it('follows the define through expression and function references into included libraries', async () => {
    const engine = await bundledEngine();
    const trial = engine.loadedTrials.find((t) => t.manifest.id === 'NCT06789107')!;
    const withDefine = trial.manifest.criteria.find((c) => c.define)!;
    const requirements = toDataRequirements(
      retrievesOfDefine(trial.libraries, trial.manifest.library.name, withDefine.define!),
    );
    expect(requirements.length).toBeGreaterThan(0);
    expect(requirements.some((r) => r.type === 'Patient')).toBe(true);
  });

  it('an unknown define has none', async () => {
    const engine = await bundledEngine();
    const trial = engine.loadedTrials[0]!;
    expect(retrievesOfDefine(trial.libraries, trial.manifest.library.name, 'Nope')).toEqual([]);
  });
});
