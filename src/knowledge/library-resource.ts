// A CQL library as a FHIR Library, following "Using CQL with FHIR" (CQL IG) §Libraries and the CPG
// computable-library conventions: id/name = the CQL library name, url ends in /Library/<name>,
// version = the CQL version, content carries both the CQL text and the ELM JSON (base64).
import type { DataRequirement, Library, ParameterDefinition, RelatedArtifact } from 'fhir/r4';
import {
  dataRequirementsOf,
  includedLibraries,
  libraryName,
  valueSetUrls,
  type ElmLibraryJson,
} from '../artifacts/elm.js';
import type { LoadedValueSet } from '../artifacts/value-sets.js';
import { CANONICAL_BASE } from './contracts.js';

export const CQL_CONTENT_TYPE = 'text/cql';
export const ELM_CONTENT_TYPE = 'application/elm+json';
const LIBRARY_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/library-type';

/** `${CANONICAL_BASE}/Library/<name>`: the url of a library we publish. */
export function libraryUrl(name: string): string {
  return `${CANONICAL_BASE}/Library/${name}`;
}

/** A versioned canonical (`url|version`), as CQL IG relatedArtifact and cqf-library use it. */
export function libraryCanonical(name: string, version?: string): string {
  return version ? `${libraryUrl(name)}|${version}` : libraryUrl(name);
}

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function fromBase64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

/**
 * The FHIR Library of one compiled CQL library. `cqlText` is the source when it is known (a library
 * loaded from ELM only has none); `valueSets` gives the value sets' titles for relatedArtifact.display.
 */
export function libraryResource(
  elm: ElmLibraryJson,
  cqlText: string | undefined,
  valueSets: ReadonlyMap<string, LoadedValueSet>,
): Library {
  const name = libraryName(elm);
  const version = elm.library.identifier.version;
  return {
    resourceType: 'Library',
    id: name,
    url: libraryUrl(name),
    ...(version ? { version } : {}),
    name,
    status: 'active',
    type: { coding: [{ system: LIBRARY_TYPE_SYSTEM, code: 'logic-library' }] },
    relatedArtifact: relatedArtifacts(elm, valueSets),
    parameter: parameters(elm),
    dataRequirement: dataRequirements(elm),
    content: [
      ...(cqlText === undefined ? [] : [{ contentType: CQL_CONTENT_TYPE, data: toBase64(cqlText) }]),
      // The exact file the compiler writes, so a published library decodes to the checked-in ELM.
      // Compact, not the checked-in layout: a trial's Bundle carries several MB of ELM.
      { contentType: ELM_CONTENT_TYPE, data: toBase64(JSON.stringify(elm)) },
    ],
  };
}

function relatedArtifacts(
  elm: ElmLibraryJson,
  valueSets: ReadonlyMap<string, LoadedValueSet>,
): RelatedArtifact[] {
  const libraries = includedLibraries(elm).map((inc): RelatedArtifact => ({
    type: 'depends-on',
    display: `Library ${inc.name}`,
    resource: libraryCanonical(inc.name, inc.version),
  }));
  const sets = [...valueSetUrls(elm)].map(([name, url]): RelatedArtifact => ({
    type: 'depends-on',
    display: `ValueSet ${valueSets.get(url)?.resource.title ?? name}`,
    resource: url,
  }));
  const systems = codeSystemsOf(elm).map(({ name, url }): RelatedArtifact => ({
    type: 'depends-on',
    display: `Code system ${name}`,
    resource: url,
  }));
  return [...libraries, ...sets, ...systems];
}

/** ELM `codeSystems.def` (not in the typed part of ElmLibraryJson). */
function codeSystemsOf(elm: ElmLibraryJson): { name: string; url: string }[] {
  const defs = (elm.library.codeSystems as { def?: unknown } | undefined)?.def;
  if (!Array.isArray(defs)) return [];
  return defs.flatMap((d: { name?: unknown; id?: unknown }) =>
    typeof d.name === 'string' && typeof d.id === 'string' ? [{ name: d.name, url: d.id }] : [],
  );
}

/**
 * This library's own retrieves (not its includes'). One requirement per type and value set, as the
 * CQL IG packager writes them: the codeFilters of one DataRequirement are AND-ed, and we mean "any of".
 */
function dataRequirements(elm: ElmLibraryJson): DataRequirement[] {
  return dataRequirementsOf([elm]).flatMap((req) => {
    // The CQL IG names the base profile of the retrieved type when the retrieve names none.
    const base = { type: req.type, profile: [`http://hl7.org/fhir/StructureDefinition/${req.type}`] };
    if (req.codeFilters.length === 0) return [base];
    return req.codeFilters.map((f) => ({
      ...base,
      codeFilter: [{ path: f.path, ...(f.valueSet ? { valueSet: f.valueSet } : {}) }],
    }));
  });
}

interface ElmDef {
  name?: unknown;
  type?: unknown;
  accessLevel?: unknown;
  resultTypeName?: unknown;
  resultTypeSpecifier?: unknown;
  parameterTypeSpecifier?: unknown;
}

function parameters(elm: ElmLibraryJson): ParameterDefinition[] {
  const inputs = ((elm.library.parameters as { def?: ElmDef[] } | undefined)?.def ?? [])
    .filter((d) => d.accessLevel !== 'Private')
    .map((d) => parameterDefinition(d, 'in'));
  // Functions take arguments: they are not results a caller can ask for, so not parameters.
  const outputs = ((elm.library.statements?.def ?? []) as ElmDef[])
    .filter((d) => d.type !== 'FunctionDef' && d.accessLevel !== 'Private')
    .map((d) => parameterDefinition(d, 'out'));
  return [...inputs, ...outputs];
}

function parameterDefinition(def: ElmDef, use: 'in' | 'out'): ParameterDefinition {
  const { type, list } = fhirTypeOf(
    def.resultTypeName ?? def.parameterTypeSpecifier ?? def.resultTypeSpecifier,
  );
  // ParameterDefinition.type is 1..1 in R4, but Tuples (our criteria's Outcome) have no FHIR type.
  // Like the reference packager (cqframework DataRequirementsProcessor), we keep such a parameter
  // without a type rather than claim a wrong one: a reader still learns the define exists.
  const parameter = { name: String(def.name), use, min: 0, max: list ? '*' : '1', ...(type ? { type } : {}) };
  return parameter as ParameterDefinition;
}

const SYSTEM_TYPES: Record<string, string> = {
  Boolean: 'boolean',
  Integer: 'integer',
  Decimal: 'decimal',
  Date: 'date',
  DateTime: 'dateTime',
  Time: 'time',
  String: 'string',
  Quantity: 'Quantity',
  Ratio: 'Ratio',
  Code: 'Coding',
  Concept: 'CodeableConcept',
};
const SYSTEM_NS = '{urn:hl7-org:elm-types:r1}';
const FHIR_NS = '{http://hl7.org/fhir}';

/** The FHIR type of an ELM result type (the cqframework packager's mapping); undefined when there is none. */
export function fhirTypeOf(elmType: unknown): { type?: string; list: boolean } {
  const spec = elmType as
    { type?: string; name?: string; elementType?: unknown; pointType?: unknown } | undefined;
  if (typeof elmType === 'string') return { type: namedType(elmType), list: false };
  if (spec?.type === 'NamedTypeSpecifier') return { type: namedType(String(spec.name)), list: false };
  if (spec?.type === 'ListTypeSpecifier') return { type: fhirTypeOf(spec.elementType).type, list: true };
  if (spec?.type === 'IntervalTypeSpecifier') return { type: intervalType(spec.pointType), list: false };
  return { list: false };
}

function namedType(name: string): string | undefined {
  if (name.startsWith(SYSTEM_NS)) return SYSTEM_TYPES[name.slice(SYSTEM_NS.length)];
  if (name.startsWith(FHIR_NS)) return name.slice(FHIR_NS.length);
  return undefined;
}

function intervalType(pointType: unknown): string | undefined {
  const point = fhirTypeOf(pointType).type;
  if (point === 'date' || point === 'dateTime') return 'Period';
  if (point === 'Quantity') return 'Range';
  return undefined;
}
