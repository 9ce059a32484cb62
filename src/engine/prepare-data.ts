import type {
  Bundle,
  FhirResource,
  CodeableConcept,
  Condition,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Quantity,
  Reference,
  Resource,
} from 'fhir/r4';
import type { PatientData } from '../domain/trial.js';
import { safeQuantity } from './unit-notation.js';
import { conditionWithDottedIcd10 } from './icd10-codes.js';

/** Reference fields that say whose record a resource is. */
const SUBJECT_FIELDS = ['subject', 'patient', 'individual'] as const;

function patientAliases(data: PatientData, fullUrls: ReadonlyMap<Resource, string>): Set<string> {
  const id = data.patient.id;
  const aliases = new Set<string>();
  if (id) aliases.add(`Patient/${id}`);
  const fullUrl = fullUrls.get(data.patient);
  if (fullUrl) aliases.add(fullUrl);
  return aliases;
}

function refersToPatient(reference: string, aliases: Set<string>, patientId: string | undefined): boolean {
  if (aliases.has(reference)) return true;
  // An absolute URL on some server: https://ehr.example/fhir/Patient/123 (optionally /_history/n).
  const match = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(reference);
  return !!match && match[1] === patientId;
}

/** Data rule 1: resources of another patient never count. Resources with no subject stay. */
function belongsToPatient(r: Resource, aliases: Set<string>, patientId: string | undefined): boolean {
  for (const field of SUBJECT_FIELDS) {
    const ref = (r as unknown as Record<string, Reference | undefined>)[field]?.reference;
    if (typeof ref === 'string') return refersToPatient(ref, aliases, patientId);
  }
  return true;
}

function isEnteredInError(r: Resource): boolean {
  const record = r as unknown as { status?: string; verificationStatus?: CodeableConcept };
  return (
    record.status === 'entered-in-error' ||
    !!record.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error')
  );
}

function medicationConcept(med: Medication): CodeableConcept {
  const ingredientCodings = (med.ingredient ?? []).flatMap((i) => i.itemCodeableConcept?.coding ?? []);
  return { coding: [...(med.code?.coding ?? []), ...ingredientCodings], text: med.code?.text };
}

type MedicationUse = MedicationStatement | MedicationRequest;

/**
 * Data rule 7: a medication given by reference (contained or bundled Medication) is matched on the
 * Medication's code and ingredient codes. The CQL reads medicationCodeableConcept only, so the
 * engine's working copy carries the resolved concept; the reference is kept in an extension.
 */
function resolveMedication(use: MedicationUse, medications: Map<string, Medication>): MedicationUse {
  const reference = use.medicationReference?.reference;
  if (!reference || use.medicationCodeableConcept) return use;
  const contained = reference.startsWith('#')
    ? (use.contained ?? []).find((c): c is Medication => c.resourceType === 'Medication' && `#${c.id}` === reference)
    : undefined;
  const med = contained ?? medications.get(reference);
  if (!med) return use;
  const { medicationReference, ...rest } = use;
  return {
    ...rest,
    medicationCodeableConcept: medicationConcept(med),
    extension: [...(use.extension ?? []), { url: 'urn:trialcds:resolved-medication-reference', valueReference: medicationReference }],
  } as MedicationUse;
}

/** The same array when no item changed (most charts need no unit rewrite: no copy then). */
function mapKeepingSame<T>(items: T[] | undefined, map: (item: T) => T): T[] | undefined {
  if (!items) return items;
  let changed: T[] | undefined;
  items.forEach((item, i) => {
    const mapped = map(item);
    if (mapped !== item) (changed ??= items.slice())[i] = mapped;
  });
  return changed ?? items;
}

function safeRange<T extends { low?: Quantity; high?: Quantity }>(r: T): T {
  const low = r.low && safeQuantity(r.low);
  const high = r.high && safeQuantity(r.high);
  return low === r.low && high === r.high ? r : { ...r, low, high };
}

function safeComponent<T extends { valueQuantity?: Quantity }>(c: T): T {
  const valueQuantity = c.valueQuantity && safeQuantity(c.valueQuantity);
  return valueQuantity === c.valueQuantity ? c : { ...c, valueQuantity };
}

/** An Observation whose quantities the CQL runtime can parse (the input itself when it already can). */
function safeObservation(o: Observation): Observation {
  const valueQuantity = o.valueQuantity && safeQuantity(o.valueQuantity);
  const referenceRange = mapKeepingSame(o.referenceRange, safeRange);
  const component = mapKeepingSame(o.component, safeComponent);
  if (valueQuantity === o.valueQuantity && referenceRange === o.referenceRange && component === o.component) return o;
  return { ...o, valueQuantity, referenceRange, component };
}

function medicationIndex(resources: Resource[], fullUrls: ReadonlyMap<Resource, string>): Map<string, Medication> {
  const index = new Map<string, Medication>();
  for (const r of resources) {
    if (r.resourceType !== 'Medication') continue;
    if (r.id) index.set(`Medication/${r.id}`, r as Medication);
    const fullUrl = fullUrls.get(r);
    if (fullUrl) index.set(fullUrl, r as Medication);
  }
  return index;
}

function prepareResource(r: Resource, medications: Map<string, Medication>): Resource {
  if (r.resourceType === 'Observation') return safeObservation(r as Observation);
  if (r.resourceType === 'Condition') return conditionWithDottedIcd10(r as Condition);
  if (r.resourceType === 'MedicationStatement' || r.resourceType === 'MedicationRequest') {
    return resolveMedication(r as MedicationUse, medications);
  }
  return r;
}

/**
 * The engine's working copy of one patient's data (the input is never modified): only this
 * patient's records, nothing entered in error, medications resolved, units safe for the runtime,
 * ICD-10-CM codes also in their dotted form.
 * `fullUrls` (from a Bundle) lets `urn:uuid:` references resolve.
 */
export function preparePatientData(data: PatientData): Bundle {
  const fullUrls = data.fullUrls ?? new Map<Resource, string>();
  const aliases = patientAliases(data, fullUrls);
  const medications = medicationIndex(data.resources, fullUrls);
  const kept = data.resources.filter(
    (r) => r.resourceType !== 'Patient' && belongsToPatient(r, aliases, data.patient.id) && !isEnteredInError(r),
  );
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [data.patient, ...kept.map((r) => prepareResource(r, medications))].map((r) => ({ resource: r as FhirResource })),
  };
}
