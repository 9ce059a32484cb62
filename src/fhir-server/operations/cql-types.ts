// The CQL type of an expression, read from the ELM the translator writes with EnableResultTypes.
// cql-execution hands out plain JS values that lose part of it (Integer and Decimal are both
// numbers, a Long is a string), so the conversion to FHIR is told the declared type.

export type CqlType =
  | { kind: 'named'; name: string }
  | { kind: 'list'; element: CqlType }
  | { kind: 'interval'; point: CqlType }
  | { kind: 'tuple'; elements: Record<string, CqlType> }
  | { kind: 'choice'; choices: CqlType[] };

const SYSTEM_NS = '{urn:hl7-org:elm-types:r1}';
const FHIR_NS = '{http://hl7.org/fhir}';

/** `{urn:hl7-org:elm-types:r1}Integer` → `System.Integer`; `{http://hl7.org/fhir}Patient` → `FHIR.Patient`. */
export function qualifiedName(elmName: string): string {
  if (elmName.startsWith(SYSTEM_NS)) return `System.${elmName.slice(SYSTEM_NS.length)}`;
  if (elmName.startsWith(FHIR_NS)) return `FHIR.${elmName.slice(FHIR_NS.length)}`;
  return elmName;
}

type ElmTypeSpecifier = Record<string, unknown>;

function fromSpecifier(spec: ElmTypeSpecifier | undefined): CqlType | undefined {
  if (!spec || typeof spec !== 'object') return undefined;
  switch (spec.type) {
    case 'NamedTypeSpecifier':
      return typeof spec.name === 'string' ? { kind: 'named', name: qualifiedName(spec.name) } : undefined;
    case 'ListTypeSpecifier': {
      const element = fromSpecifier(spec.elementType as ElmTypeSpecifier);
      return element && { kind: 'list', element };
    }
    case 'IntervalTypeSpecifier': {
      const point = fromSpecifier(spec.pointType as ElmTypeSpecifier);
      return point && { kind: 'interval', point };
    }
    case 'TupleTypeSpecifier': {
      const elements: Record<string, CqlType> = {};
      for (const e of (spec.element ?? []) as ElmTypeSpecifier[]) {
        const type = fromSpecifier((e.elementType ?? e.type) as ElmTypeSpecifier);
        if (typeof e.name === 'string' && type) elements[e.name] = type;
      }
      return { kind: 'tuple', elements };
    }
    case 'ChoiceTypeSpecifier': {
      const choices = ((spec.choice ?? []) as ElmTypeSpecifier[])
        .map(fromSpecifier)
        .filter((c): c is CqlType => !!c);
      return { kind: 'choice', choices };
    }
    default:
      return undefined;
  }
}

/** The declared result type of an ELM expression or statement (undefined when the ELM has none). */
export function resultTypeOf(
  node: { resultTypeName?: unknown; resultTypeSpecifier?: unknown } | undefined,
): CqlType | undefined {
  if (!node) return undefined;
  if (typeof node.resultTypeName === 'string')
    return { kind: 'named', name: qualifiedName(node.resultTypeName) };
  return fromSpecifier(node.resultTypeSpecifier as ElmTypeSpecifier | undefined);
}

/** The declared type of a define of `elm` (undefined when absent or untyped). */
export function statementType(
  elm: { library: { statements?: { def: unknown[] } } },
  name: string,
): CqlType | undefined {
  const def = elm.library.statements?.def.find((d) => (d as { name?: unknown }).name === name);
  return resultTypeOf(def as { resultTypeName?: unknown; resultTypeSpecifier?: unknown } | undefined);
}

/** CQL type syntax, as the cqf-cqlType extension carries it: `List<Interval<System.Integer>>`. */
export function typeText(type: CqlType): string {
  switch (type.kind) {
    case 'named':
      return type.name;
    case 'list':
      return `List<${typeText(type.element)}>`;
    case 'interval':
      return `Interval<${typeText(type.point)}>`;
    case 'tuple':
      return `Tuple{${Object.entries(type.elements)
        .map(([n, t]) => `${n} ${typeText(t)}`)
        .join(', ')}}`;
    case 'choice':
      return `Choice<${type.choices.map(typeText).join(', ')}>`;
  }
}

/** `System.X` for a named System type, undefined otherwise (lists, tuples, FHIR types, unknown). */
export function systemTypeName(type: CqlType | undefined): string | undefined {
  return type?.kind === 'named' && type.name.startsWith('System.')
    ? type.name.slice('System.'.length)
    : undefined;
}
