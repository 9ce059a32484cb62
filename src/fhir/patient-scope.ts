import type { Patient, Reference, Resource } from 'fhir/r4';

/** Elements through which clinical resources point at their patient. */
const PATIENT_LINKS = ['subject', 'patient'] as const;

/**
 * Keeps what belongs to the patient in context: the Patient itself, resources whose subject or
 * patient references it, and resources with no patient link at all (e.g. a Medication).
 * Resources of any other patient are dropped (contract §2 rule 1), as are duplicates that reached
 * us through two prefetch keys.
 */
export function scopeToPatient(
  resources: readonly Resource[],
  patientId: string,
): { patient?: Patient; resources: Resource[]; dropped: number } {
  let patient: Patient | undefined;
  const kept: Resource[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const r of resources) {
    if (r.resourceType === 'Patient') {
      if (r.id === patientId) patient ??= r as Patient;
      else dropped++;
      continue;
    }
    if (!belongsTo(r, patientId)) {
      dropped++;
      continue;
    }
    const key = r.id ? `${r.resourceType}/${r.id}` : undefined;
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    kept.push(r);
  }
  return { ...(patient ? { patient } : {}), resources: kept, dropped };
}

function belongsTo(resource: Resource, patientId: string): boolean {
  const record = resource as unknown as Record<string, unknown>;
  let linked = false;
  for (const element of PATIENT_LINKS) {
    const ref = record[element] as Reference | undefined;
    if (!ref || typeof ref !== 'object' || typeof ref.reference !== 'string') continue;
    linked = true;
    if (referencesPatient(ref.reference, patientId)) return true;
  }
  return !linked;
}

/**
 * `Patient/<id>`, an absolute `…/Patient/<id>`, optionally with `/_history/<v>`, or the
 * `urn:uuid:<id>` form bundles use when the Patient's fullUrl is its id (Synthea and others).
 */
export function referencesPatient(reference: string, patientId: string): boolean {
  if (reference === `urn:uuid:${patientId}`) return true;
  const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m !== null && m[1] === patientId;
}
