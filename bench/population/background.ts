import type { Condition, Encounter, Immunization, MedicationRequest, Observation, Resource } from 'fhir/r4';
import type { Random } from './random.js';

/** Synthea-like background for anyone: encounters with vitals, common conditions, flu shots, meds. */
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

const VITALS: [code: string, display: string, unit: string, mean: number, sd: number][] = [
  ['8480-6', 'Systolic blood pressure', 'mm[Hg]', 118, 12],
  ['8462-4', 'Diastolic blood pressure', 'mm[Hg]', 76, 8],
  ['8867-4', 'Heart rate', '/min', 78, 10],
  ['29463-7', 'Body weight', 'kg', 62, 12],
  ['39156-5', 'Body mass index', 'kg/m2', 23, 4],
  ['59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', '%', 97.5, 1],
];

const CONDITIONS: [code: string, display: string][] = [
  ['444814009', 'Viral sinusitis (disorder)'],
  ['195662009', 'Acute viral pharyngitis (disorder)'],
  ['10509002', 'Acute bronchitis (disorder)'],
  ['38341003', 'Hypertension (disorder)'],
  ['195967001', 'Asthma (disorder)'],
  ['15777000', 'Prediabetes (disorder)'],
  ['40055000', 'Chronic sinusitis (disorder)'],
];

const MEDS: [code: string, display: string][] = [
  ['314076', 'lisinopril 10 MG Oral Tablet'],
  ['313782', 'acetaminophen 325 MG Oral Tablet'],
  ['895994', 'fluticasone propionate 0.044 MG/ACTUAT Inhalation Spray'],
];

export interface Context {
  pid: string;
  asOf: Date;
  rng: Random;
  nextId: () => string;
}

export const day = (asOf: Date, daysBefore: number) => new Date(asOf.getTime() - daysBefore * 86_400_000).toISOString().slice(0, 10);
const subject = (c: Context) => ({ reference: `Patient/${c.pid}` });

export function backgroundResources(c: Context): Resource[] {
  const out: Resource[] = [];
  const encounters = c.rng.int(8, 110);
  for (let i = 0; i < encounters; i++) {
    const date = day(c.asOf, c.rng.int(1, 730));
    const enc: Encounter = {
      resourceType: 'Encounter', id: c.nextId(), status: 'finished', subject: subject(c),
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [{ coding: [{ system: SNOMED, code: '185349003', display: 'Encounter for check up' }] }],
      period: { start: `${date}T09:00:00Z`, end: `${date}T09:30:00Z` },
    };
    out.push(enc);
    for (const [code, display, unit, mean, sd] of VITALS.slice(0, c.rng.int(3, VITALS.length))) {
      out.push(vital(c, enc.id!, date, code, display, unit, Math.round(c.rng.normal(mean, sd) * 10) / 10));
    }
  }
  for (let i = c.rng.int(0, 4); i > 0; i--) {
    const [code, display] = c.rng.pick(CONDITIONS);
    const cond: Condition = {
      resourceType: 'Condition', id: c.nextId(), subject: subject(c), code: { coding: [{ system: SNOMED, code, display }] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: c.rng.chance(0.5) ? 'resolved' : 'active' }] },
      onsetDateTime: day(c.asOf, c.rng.int(30, 3000)),
    };
    out.push(cond);
  }
  for (let y = 0; y < 2; y++) {
    const imm: Immunization = {
      resourceType: 'Immunization', id: c.nextId(), status: 'completed', patient: subject(c),
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140', display: 'Influenza, seasonal, injectable, preservative free' }] },
      occurrenceDateTime: day(c.asOf, 60 + 365 * y + c.rng.int(0, 60)),
    };
    out.push(imm);
  }
  if (c.rng.chance(0.4)) {
    const [code, display] = c.rng.pick(MEDS);
    const med: MedicationRequest = {
      resourceType: 'MedicationRequest', id: c.nextId(), status: 'active', intent: 'order', subject: subject(c),
      medicationCodeableConcept: { coding: [{ system: RXNORM, code, display }] }, authoredOn: day(c.asOf, c.rng.int(10, 700)),
    };
    out.push(med);
  }
  return out;
}

export function vital(c: Context, encounterId: string | undefined, date: string, code: string, display: string, unit: string, value: number): Observation {
  return {
    resourceType: 'Observation', id: c.nextId(), status: 'final', subject: subject(c),
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: encounterId ? 'vital-signs' : 'laboratory' }] }],
    code: { coding: [{ system: LOINC, code, display }] },
    ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
    effectiveDateTime: `${date}T09:10:00Z`,
    valueQuantity: { value, unit, system: UCUM, code: unit },
  };
}
