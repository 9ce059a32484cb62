import type { Bundle, Immunization, MedicationRequest, Procedure, Resource, ServiceRequest } from 'fhir/r4';
import type { IssueInput } from '../../fhir/operation-outcome.js';

const CVX = 'http://hl7.org/fhir/sid/cvx';
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A draft order, turned into the record it would leave if given today, and what to call it. */
export interface GivenDraft {
  /** The draft as the client sent it (`MedicationRequest/draft-1`), for a delete suggestion. */
  draftRef: string;
  /** The record the engine sees (a completed MedicationRequest, an Immunization, a Procedure). */
  given: Resource;
  givenRef: string;
  name: string;
}

type Concept = { text?: string; coding?: { system?: string; code?: string; display?: string }[] };

const nameOf = (c: Concept | undefined) => c?.text ?? c?.coding?.find((x) => x.display)?.display ?? c?.coding?.[0]?.code ?? 'the order';
const isVaccine = (c: Concept | undefined) => !!c?.coding?.some((x) => x.system === CVX);

/** `context.draftOrders` must be a Bundle of resources (CDS Hooks order-sign / order-select). */
export function draftOrderIssues(draftOrders: unknown): IssueInput[] {
  const b = draftOrders as Bundle | undefined;
  if (!b || typeof b !== 'object' || b.resourceType !== 'Bundle' || (b.entry !== undefined && !Array.isArray(b.entry)))
    return [{ code: 'required', text: 'context.draftOrders: must be a FHIR Bundle of the orders being signed or selected', expression: ['context.draftOrders'] }];
  const bad = (b.entry ?? []).findIndex((e) => !e || typeof e.resource !== 'object' || typeof e.resource?.resourceType !== 'string');
  return bad === -1 ? [] : [{ code: 'structure', text: `context.draftOrders.entry[${bad}].resource: must be a FHIR resource`, expression: [`context.draftOrders.entry[${bad}]`] }];
}

/**
 * The draft orders as if given today (issue 15): a medication as a completed MedicationRequest
 * authored today (a single day unless the order states its period); a vaccine (CVX-coded, as a
 * MedicationRequest or ServiceRequest) as a completed Immunization today; any other ServiceRequest
 * as a completed Procedure today. Orders for another patient, and other resource types, are ignored.
 */
export function draftsAsGiven(draftOrders: Bundle, patientId: string, asOf: string, selections?: readonly string[]): GivenDraft[] {
  const chosen = selections && selections.length > 0 ? new Set(selections) : undefined;
  return (draftOrders.entry ?? []).flatMap((e, i): GivenDraft[] => {
    const r = e.resource as Resource;
    const draftRef = `${r.resourceType}/${r.id ?? ''}`;
    if (chosen && !chosen.has(draftRef)) return [];
    const subject = (r as { subject?: { reference?: string } }).subject?.reference;
    if (subject && subject !== `Patient/${patientId}`) return [];
    const id = r.id && FHIR_ID.test(r.id) ? r.id : `draft-order-${i + 1}`;
    const patient = { reference: `Patient/${patientId}` };
    const given = givenResource(r, id, patient, asOf);
    return given ? [{ draftRef, given: given.resource, givenRef: `${given.resource.resourceType}/${id}`, name: given.name }] : [];
  });
}

function givenResource(r: Resource, id: string, patient: { reference: string }, asOf: string): { resource: Resource; name: string } | undefined {
  if (r.resourceType === 'MedicationRequest') {
    const m = r as MedicationRequest;
    const concept = m.medicationCodeableConcept;
    if (isVaccine(concept)) return { resource: immunization(id, concept!, patient, asOf), name: nameOf(concept) };
    const given: MedicationRequest = { ...m, id, status: 'completed', intent: 'order', subject: patient, authoredOn: asOf };
    return { resource: given, name: concept ? nameOf(concept) : 'the medication order' };
  }
  if (r.resourceType === 'ServiceRequest') {
    const s = r as ServiceRequest;
    if (isVaccine(s.code)) return { resource: immunization(id, s.code!, patient, asOf), name: nameOf(s.code) };
    if (!s.code) return undefined;
    const procedure: Procedure = { resourceType: 'Procedure', id, status: 'completed', code: s.code, subject: patient, performedDateTime: asOf };
    return { resource: procedure, name: nameOf(s.code) };
  }
  if (r.resourceType === 'Immunization') {
    const im = r as Immunization;
    return { resource: immunization(id, im.vaccineCode, patient, asOf), name: nameOf(im.vaccineCode) };
  }
  return undefined;
}

function immunization(id: string, vaccineCode: Immunization['vaccineCode'], patient: { reference: string }, asOf: string): Immunization {
  return { resourceType: 'Immunization', id, status: 'completed', vaccineCode, patient, occurrenceDateTime: asOf };
}
