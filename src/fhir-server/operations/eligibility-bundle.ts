// The eligibility of one patient for one trial as FHIR resources (docs/fhir-operations.md explains
// the choice): one Observation per criterion, a GuidanceResponse for the trial, and a
// ResearchSubject (candidate) when the patient is not ineligible.
import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  DataRequirement,
  FhirResource,
  GuidanceResponse,
  Observation,
  ResearchSubject,
} from 'fhir/r4';
import type { CriterionResult, CriterionStatus, TrialResult } from '../../domain/criterion.js';
import { CANONICAL_BASE } from '../../knowledge/contracts.js';
import { appendAll } from '../../domain/append-all.js';

export const CRITERION_STATUS_SYSTEM = `${CANONICAL_BASE}/CodeSystem/criterion-status`;
export const CRITERION_KIND_SYSTEM = `${CANONICAL_BASE}/CodeSystem/criterion-kind`;
export const TRIAL_STATUS_SYSTEM = `${CANONICAL_BASE}/CodeSystem/trial-eligibility-status`;
export const criteriaSystem = (trialId: string) => `${CANONICAL_BASE}/CodeSystem/${trialId}-criteria`;

const STATUS_DISPLAY: Record<CriterionStatus, string> = {
  pass: 'Does not stand in the way of eligibility',
  fail: 'Makes the patient ineligible',
  unknown: 'Data needed to decide are missing',
  review: 'A person must judge',
};

export interface EligibilityRendering {
  trial: TrialResult;
  /** `Patient/<id>`, as the report names the patient. */
  patient: string;
  asOf: string;
  /** Canonical of the trial's library, for GuidanceResponse.moduleCanonical. */
  libraryCanonical: string;
  /** What the unknown criteria would need (already computed from the ELM; may be empty). */
  dataRequirements: DataRequirement[];
}

interface Entry {
  fullUrl: string;
  resource: FhirResource;
}

function flatten(criteria: CriterionResult[]): CriterionResult[] {
  return criteria.flatMap((c) => [c, ...flatten(c.criteria ?? [])]);
}

/** A criterion's Observation; sub-criteria become its `hasMember`s (the children are rendered first). */
function criterionObservations(c: CriterionResult, r: EligibilityRendering, into: Entry[]): Entry {
  const members = (c.criteria ?? []).map((child) => criterionObservations(child, r, into));
  const observation: Observation = {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: CRITERION_KIND_SYSTEM, code: c.kind }] }],
    code: { coding: [{ system: criteriaSystem(r.trial.id), code: c.id }], text: c.text },
    subject: { reference: r.patient },
    focus: [{ reference: `ResearchStudy/${r.trial.id}` }],
    effectiveDateTime: r.asOf,
    valueCodeableConcept: {
      coding: [{ system: CRITERION_STATUS_SYSTEM, code: c.status, display: STATUS_DISPLAY[c.status] }],
    },
    note: [{ text: c.reason }],
  };
  if (c.evidence.length > 0) observation.derivedFrom = c.evidence.map((reference) => ({ reference }));
  if (members.length > 0) observation.hasMember = members.map((m) => ({ reference: m.fullUrl }));
  const entry = { fullUrl: `urn:uuid:${randomUUID()}`, resource: observation };
  into.push(entry);
  return entry;
}

function researchSubject(r: EligibilityRendering): ResearchSubject {
  return {
    resourceType: 'ResearchSubject',
    status: 'candidate',
    study: { reference: `ResearchStudy/${r.trial.id}` },
    individual: { reference: r.patient },
  };
}

function guidanceResponse(r: EligibilityRendering, observations: Entry[]): GuidanceResponse {
  const unknown = flatten(r.trial.criteria).filter((c) => c.status === 'unknown');
  const response: GuidanceResponse = {
    resourceType: 'GuidanceResponse',
    requestIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
    moduleCanonical: r.libraryCanonical,
    status: unknown.length > 0 ? 'data-required' : 'success',
    subject: { reference: r.patient },
    occurrenceDateTime: r.asOf,
    reasonCode: [
      {
        coding: [{ system: TRIAL_STATUS_SYSTEM, code: r.trial.status }],
        text: `${r.trial.id}: ${r.trial.status}`,
      },
    ],
    reasonReference: observations.map((o) => ({ reference: o.fullUrl })),
  };
  if (unknown.length > 0) {
    response.note = unknown.map((c) => ({ text: `${c.id} unknown: ${c.reason}` }));
    if (r.dataRequirements.length > 0) response.dataRequirement = r.dataRequirements;
  }
  return response;
}

/** A collection Bundle: ResearchSubject (unless ineligible), GuidanceResponse, then the Observations. */
export function eligibilityBundle(r: EligibilityRendering): Bundle {
  const observations: Entry[] = [];
  const topLevel = r.trial.criteria.map((c) => criterionObservations(c, r, observations));
  const entries: BundleEntry[] = [];
  if (r.trial.status !== 'ineligible')
    entries.push({ fullUrl: `urn:uuid:${randomUUID()}`, resource: researchSubject(r) });
  entries.push({ fullUrl: `urn:uuid:${randomUUID()}`, resource: guidanceResponse(r, topLevel) });
  appendAll(entries, observations);
  return { resourceType: 'Bundle', type: 'collection', timestamp: new Date().toISOString(), entry: entries };
}
