// One patient's evaluation state for compiled code: the prepared resources by type and code, the
// retrieves made so far (shared by every trial), define values and memoized function results.
import type { Resource } from 'fhir/r4';
import { cql } from './cql-lib.js';
import { fhirClass, fhirElement } from './fhir-model.js';
import { ChoiceValue, primitiveJson, readPrimitive, type PatientScope } from './fhir-values.js';
import { fhirReader } from './nodes/structured.js';
import { buildCodeIndex, filterKeys, matchingResources, resourcesByType, type CodeIndex } from '../patient-index.js';
import type { Program } from './program.js';
import { FHIR_NS, UNSET, type Runtime } from './types.js';

/** cql-exec-fhir's toCode over JSON: what `record.getCode(codeProperty)` gives a value set to match. */
function toCqlCode(value: any, typeName: string): any {
  if (value == null) return value === null ? undefined : value;
  if (value instanceof ChoiceValue) return toCqlCode(value.value, value.typeName.slice(FHIR_NS.length));
  if (Array.isArray(value)) return value.map((v) => toCqlCode(v, typeName));
  if (typeName === 'CodeableConcept') {
    if (value.coding == null) return undefined;
    const codings = value.coding.map((c: any) => toCqlCode(c, 'Coding'));
    return codings.length === 1 ? codings[0] : codings;
  }
  if (typeName === 'Coding') {
    const field = (name: string) => {
      const v = primitiveJson(readPrimitive(value, name, false));
      return v === null ? undefined : v;
    };
    return new cql.Code(field('code'), field('system'), field('version'), field('display'));
  }
  if (typeName === 'code') return primitiveJson(value);
  return undefined;
}

function elementTypeName(type: string, property: string): string {
  const spec = fhirElement(fhirClass(`${FHIR_NS}${type}`), property)?.typeSpecifier;
  const named = spec?.isList ? spec.elementType : spec;
  return named?.name ?? '';
}

export class PatientRuntime implements Runtime, PatientScope {
  readonly defines: any[];
  readonly memo = new Map<unknown, Map<unknown, unknown>>();
  /** Dates parsed from this patient's data (see fhir-values.ts withDateCache). */
  readonly dates = new Map<string, any>();
  readonly dateArithmetic = new Map<string, any>();
  private readonly retrievedLists = new Set<unknown[]>();

  isRetrieved(value: unknown[]): boolean {
    return this.retrievedLists.has(value);
  }
  private readonly byType: Map<string, Resource[]>;
  private readonly codeIndexes = new Map<string, CodeIndex>();
  private readonly retrievedByKey = new Map<string, unknown[]>();
  private readonly order = new Map<string, Map<Resource, number>>();

  constructor(
    program: Program,
    resources: Resource[],
    readonly executionDateTime: any,
    readonly parameters: Record<string, unknown> = {},
    readonly onMessage?: (source: unknown, code: unknown, severity: unknown, message: unknown) => void,
  ) {
    this.defines = new Array(program.slots.length).fill(UNSET);
    this.resources = resources;
    this.byType = resourcesByType(resources);
  }

  private readonly resources: Resource[];
  private resourceSet?: Set<object>;

  isResource(value: object): boolean {
    this.resourceSet ??= new Set(this.resources);
    return this.resourceSet.has(value);
  }

  retrieved(cacheKey: string): unknown[] | undefined {
    return this.retrievedByKey.get(cacheKey);
  }

  retrieve(type: string, codeProperty: string | undefined, codes: unknown, cacheKey: string | undefined): unknown[] {
    if (cacheKey !== undefined) {
      const cached = this.retrievedByKey.get(cacheKey);
      if (cached) return cached;
    }
    const found = this.find(type, codeProperty, codes);
    if (cacheKey !== undefined) {
      this.retrievedByKey.set(cacheKey, found);
      this.retrievedLists.add(found);
    }
    return found;
  }

  private find(type: string, codeProperty: string | undefined, codes: any): unknown[] {
    const all = this.byType.get(type) ?? [];
    if (codes == null || codeProperty == null) return all;
    const keys = codes.keys instanceof Set ? filterKeys(codes) : undefined;
    if (!keys) return all.filter((r) => this.matches(r, type, codeProperty, codes));
    const indexKey = `${type}.${codeProperty}`;
    let index = this.codeIndexes.get(indexKey);
    if (!index) this.codeIndexes.set(indexKey, (index = buildCodeIndex(all, codeProperty)));
    const found = matchingResources(index, keys);
    const unindexable = new Set(index.unindexable);
    // Bundle order, as the reference; codes the index cannot read are matched as the reference does.
    const kept = [...found].filter((r) => !unindexable.has(r) || this.matches(r, type, codeProperty, codes));
    const position = this.positions(type);
    return kept.sort((a, b) => position.get(a)! - position.get(b)!);
  }

  /** Each resource's place among those of its type (retrieves return them in bundle order). */
  private positions(type: string): Map<Resource, number> {
    let found = this.order.get(type);
    if (!found) {
      found = new Map((this.byType.get(type) ?? []).map((r, i) => [r, i]));
      this.order.set(type, found);
    }
    return found;
  }

  /** cql-execution's recordMatchesCodesOrVS over the record's code as cql-exec-fhir reads it. */
  private matches(resource: Resource, type: string, codeProperty: string, codes: any): boolean {
    const reader = fhirReader(`${FHIR_NS}${type}`, codeProperty);
    const code = toCqlCode(reader ? reader.read(resource) : undefined, elementTypeName(type, codeProperty));
    return Array.isArray(codes) ? codes.some((c: any) => c.hasMatch(code)) : codes.hasMatch(code);
  }
}
