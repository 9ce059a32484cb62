// The FHIR R4 model as the compiler needs it: which elements a type has, their types, choices and
// primitives — read from the same model info cql-exec-fhir uses (so names and choice order agree).
import { createRequire } from 'node:module';
import { FHIR_NS, SYSTEM_NS } from './types.js';

const require = createRequire(import.meta.url);
const cqlfhir = require('cql-exec-fhir') as any;

let modelInfo: any;
/** The FHIR 4.0.1 model info, parsed once per process (~200 ms). */
export function fhirModel(): any {
  modelInfo ??= cqlfhir.PatientSource.FHIRv401()._modelInfo;
  return modelInfo;
}

const classes = new Map<string, any>();
/** A FHIR class by ELM name ('{http://hl7.org/fhir}Observation'), model name ('FHIR.Observation') or bare name. */
export function fhirClass(name: string): any | undefined {
  if (!classes.has(name)) {
    const bare = name.startsWith(FHIR_NS) ? name.slice(FHIR_NS.length) : name.replace(/^FHIR\./, '');
    classes.set(name, name.startsWith(SYSTEM_NS) ? undefined : (fhirModel().findClass(`FHIR.${bare}`) ?? undefined));
  }
  return classes.get(name);
}

export function isFhirTypeName(name: string): boolean {
  return name.startsWith(FHIR_NS);
}

/**
 * cql-exec-fhir's rule for FHIR primitives: a lower-case FHIR type (string, dateTime, …), or a code
 * class (ObservationStatus, …): an Element with a single String `value`.
 */
export function isPrimitiveClass(ci: any): boolean {
  if (!ci) return false;
  if (ci.namespace === 'FHIR' && ci.name[0] === ci.name[0].toLowerCase()) return true;
  if (ci.baseTypeSpecifier?.fqn === 'FHIR.Element' && ci.elements.length === 1) {
    return ci.findElement('value')?.typeSpecifier?.fqn === 'System.String';
  }
  return false;
}

/** The System type name ('DateTime', 'Date', 'String', …) of a primitive class's `value`. */
export function primitiveValueType(ci: any): string | undefined {
  let current = ci;
  while (current) {
    const element = current._elementsByName?.get('value');
    if (element) return element.typeSpecifier.namespace === 'System' ? element.typeSpecifier.name : undefined;
    current = current.baseTypeSpecifier && current.baseTypeSpecifier.namespace !== 'System' ? fhirModel().findClass(current.baseTypeSpecifier.fqn) : undefined;
  }
  return undefined;
}

/** The element `name` of a class (explicit choice names such as `medicationCodeableConcept` allowed). */
export function fhirElement(ci: any, name: string): any | undefined {
  return ci?.findElement(name, true) ?? undefined;
}

/** JSON property of one choice of a choice element (cql-exec-fhir's choicePropertyName). */
export function choiceProperty(elementName: string, choiceName: string): string {
  const name = choiceName === 'SimpleQuantity' ? 'Quantity' : choiceName;
  return `${elementName}${name[0]!.toUpperCase()}${name.slice(1)}`;
}

const hierarchies = new Map<string, Set<string>>();
/**
 * The ELM type names a value of FHIR class `name` is an instance of (itself, its parents, System.Any):
 * what cql-exec-fhir's `_is` compares a type specifier against.
 */
export function typeHierarchy(name: string): Set<string> {
  let found = hierarchies.get(name);
  if (!found) {
    const ci = fhirClass(name);
    found = new Set<string>([`${SYSTEM_NS}Any`]);
    if (ci) for (const c of [ci, ...ci.parentClasses()]) found.add(`${FHIR_NS}${String(c.name).replace(/^FHIR\./, '')}`);
    hierarchies.set(name, found);
  }
  return found;
}

/** The ELM name of a model type specifier ('FHIR.Quantity' → '{http://hl7.org/fhir}Quantity'). */
export function elmName(spec: any): string {
  return spec.namespace === 'System' ? `${SYSTEM_NS}${spec.name}` : `${FHIR_NS}${spec.name}`;
}
