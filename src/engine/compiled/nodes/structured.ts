// Property access, tuples and instances. On FHIR data, a property reads the JSON the way
// cql-exec-fhir's FHIRObject.get does (choices in model order, primitives merged with `_x`,
// System-typed leaves converted); on CQL values and tuples, as cql-execution's Property does.
import type { CompileContext, NodeCompiler } from '../compile-context.js';
import { cql, datatypes } from '../cql-lib.js';
import { choiceProperty, elmName, fhirClass, fhirElement, isPrimitiveClass, primitiveValueType } from '../fhir-model.js';
import { ChoiceValue, PrimitiveElement, readPrimitive, toSystemValue } from '../fhir-values.js';
import { namedFhir } from '../type-specs.js';
import { propertyType } from '../infer-type.js';
import { Unsupported, type ElmNode, type Expr, type TypeSpec } from '../types.js';

/** How one element of a FHIR type is read from JSON (decided at compile time from the model). */
type JsonReader = (json: any) => any;

function isPrimitiveSpec(spec: any): boolean {
  return spec.isNamed && isPrimitiveClass(fhirClass(spec.fqn));
}

/** cql-exec-fhir's getPropertyFromJSON + toFHIRObject for a named or list type specifier. */
function readerFor(property: string, spec: any): JsonReader {
  if (spec.isList) {
    const primitive = isPrimitiveSpec(spec.elementType);
    return (json) => {
      const data = primitive ? readPrimitive(json, property, true) : json[property];
      if (data == null) return null;
      if (!Array.isArray(data)) throw new TypeError('data.map is not a function');
      return data;
    };
  }
  if (spec.namespace === 'System') {
    const name = spec.name;
    return (json) => {
      const v = toSystemValue(json[property], name);
      return v == null ? null : v;
    };
  }
  if (isPrimitiveSpec(spec)) return (json) => readPrimitive(json, property, false);
  return (json) => {
    const v = json[property];
    return v == null ? null : v;
  };
}

function choiceReader(elementName: string, choices: any[]): JsonReader {
  const options = choices
    .filter((choice) => choice.isNamed)
    .map((choice) => ({ property: choiceProperty(elementName, choice.name), typeName: elmName(choice), read: readerFor(choiceProperty(elementName, choice.name), choice) }));
  return (json) => {
    for (const option of options) {
      if (json[option.property] != null || json[`_${option.property}`] != null) {
        const data = option.read(json);
        return data == null ? null : new ChoiceValue(option.typeName, data);
      }
    }
    return null;
  };
}

/** The reader for `path` on FHIR type `typeName`, or undefined when the model has no such element. */
export function fhirReader(typeName: string, path: string): { read: JsonReader; primitiveValue?: string } | undefined {
  const ci = fhirClass(typeName);
  if (!ci) throw new Unsupported('Property', `unknown FHIR type ${typeName}`);
  if (isPrimitiveClass(ci)) {
    if (path === 'value') {
      const systemType = primitiveValueType(ci);
      if (!systemType) throw new Unsupported('Property', `no value type for ${typeName}`);
      return {
        primitiveValue: systemType,
        read: (v) => {
          const converted = toSystemValue(v instanceof PrimitiveElement ? v.value : v, systemType);
          return converted == null ? null : converted;
        },
      };
    }
    if (path === 'id' || path === 'extension') return { read: (v) => (v instanceof PrimitiveElement ? (v.extra[path] ?? null) : null) };
    throw new Unsupported('Property', `${path} of a FHIR primitive`);
  }
  const element = fhirElement(ci, path);
  if (!element) return undefined;
  const spec = element.typeSpecifier;
  if (path !== element.name && spec.isChoice) {
    const choice = spec.choices.find((c: any) => choiceProperty(element.name, c.name) === path);
    if (!choice) throw new Unsupported('Property', `explicit choice ${path}`);
    return { read: readerFor(path, choice) };
  }
  if (spec.isChoice) return { read: choiceReader(element.name, spec.choices) };
  if (!spec.isNamed && !spec.isList) throw new Unsupported('Property', `element ${typeName}.${path} of an unusual type`);
  return { read: readerFor(element.name, spec) };
}

/** cql-execution's getPropertyFromObject + Property.exec for CQL values and tuples. */
function genericProperty(source: Expr, path: string): Expr {
  const parts = path.split('.');
  const get = (obj: any, part: string): any => {
    if (obj == null) return undefined;
    const v = obj[part];
    return v === undefined && typeof obj.get === 'function' ? obj.get(part) : v;
  };
  return (rt, f) => {
    const obj = source(rt, f);
    let val = get(obj, path);
    if (val == null) {
      let current = obj;
      for (const part of parts) {
        const next = get(current, part);
        current = next instanceof Function ? next.call(current) : next;
      }
      val = current != null ? current : null;
    }
    return val instanceof Function ? val.call(obj) : val;
  };
}

/**
 * A dotted path on FHIR data (the translator's Medication join reads `medication.reference`): each
 * step typed by the model, a choice by the type found in the data; a list mid-path has no value.
 */
function dottedFhirProperty(source: Expr, typeName: string, parts: string[]): Expr {
  const readers = new Map<string, JsonReader | null>();
  const readerOf = (type: string, part: string): JsonReader | null => {
    const key = `${type}.${part}`;
    if (!readers.has(key)) readers.set(key, fhirReader(type, part)?.read ?? null);
    return readers.get(key)!;
  };
  const stepTypes = [typeName];
  for (const part of parts.slice(0, -1)) {
    const t = propertyType({ kind: 'named', name: stepTypes[stepTypes.length - 1]! }, part);
    stepTypes.push(t.kind === 'named' ? t.name : '');
  }
  return (rt, f) => {
    let value = source(rt, f);
    for (let i = 0; i < parts.length; i++) {
      if (value == null || Array.isArray(value)) return null;
      let type = stepTypes[i]!;
      if (value instanceof ChoiceValue) {
        type = value.typeName;
        value = value.value;
      }
      const read = type ? readerOf(type, parts[i]!) : null;
      if (!read) return null;
      value = read(value);
    }
    return value == null ? null : value;
  };
}

function sourceOf(node: ElmNode, c: CompileContext): { source: Expr; type: TypeSpec } {
  if (node.scope != null) {
    const { slot, type } = c.lookup(node.scope, 'Property');
    return { source: (_rt, f) => f[slot], type };
  }
  return { source: c.compile(node.source), type: c.typeOf(node.source) };
}

const property: NodeCompiler = (node, c) => {
  const { source, type } = sourceOf(node, c);
  const path: string = node.path;
  const fhirType = namedFhir(type);
  if (fhirType) {
    if (path.includes('.')) return dottedFhirProperty(source, fhirType, path.split('.'));
    const reader = fhirReader(fhirType, path);
    if (!reader) return () => null;
    const read = reader.read;
    return (rt, f) => {
      const json = source(rt, f);
      return json == null ? null : read(json);
    };
  }
  if (type.kind === 'unknown' || type.kind === 'choice' || type.kind === 'list') {
    throw new Unsupported('Property', `${path} on a value of ${type.kind} type (${node.scope ? `alias ${node.scope}` : node.source?.type})`);
  }
  return genericProperty(source, path);
};

const tuple: NodeCompiler = (node, c) => {
  const elements: { name: string; value?: Expr }[] = (node.element ?? []).map((e: ElmNode) => ({ name: e.name, value: c.compileOptional(e.value) }));
  return (rt, f) => {
    const out: Record<string, any> = {};
    for (const e of elements) out[e.name] = e.value ? e.value(rt, f) : undefined;
    return out;
  };
};

const instance: NodeCompiler = (node, c) => {
  const elements: { name: string; value?: Expr }[] = (node.element ?? []).map((e: ElmNode) => ({ name: e.name, value: c.compileOptional(e.value) }));
  const build = (rt: any, f: any): Record<string, any> => {
    const obj: Record<string, any> = {};
    for (const e of elements) obj[e.name] = e.value ? e.value(rt, f) : undefined;
    return obj;
  };
  switch (node.classType) {
    case '{urn:hl7-org:elm-types:r1}Quantity':
      return (rt, f) => {
        const o = build(rt, f);
        return new cql.Quantity(o.value, o.unit);
      };
    case '{urn:hl7-org:elm-types:r1}Code':
      return (rt, f) => {
        const o = build(rt, f);
        return new datatypes.Code(o.code, o.system, o.version, o.display);
      };
    case '{urn:hl7-org:elm-types:r1}Concept':
      return (rt, f) => {
        const o = build(rt, f);
        return new datatypes.Concept(o.codes, o.display);
      };
    default:
      return build;
  }
};

export const structuredCompilers: [string, NodeCompiler][] = [
  ['Property', property],
  ['Tuple', tuple],
  ['Instance', instance],
];
