import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Library } from 'fhir/r4';
import type { ElmLibraryJson } from '../../../src/artifacts/elm.js';
import { loadValueSetDir } from '../../../src/artifacts/value-sets.js';
import { CANONICAL_BASE } from '../../../src/knowledge/contracts.js';
import { fhirTypeOf, fromBase64, libraryResource } from '../../../src/knowledge/library-resource.js';
import { CQL_LIB_DIR, TRIALS_DIR, VALUE_SETS_DIR } from '../../../src/project-paths.js';

const trialDir = join(TRIALS_DIR, 'NCT06789107');
const elmText = readFileSync(join(trialDir, 'elm', 'NCT06789107.json'), 'utf8');
const cqlText = readFileSync(join(trialDir, 'NCT06789107.cql'), 'utf8');
const elm = JSON.parse(elmText) as ElmLibraryJson;
const valueSets = loadValueSetDir(VALUE_SETS_DIR);
const library = libraryResource(elm, cqlText, valueSets);

const content = (lib: Library, type: string) => lib.content?.find((c) => c.contentType === type)?.data;
const parameter = (name: string, use = 'out') =>
  library.parameter?.find((p) => p.name === name && p.use === use);

describe('libraryResource', () => {
  test('identifies the library the CQL IG way: id and name = library name, url under our base, version from ELM', () => {
    expect(library).toMatchObject({
      resourceType: 'Library',
      id: 'NCT06789107',
      name: 'NCT06789107',
      url: `${CANONICAL_BASE}/Library/NCT06789107`,
      version: '0.1.0',
      status: 'active',
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'logic-library' }],
      },
    });
  });

  test('content decodes back to the exact CQL text and the exact ELM file', () => {
    expect(fromBase64(content(library, 'text/cql')!)).toBe(cqlText);
    expect(JSON.parse(fromBase64(content(library, 'application/elm+json')!))).toEqual(JSON.parse(elmText));
    expect(JSON.parse(fromBase64(content(library, 'application/elm+json')!))).toEqual(elm);
  });

  test('without CQL text, only the ELM is carried', () => {
    const elmOnly = libraryResource(elm, undefined, valueSets);
    expect(elmOnly.content?.map((c) => c.contentType)).toEqual(['application/elm+json']);
  });

  test('relatedArtifact: depends-on each included library (versioned canonical) and each value set', () => {
    const resources = library.relatedArtifact?.filter((a) => a.type === 'depends-on').map((a) => a.resource);
    expect(resources).toEqual(
      expect.arrayContaining([
        `${CANONICAL_BASE}/Library/FHIRHelpers|4.0.1`,
        `${CANONICAL_BASE}/Library/Eligibility|0.1.0`,
        'urn:trialcds:valueset:dx-sle',
      ]),
    );
    const sle = library.relatedArtifact?.find((a) => a.resource === 'urn:trialcds:valueset:dx-sle');
    expect(sle?.display).toBe('ValueSet Systemic lupus erythematosus (diagnosis)');
  });

  test('dataRequirement: one per retrieved type and value set, with the filter’s path', () => {
    const condition = library.dataRequirement?.find((d) => d.type === 'Condition');
    expect(condition).toBeDefined();
    expect(library.dataRequirement?.find((d) => d.type === 'Patient')).toBeDefined();
    expect(library.dataRequirement).toContainEqual({
      type: 'Observation',
      profile: ['http://hl7.org/fhir/StructureDefinition/Observation'],
      codeFilter: [{ path: 'code', valueSet: 'urn:trialcds:valueset:lab-ana' }],
    });
    // Malignancy history reads ICD-10-CM C00–C96 by code prefix, which no value set lists: every
    // Condition is retrieved, and the requirement says so (no filter) rather than narrowing it.
    expect(library.dataRequirement).toContainEqual({ type: 'Condition', profile: ['http://hl7.org/fhir/StructureDefinition/Condition'] });
    // codeFilters of one requirement are AND-ed: one value set per requirement means "any of them".
    expect(library.dataRequirement!.every((d) => (d.codeFilter?.length ?? 0) <= 1)).toBe(true);
  });

  test('parameter: one out parameter per expression define, none for functions', () => {
    const defs = elm.library.statements!.def;
    const expressions = defs.filter((d) => d.type !== 'FunctionDef');
    expect(library.parameter?.filter((p) => p.use === 'out')).toHaveLength(expressions.length);
    const functionName = defs.find(
      (d) => d.type === 'FunctionDef' && !expressions.some((e) => e.name === d.name),
    )!.name;
    expect(parameter(functionName)).toBeUndefined();
    expect(parameter('Patient')).toEqual({ name: 'Patient', use: 'out', min: 0, max: '1', type: 'Patient' });
  });

  test('a criterion define returns a Tuple (no FHIR type): the parameter is kept without a type', () => {
    expect(parameter('I1')).toEqual({ name: 'I1', use: 'out', min: 0, max: '1' });
  });

  test('in parameters come from ELM parameter defs', () => {
    const withParameter = structuredClone(elm);
    withParameter.library.parameters = {
      def: [{ name: 'Measurement Period', accessLevel: 'Public', resultTypeSpecifier: interval('DateTime') }],
    };
    const lib = libraryResource(withParameter, undefined, valueSets);
    expect(lib.parameter?.find((p) => p.use === 'in')).toEqual({
      name: 'Measurement Period',
      use: 'in',
      min: 0,
      max: '1',
      type: 'Period',
    });
  });

  test('a shared library without value sets still gets its includes and parameters', () => {
    const eligibility = JSON.parse(
      readFileSync(join(CQL_LIB_DIR, 'elm', 'Eligibility.json'), 'utf8'),
    ) as ElmLibraryJson;
    const lib = libraryResource(eligibility, undefined, valueSets);
    expect(lib.relatedArtifact?.map((a) => a.resource)).toContain(
      `${CANONICAL_BASE}/Library/FHIRHelpers|4.0.1`,
    );
    expect(lib.parameter?.length).toBeGreaterThan(0);
  });
});

const named = (name: string) => ({ type: 'NamedTypeSpecifier', name });
const interval = (point: string) => ({
  type: 'IntervalTypeSpecifier',
  pointType: named(`{urn:hl7-org:elm-types:r1}${point}`),
});

describe('fhirTypeOf (the cqframework packager’s mapping)', () => {
  test.each([
    ['{urn:hl7-org:elm-types:r1}Boolean', 'boolean', false],
    ['{urn:hl7-org:elm-types:r1}Decimal', 'decimal', false],
    ['{urn:hl7-org:elm-types:r1}Code', 'Coding', false],
    ['{urn:hl7-org:elm-types:r1}Concept', 'CodeableConcept', false],
    ['{http://hl7.org/fhir}Observation', 'Observation', false],
  ])('%s → %s', (elmType, type, list) => {
    expect(fhirTypeOf(elmType)).toEqual({ type, list });
  });

  test('List<Condition> → Condition, max *', () => {
    expect(
      fhirTypeOf({ type: 'ListTypeSpecifier', elementType: named('{http://hl7.org/fhir}Condition') }),
    ).toEqual({ type: 'Condition', list: true });
  });

  test('Interval<Date> → Period, Interval<Quantity> → Range, Tuple → no type', () => {
    expect(fhirTypeOf(interval('Date')).type).toBe('Period');
    expect(fhirTypeOf(interval('Quantity')).type).toBe('Range');
    expect(fhirTypeOf({ type: 'TupleTypeSpecifier', element: [] }).type).toBeUndefined();
  });
});
