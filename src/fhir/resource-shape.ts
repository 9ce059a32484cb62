// FHIR R4 JSON shape checks, driven by the same model info the engines read (cql-exec-fhir's FHIR
// 4.0.1 model): each element's JSON type (object, array, string, number, boolean) is checked before
// any code reads it, so `code: "SLE"`, `entry: {}` or `value: "12"` is a precise 4xx with the path
// instead of a crash or a silent "no record". Unknown elements are ignored (lenient reader);
// primitive extensions (`_birthDate`) are not checked. Lexical validity of dates and numbers is
// judged separately (see unreadablePrimitives): such a record is readable, but a criterion that reads
// it cannot be decided.
import { fhirModel, isPrimitiveClass, primitiveValueType } from '../engine/compiled/fhir-model.js';

export interface ShapeIssue {
  /** Where, from the checked value: `entry[3].resource.code`. */
  path: string;
  text: string;
}

/** Deeper than any FHIR resource needs (extensions of extensions included); guards the stack. */
const MAX_DEPTH = 48;
/** Enough to locate the problems; a wholly wrong document would otherwise list thousands. */
const MAX_ISSUES = 10;

type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'resource';

interface ElementType {
  list: boolean;
  kind: JsonKind;
  /** FHIR type name: class to descend into (objects), primitive type (dateTime, decimal …). */
  type: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the model info is cql-exec-fhir's untyped API */
const classCache = new Map<string, any>();
function classOf(name: string): any {
  if (!classCache.has(name)) classCache.set(name, fhirModel().findClass(`FHIR.${name}`) ?? null);
  return classCache.get(name);
}

const RESOURCE_BASES = new Set(['Resource', 'DomainResource']);
function isResourceClass(ci: any): boolean {
  if (!ci) return false;
  if (RESOURCE_BASES.has(ci.name)) return true;
  return ci.parentClasses().some((p: any) => RESOURCE_BASES.has(String(p.name).replace(/^FHIR\./, '')));
}

function kindOf(typeName: string): JsonKind {
  if (RESOURCE_BASES.has(typeName)) return 'resource';
  const ci = classOf(typeName);
  if (!ci || !isPrimitiveClass(ci)) return isResourceClass(ci) ? 'resource' : 'object';
  const system = primitiveValueType(ci);
  if (system === 'Boolean') return 'boolean';
  if (system === 'Integer' || system === 'Decimal') return 'number';
  return 'string';
}

function choiceSuffix(name: string): string {
  const n = name === 'SimpleQuantity' ? 'Quantity' : name;
  return `${n[0]!.toUpperCase()}${n.slice(1)}`;
}

/** The type of JSON property `prop` of class `className`; undefined for elements the model lacks. */
// Two levels (class, then property): this runs for every element of every resource a chart holds.
const elementCache = new Map<string, Map<string, ElementType | null>>();
function elementType(className: string, prop: string): ElementType | undefined {
  let props = elementCache.get(className);
  if (!props) elementCache.set(className, (props = new Map()));
  let found = props.get(prop);
  if (found === undefined) props.set(prop, (found = resolveElement(className, prop) ?? null));
  return found ?? undefined;
}

function resolveElement(className: string, prop: string): ElementType | undefined {
  const element = classOf(className)?.findElement(prop, true);
  if (!element) return undefined;
  let spec = element.typeSpecifier;
  const list = !!spec?.elementType;
  if (list) spec = spec.elementType;
  if (spec?.choices) {
    if (element.name === prop) return undefined; // `value` itself is not a JSON property
    spec = spec.choices.find((c: any) => `${element.name}${choiceSuffix(c.name)}` === prop);
  } else if (element.name !== prop) return undefined;
  if (!spec?.name || spec.namespace !== 'FHIR') return undefined;
  const type = String(spec.name);
  return { list, kind: kindOf(type), type };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Called for every primitive value with its FHIR type (dateTime, decimal …); `path()` builds the
 * element's path (`effectiveDateTime`, `component[1].valueQuantity.value`) only when asked.
 */
type PrimitiveVisitor = (value: unknown, type: string, path: () => string) => void;

/**
 * Walks a resource along the model. The path to the current element is a stack of segments
 * (property names, array indexes) joined only when an issue or a visitor needs it: building a
 * string per element cost more than the checks themselves on a 1 000-resource chart.
 */
class ShapeWalker {
  readonly issues: ShapeIssue[] = [];
  private readonly segments: (string | number)[] = [];
  private base = '';
  constructor(private readonly onPrimitive?: PrimitiveVisitor) {}

  private readonly pathNow = (): string => {
    let path = this.base;
    for (const s of this.segments) path = typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s;
    return path;
  };

  private add(text: string): void {
    const path = this.pathNow();
    // A path through 48 nested extensions is long: its end says where.
    const shown = path.length > 160 ? `…${path.slice(-150)}` : path;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path: shown, text: shown ? `${shown}: ${text}` : text });
  }

  get full(): boolean {
    return this.issues.length >= MAX_ISSUES;
  }

  /** Entry point: `path` names where the value sits in the caller's document. */
  root(value: unknown, path: string): void {
    this.base = path;
    this.segments.length = 0;
    this.resource(value, 0);
  }

  private resource(value: unknown, depth: number): void {
    if (!isObject(value)) return this.add('is not a FHIR resource (a JSON object)');
    const type = value.resourceType;
    if (typeof type !== 'string' || type.length === 0) return this.add('is not a FHIR resource (no resourceType)');
    if (RESOURCE_BASES.has(type) || !isResourceClass(classOf(type))) {
      this.segments.push('resourceType');
      this.add('is not a FHIR R4 resource type');
      this.segments.pop();
      return;
    }
    this.object(value, type, depth);
  }

  private object(value: Record<string, unknown>, className: string, depth: number): void {
    if (depth > MAX_DEPTH) return this.add(`is nested more than ${MAX_DEPTH} levels deep`);
    for (const prop in value) {
      if (this.full) return;
      if (prop === 'resourceType' || prop.charCodeAt(0) === 95 /* _ */ || !Object.hasOwn(value, prop)) continue;
      const element = value[prop];
      // JSON has no undefined: a property set to undefined in code is an absent element.
      if (element === undefined) continue;
      const type = elementType(className, prop);
      if (!type) continue;
      this.segments.push(prop);
      this.element(element, type, depth);
      this.segments.pop();
    }
  }

  private element(value: unknown, type: ElementType, depth: number): void {
    if (!type.list) return this.single(value, type, depth);
    if (!Array.isArray(value)) return this.add('must be an array');
    for (let i = 0; i < value.length && !this.full; i++) {
      // A null in an array of primitives keeps its place for the matching `_element` extensions.
      if (value[i] === null && type.kind !== 'object' && type.kind !== 'resource') continue;
      this.segments.push(i);
      this.single(value[i], type, depth);
      this.segments.pop();
    }
  }

  private single(value: unknown, type: ElementType, depth: number): void {
    if (type.kind === 'resource') return this.resource(value, depth + 1);
    if (type.kind === 'object') {
      if (!isObject(value)) return this.add(`must be a JSON object (FHIR ${type.type})`);
      return this.object(value, type.type, depth + 1);
    }
    if (typeof value !== type.kind) return this.add(`must be a JSON ${type.kind} (FHIR ${type.type})`);
    this.onPrimitive?.(value, type.type, this.pathNow);
  }
}

/** The JSON-type problems of one resource (at most 10), paths starting at `path`. */
export function resourceShapeIssues(value: unknown, path: string): ShapeIssue[] {
  const walker = new ShapeWalker();
  walker.root(value, path);
  return walker.issues;
}

/** The problems of a list of resources (at most 10 in all), each path from `pathOf(index)`. */
export function listShapeIssues(items: readonly unknown[], pathOf: (index: number) => string): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  for (let i = 0; i < items.length && issues.length < MAX_ISSUES; i++) {
    for (const issue of resourceShapeIssues(items[i], pathOf(i))) if (issues.length < MAX_ISSUES) issues.push(issue);
  }
  return issues;
}

/** Visits every primitive of a well-shaped resource (after resourceShapeIssues found none). */
export function visitPrimitives(resource: unknown, visit: PrimitiveVisitor): void {
  new ShapeWalker(visit).root(resource, '');
}
