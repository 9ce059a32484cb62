// Our data source for cql-execution: one patient's bundle indexed once by type and by code, with
// resources wrapped lazily and only once. cql-exec-fhir's Patient wraps every resource of a type on
// every retrieve (a FHIRObject defines a getter per element, so that is most of the evaluation time).
// We subclass its Patient so that element access, dates and codes behave exactly the same.
import { createRequire } from 'node:module';
import type { Bundle, Resource } from 'fhir/r4';
import { buildCodeIndex, filterKeys, matchingResources, resourcesByType, type CodeIndex } from '../patient-index.js';
import { INDEXED_RESOURCE, installResourceKeys } from './resource-keys.js';

const require = createRequire(import.meta.url);
const cqlfhir = require('cql-exec-fhir') as any;

/** The usual stack's PatientSource, parsed once per process (~200 ms): the baseline's model info. */
let baselineSource: any;
function baselinePatientSource(): any {
  baselineSource ??= cqlfhir.PatientSource.FHIRv401();
  return baselineSource;
}

/**
 * Our own parse of the same model info, with class look-ups memoized: cql-exec-fhir finds a class
 * by scanning the model for every element of every wrapped object. A separate instance keeps the
 * baseline exactly as the usual stack runs it.
 */
let indexedSource: any;
function indexedPatientSource(): any {
  if (!indexedSource) {
    indexedSource = cqlfhir.PatientSource.FHIRv401();
    const model = indexedSource._modelInfo;
    const findClass = model.findClass.bind(model);
    const classes = new Map<string, unknown>();
    model.findClass = (name: string) => {
      if (!classes.has(name)) classes.set(name, findClass(name));
      return classes.get(name);
    };
  }
  return indexedSource;
}

function modelInfo(): any {
  return indexedPatientSource()._modelInfo;
}

/** A cql-exec-fhir Patient over `bundle`, built without the source's shared cursor (safe under concurrency). */
function patientOf(source: any, bundle: Bundle): any {
  const cursor = Object.create(Object.getPrototypeOf(source));
  cursor._modelInfo = source._modelInfo;
  cursor._patientSourceOptions = {};
  cursor._bundles = [bundle];
  cursor._index = 0;
  return cursor.currentPatient();
}

/** cql-exec-fhir's Patient class (not exported by the package; reached through one instance). */
let patientClass: any;
function basePatientClass(): any {
  if (!patientClass) {
    const probe = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient', id: 'probe' } }] };
    patientClass = Object.getPrototypeOf(patientOf(indexedPatientSource(), probe as Bundle)).constructor;
  }
  return patientClass;
}

/** The usual stack: a cql-exec-fhir Patient over the bundle (the baseline for tests and the benchmark). */
export function baselinePatientRecord(bundle: Bundle): any {
  return patientOf(baselinePatientSource(), bundle);
}

/** Builds an indexed patient record; `bundle` must hold exactly this patient's data. */
export function indexedPatientRecord(bundle: Bundle): any {
  installResourceKeys();
  const Base = basePatientClass();
  const byType = resourcesByType((bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as Resource] : [])));
  const codeIndexes = new Map<string, CodeIndex>();
  const wrapped = new Map<string, WeakMap<Resource, unknown>>();

  const record = new Base(bundle, modelInfo(), {});
  record.findRecords = function findRecords(profile: string, retrieveDetails?: any): unknown[] {
    const classInfo = modelInfo().findClass(retrieveDetails ? retrieveDetails.datatype : profile);
    if (classInfo == null) return [];
    const type = String(classInfo.name).replace(/^FHIR\./, '');
    let candidates = byType.get(type) ?? [];
    const keys = retrieveDetails?.codeProperty ? filterKeys(retrieveDetails.codes) : undefined;
    if (keys && candidates.length > 0) {
      const indexKey = `${type}.${retrieveDetails.codeProperty}`;
      let index = codeIndexes.get(indexKey);
      if (!index) codeIndexes.set(indexKey, (index = buildCodeIndex(candidates, retrieveDetails.codeProperty)));
      const found = matchingResources(index, keys);
      candidates = candidates.filter((r) => found.has(r)); // keeps bundle order, as cql-exec-fhir does
    }
    let cache = wrapped.get(classInfo.name);
    if (!cache) wrapped.set(classInfo.name, (cache = new WeakMap()));
    return candidates.map((r) => {
      let object = cache!.get(r);
      if (!object) cache!.set(r, (object = wrap(r, classInfo)));
      return object;
    });
  };
  return record;
}

/** cql-exec-fhir's FHIRObject: the Patient's parent class. */
function fhirObjectClass(): any {
  return Object.getPrototypeOf(basePatientClass());
}

const ELEMENTS = Symbol('trialcds.elements');

/**
 * Element access that wraps each nested element once (cql-exec-fhir wraps it again on every access).
 * The data do not change during an evaluation, so the cached wrapper is the same value.
 */
function cachedGet(this: any, field: string): unknown {
  const cache: Map<string, unknown> = this[ELEMENTS];
  if (cache.has(field)) return cache.get(field);
  // An element this type does not have (the translator's Medication join reads `.reference` on a
  // CodeableConcept): null, as cql-exec-fhir answers, without its console.error line per access.
  const value = field.includes('.') ? getPath(this, field.split('.')) : getElement(this, field);
  adopt(value);
  cache.set(field, value);
  return value;
}

function getElement(object: any, field: string): unknown {
  const known = object._json == null || object._typeInfo.findElement(field, true) !== undefined;
  return known ? fhirObjectClass().prototype.get.call(object, field) : undefined;
}

/** A dotted path (`medication.reference`), one cached step at a time; a list mid-path has no value. */
function getPath(object: any, parts: string[]): unknown {
  let value: any = object;
  for (const part of parts) {
    if (value == null || Array.isArray(value) || typeof value.get !== 'function') return undefined;
    value = value.get(part);
  }
  return value;
}

/** Gives a wrapped FHIR value (or a list of them) the cached access and the cheap de-duplication key. */
function adopt(value: unknown): void {
  if (Array.isArray(value)) value.forEach(adopt);
  else if (value instanceof fhirObjectClass() && !(value as any)[ELEMENTS]) {
    Object.defineProperty(value, ELEMENTS, { value: new Map(), enumerable: false });
    Object.defineProperty(value, 'get', { value: cachedGet, enumerable: false });
    Object.defineProperty(value, INDEXED_RESOURCE, { value: true, enumerable: false });
  }
}

function wrap(resource: Resource, classInfo: unknown): unknown {
  const object = new (fhirObjectClass())(resource, classInfo, modelInfo());
  adopt(object);
  return object;
}
