// Static types from the translator's annotations, and cql-execution's run-time type matching
// (Context.matchesTypeSpecifier) over the compiled engine's values.
import { fhirClass, isFhirTypeName, typeHierarchy } from './fhir-model.js';
import { ChoiceValue, isRawResource } from './fhir-values.js';
import { FHIR_NS, SYSTEM_NS, type ElmNode, type TypeSpec } from './types.js';

export const UNKNOWN: TypeSpec = { kind: 'unknown' };

/** A TypeSpec from an ELM type specifier (NamedTypeSpecifier, ListTypeSpecifier, …). */
export function specOf(elm: ElmNode | undefined): TypeSpec {
  if (!elm) return UNKNOWN;
  switch (elm.type) {
    case 'NamedTypeSpecifier':
      return { kind: 'named', name: elm.name };
    case 'ListTypeSpecifier':
      return { kind: 'list', element: specOf(elm.elementType) };
    case 'IntervalTypeSpecifier':
      return { kind: 'interval', point: specOf(elm.pointType) };
    case 'TupleTypeSpecifier':
      return { kind: 'tuple', elements: (elm.element ?? []).map((e: ElmNode) => ({ name: e.name, type: specOf(e.elementType ?? e.type) })) };
    case 'ChoiceTypeSpecifier':
      return { kind: 'choice', choices: (elm.choice ?? elm.type ?? []).map(specOf) };
    default:
      return UNKNOWN;
  }
}

/** The static result type of an ELM expression. */
export function resultType(node: ElmNode | undefined): TypeSpec {
  if (!node) return UNKNOWN;
  if (node.resultTypeSpecifier) return specOf(node.resultTypeSpecifier);
  if (node.resultTypeName) return { kind: 'named', name: node.resultTypeName };
  return UNKNOWN;
}

export function namedFhir(spec: TypeSpec): string | undefined {
  return spec.kind === 'named' && isFhirTypeName(spec.name) ? spec.name : undefined;
}

export function isListSpec(spec: TypeSpec): boolean {
  return spec.kind === 'list';
}

/** The FHIR type a value has at run time: a choice's own type, a resource's type, else the static one. */
function fhirTypeOf(value: any, staticType: TypeSpec): string | undefined {
  if (value instanceof ChoiceValue) return value.typeName;
  if (isRawResource(value)) return `${FHIR_NS}${value.resourceType}`;
  return namedFhir(staticType);
}

function isSystemTypeName(name: string): boolean {
  return name.startsWith(SYSTEM_NS);
}

/**
 * cql-execution's matchesTypeSpecifier, for compiled values. A FHIR value (raw JSON, a primitive
 * or a choice) is matched by its FHIR type hierarchy, as cql-exec-fhir's FHIRObject._is does.
 */
export function matchesType(value: any, spec: TypeSpec, staticType: TypeSpec): boolean {
  switch (spec.kind) {
    case 'named':
      return matchesNamed(value, spec.name, staticType);
    case 'list': {
      if (!Array.isArray(value)) return false;
      const element = staticType.kind === 'list' ? staticType.element : UNKNOWN;
      return value.every((x) => matchesType(x, spec.element, element));
    }
    case 'tuple':
      return matchesTuple(value, spec, staticType);
    case 'interval': {
      // cql-execution reads `val.isInterval` without a null check: undefined throws there too.
      if (!value.isInterval) return false;
      const point = staticType.kind === 'interval' ? staticType.point : UNKNOWN;
      return (value.low == null || matchesType(value.low, spec.point, point)) && (value.high == null || matchesType(value.high, spec.point, point));
    }
    case 'choice':
      return spec.choices.some((c) => matchesType(value, c, staticType));
    default:
      return true;
  }
}

function matchesTuple(value: any, spec: Extract<TypeSpec, { kind: 'tuple' }>, staticType: TypeSpec): boolean {
  if (value == null || typeof value !== 'object' || Array.isArray(value) || value.isInterval || value.isConcept || value.isCode) return false;
  if (value.isDateTime || value.isDate || value.isQuantity) return false;
  const fields = staticType.kind === 'tuple' ? staticType.elements : [];
  return spec.elements.every(
    (e) => typeof value[e.name] === 'undefined' || matchesType(value[e.name], e.type, fields.find((f) => f.name === e.name)?.type ?? UNKNOWN),
  );
}

function matchesNamed(value: any, name: string, staticType: TypeSpec): boolean {
  if (value == null) return true;
  const fhirType = fhirTypeOf(value, staticType);
  if (fhirType) return isSystemTypeName(name) && name !== `${SYSTEM_NS}Any` ? false : typeHierarchy(fhirType).has(name);
  switch (name) {
    case `${SYSTEM_NS}Boolean`:
      return typeof value === 'boolean';
    case `${SYSTEM_NS}Decimal`:
      return typeof value === 'number';
    case `${SYSTEM_NS}Integer`:
      return typeof value === 'number' && Math.floor(value) === value;
    case `${SYSTEM_NS}String`:
      return typeof value === 'string';
    case `${SYSTEM_NS}Concept`:
      return value && value.isConcept;
    case `${SYSTEM_NS}Code`:
      return value && value.isCode;
    case `${SYSTEM_NS}DateTime`:
      return value && value.isDateTime;
    case `${SYSTEM_NS}Date`:
      return value && value.isDate;
    case `${SYSTEM_NS}Quantity`:
      return value && value.isQuantity;
    case `${SYSTEM_NS}Time`:
      return value && value.isTime && value.isTime();
    default:
      // cql-execution: no model type information → lists and intervals are not named types, the rest is.
      return !(Array.isArray(value) || value.isInterval);
  }
}

/** Whether a named type is a FHIR class the model knows. */
export function knownFhirClass(name: string): boolean {
  return isFhirTypeName(name) && fhirClass(name) !== undefined;
}

