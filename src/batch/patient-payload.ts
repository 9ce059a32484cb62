import type { Medication, Patient, Resource } from 'fhir/r4';
import type { EligibilityEngine, EvaluateOptions, PatientData } from '../domain/trial.js';
import { UserFacingError } from '../domain/errors.js';
import type { PatientPayload } from './population.js';
import { resourceShapeIssues } from '../fhir/resource-shape.js';
import { deidentifiedPersonOf, personOf } from './person.js';

/** Medications by `Medication/<id>`, shared by every patient of a run (a formulary, not per patient). */
export type SharedResources = ReadonlyMap<string, Resource>;

export function sharedResourcesOf(json: readonly string[]): SharedResources {
  const map = new Map<string, Resource>();
  for (const text of json) {
    const r = JSON.parse(text) as Resource;
    if (r.id) map.set(`${r.resourceType}/${r.id}`, r);
  }
  return map;
}

/** One line of the results NDJSON for a patient that could not be evaluated (contract §4). */
export interface ErrorLine {
  patient: string;
  asOf: string;
  error: { code: string; message: string };
}

/** The patient's data as the engine takes it; throws PayloadError when there is no usable Patient. */
export function patientDataOf(payload: PatientPayload, shared: SharedResources): PatientData {
  let patient: Patient | undefined;
  const resources: Resource[] = [];
  const seen = new Set<string>();
  for (const text of payload.resources) {
    const r = JSON.parse(text) as Resource;
    const issues = resourceShapeIssues(r, r?.resourceType ? `${r.resourceType}${r.id ? `/${r.id}` : ''}` : 'resource');
    if (issues.length > 0) throw new PayloadError(`not valid FHIR R4 JSON: ${issues.slice(0, 3).map((i) => i.text).join('; ')}`, 'structure');
    if (r.resourceType === 'Patient' && r.id === payload.id) {
      if (patient) throw new PayloadError(`Patient/${payload.id} appears twice in the input`);
      patient = r as Patient;
      continue;
    }
    resources.push(r);
    if (r.id) seen.add(`${r.resourceType}/${r.id}`);
  }
  if (!patient) throw new PayloadError('no Patient resource for this id', 'not-found');
  for (const ref of medicationReferences(resources)) {
    const med = shared.get(ref);
    if (med && !seen.has(ref)) {
      resources.push(med as Medication);
      seen.add(ref);
    }
  }
  return { patient, resources };
}

function medicationReferences(resources: readonly Resource[]): Set<string> {
  const refs = new Set<string>();
  for (const r of resources) {
    const ref = (r as { medicationReference?: { reference?: string } }).medicationReference?.reference;
    if (ref?.startsWith('Medication/')) refs.add(ref);
  }
  return refs;
}

export class PayloadError extends Error {
  constructor(
    message: string,
    readonly code = 'invalid',
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

/**
 * Evaluates one patient and returns the results line (no trailing newline): the report, or an
 * error line. Never throws: one patient's failure must not stop the run.
 */
export async function evaluatePayload(
  engine: EligibilityEngine,
  payload: PatientPayload,
  options: EvaluateOptions,
  shared: SharedResources,
  deidentified = false,
): Promise<{ ok: boolean; line: string }> {
  try {
    const data = patientDataOf(payload, shared);
    const report = await engine.evaluate(data, options);
    // Who the line is about, for the people-oriented worklists (an extra field: contract §2 allows it).
    const person = deidentified ? deidentifiedPersonOf(data.patient, options.asOf) : personOf(data.patient);
    return { ok: true, line: JSON.stringify({ ...report, person }) };
  } catch (error) {
    return { ok: false, line: errorLine(payload.id, options.asOf, error) };
  }
}

/** Error text safe for the results file: our own messages, never a stack or a library's message. */
export function errorLine(id: string, asOf: string, error: unknown): string {
  const line: ErrorLine = { patient: `Patient/${id}`, asOf, error: describeError(error) };
  return JSON.stringify(line);
}

function describeError(error: unknown): ErrorLine['error'] {
  if (error instanceof PayloadError) return { code: error.code, message: error.message };
  if (error instanceof UserFacingError) return { code: error.code, message: error.message };
  if (error instanceof SyntaxError) return { code: 'structure', message: 'a resource of this patient is not valid JSON' };
  const named = error as { name?: string; kind?: string; message?: string };
  // FhirClientError messages are written to be safe to log (no ids, query values or tokens).
  if (named?.name === 'FhirClientError') return { code: named.kind ?? 'exception', message: named.message ?? 'FHIR error' };
  return { code: 'exception', message: 'internal error while evaluating this patient' };
}
