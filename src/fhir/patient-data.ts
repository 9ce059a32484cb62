import type { Bundle, Patient, Resource } from 'fhir/r4';
import { BadInputError } from '../domain/errors.js';
import type { PatientData } from '../domain/trial.js';
import { listShapeIssues, resourceShapeIssues } from './resource-shape.js';

function isResource(value: unknown): value is Resource {
  return !!value && typeof value === 'object' && typeof (value as Resource).resourceType === 'string';
}

function resourcesOfBundle(bundle: Bundle, fullUrls: Map<Resource, string>): Resource[] {
  const entries = bundle.entry ?? [];
  if (!Array.isArray(entries)) throw new BadInputError('Bundle.entry is not an array', 'structure');
  return entries.map((entry, i) => {
    if (!isResource(entry?.resource)) {
      throw new BadInputError(`Bundle.entry[${i}] has no resource with a resourceType`, 'structure');
    }
    if (typeof entry.fullUrl === 'string') fullUrls.set(entry.resource, entry.fullUrl);
    return entry.resource;
  });
}

function resourcesOf(json: unknown, fullUrls: Map<Resource, string>): Resource[] {
  if (Array.isArray(json)) {
    json.forEach((r, i) => {
      if (!isResource(r)) throw new BadInputError(`item ${i} of the array is not a FHIR resource`, 'structure');
    });
    return json as Resource[];
  }
  if (!isResource(json)) throw new BadInputError('not a FHIR resource (no resourceType)', 'structure');
  if (json.resourceType === 'Bundle') return resourcesOfBundle(json as Bundle, fullUrls);
  return [json];
}

/**
 * One patient's data from what a user hands us: a Bundle (any type), a lone Patient, or an array
 * of resources. Exactly one Patient must be present; a Patient's `contained` resources join the data.
 */
export function toPatientData(json: unknown): PatientData {
  checkShape(json);
  const fullUrls = new Map<Resource, string>();
  const all = resourcesOf(json, fullUrls);
  const patients = all.filter((r): r is Patient => r.resourceType === 'Patient');
  if (patients.length === 0) throw new BadInputError('no Patient resource in the input', 'required');
  if (patients.length > 1) {
    throw new BadInputError(`${patients.length} Patient resources in the input; give one patient at a time`, 'invalid');
  }
  const patient = patients[0]!;
  const contained = (patient.contained ?? []).filter(isResource);
  return { patient, resources: [...all.filter((r) => r !== patient), ...contained], fullUrls };
}

/** Every resource's JSON types, before anything reads them: the first problems, with their paths. */
function checkShape(json: unknown): void {
  const issues = Array.isArray(json) ? listShapeIssues(json, (i) => `[${i}]`) : resourceShapeIssues(json, '');
  if (issues.length > 0) throw new BadInputError(`not valid FHIR R4 JSON: ${issues.map((i) => i.text).join('; ')}`, 'structure');
}
