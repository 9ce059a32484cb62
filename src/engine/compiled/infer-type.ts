// Static types where the translator left none (it annotates most nodes, not all: OperandRef,
// AliasRef and Property often have no resultTypeName). Inferred from the bindings, the FHIR model
// and the referenced defines and functions.
import type { CompileContext } from './compile-context.js';
import { elmName, fhirClass, fhirElement, isPrimitiveClass, primitiveValueType } from './fhir-model.js';
import { namedFhir, resultType, specOf, UNKNOWN } from './type-specs.js';
import { SYSTEM_NS, type ElmNode, type TypeSpec } from './types.js';

function fromModelSpec(spec: any): TypeSpec {
  if (!spec) return UNKNOWN;
  if (spec.isList) return { kind: 'list', element: fromModelSpec(spec.elementType) };
  if (spec.isChoice) return { kind: 'choice', choices: spec.choices.map(fromModelSpec) };
  if (spec.isNamed) return { kind: 'named', name: elmName(spec) };
  return UNKNOWN;
}

const SYSTEM_PROPERTIES: Record<string, Record<string, string>> = {
  Quantity: { value: 'Decimal', unit: 'String' },
  Code: { code: 'String', system: 'String', version: 'String', display: 'String' },
  Concept: { display: 'String' },
};

/** The type of `path` on a value of `source` type. */
export function propertyType(source: TypeSpec, path: string): TypeSpec {
  const fhir = namedFhir(source);
  if (fhir) {
    const ci = fhirClass(fhir);
    if (isPrimitiveClass(ci) && path === 'value') {
      const sys = primitiveValueType(ci);
      return sys ? { kind: 'named', name: `${SYSTEM_NS}${sys}` } : UNKNOWN;
    }
    const element = fhirElement(ci, path);
    if (!element) return UNKNOWN;
    if (path !== element.name && element.typeSpecifier.isChoice) {
      return fromModelSpec(element.typeSpecifier.choices.find((c: any) => `${element.name}${c.name[0].toUpperCase()}${c.name.slice(1)}` === path));
    }
    return fromModelSpec(element.typeSpecifier);
  }
  if (source.kind === 'tuple') return source.elements.find((e) => e.name === path)?.type ?? UNKNOWN;
  if (source.kind === 'interval' && (path === 'low' || path === 'high')) return source.point;
  if (source.kind === 'named' && source.name.startsWith(SYSTEM_NS)) {
    const name = SYSTEM_PROPERTIES[source.name.slice(SYSTEM_NS.length)]?.[path];
    if (name) return { kind: 'named', name: `${SYSTEM_NS}${name}` };
    if (source.name === `${SYSTEM_NS}Concept` && path === 'codes') return { kind: 'list', element: { kind: 'named', name: `${SYSTEM_NS}Code` } };
  }
  return UNKNOWN;
}

/** The static type of an expression: the translator's annotation, else inferred. */
export function inferType(node: ElmNode | undefined, c: CompileContext): TypeSpec {
  if (!node) return UNKNOWN;
  const annotated = resultType(node);
  if (annotated.kind !== 'unknown') return annotated;
  switch (node.type) {
    case 'OperandRef':
    case 'AliasRef':
    case 'QueryLetRef':
      return c.bindings.get(node.name)?.type ?? UNKNOWN;
    case 'Property': {
      const source = node.scope != null ? (c.bindings.get(node.scope)?.type ?? UNKNOWN) : inferType(node.source, c);
      return propertyType(source, node.path);
    }
    case 'As':
      return node.asTypeSpecifier ? specOf(node.asTypeSpecifier) : node.asType ? { kind: 'named', name: node.asType } : UNKNOWN;
    case 'ExpressionRef': {
      const define = c.library.resolve(node.libraryName, node.type).defines.get(node.name);
      return define ? resultType(define.elm) : UNKNOWN;
    }
    case 'FunctionRef': {
      const fns = c.library.resolve(node.libraryName, node.type).functions.get(node.name) ?? [];
      const types = fns.map((f) => resultType(f.elm));
      const first = JSON.stringify(types[0]);
      return types.length > 0 && types.every((t) => JSON.stringify(t) === first) ? types[0]! : UNKNOWN;
    }
    case 'Retrieve':
      return { kind: 'list', element: { kind: 'named', name: node.dataType } };
    case 'Union':
    case 'Except':
    case 'Intersect': {
      const operands: ElmNode[] = Array.isArray(node.operand) ? node.operand : [];
      const types = operands.map((o) => inferType(o, c));
      const first = JSON.stringify(types[0]);
      return types.length > 0 && types.every((t) => JSON.stringify(t) === first) ? types[0]! : UNKNOWN;
    }
    case 'Query': {
      // Without a return clause, a one-source query returns its source's items.
      if (node.return || node.aggregate || (node.source ?? []).length !== 1) return UNKNOWN;
      const source = inferType(node.source[0].expression, c);
      return source.kind === 'list' ? source : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}
