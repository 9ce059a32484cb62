// Typed builders for FHIR test data: each case states only what matters to it.
import type {
  Bundle,
  Condition,
  FhirResource,
  Immunization,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Quantity,
} from 'fhir/r4';

export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const UCUM = 'http://unitsofmeasure.org';

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export const PATIENT_ID = 'pt-1';
const subject = (patientId = PATIENT_ID) => ({ reference: `Patient/${patientId}` });

export function patient(over: Partial<Patient> = {}): Patient {
  return { resourceType: 'Patient', id: PATIENT_ID, gender: 'female', birthDate: '2012-06-03', ...over };
}

export function quantity(value: number, unit: string, extra: Partial<Quantity> = {}): Quantity {
  return { value, unit, system: UCUM, code: unit, ...extra };
}

export function condition(system: string, code: string, over: Partial<Condition> & { status?: string } = {}): Condition {
  const { status = 'active', ...rest } = over;
  return {
    resourceType: 'Condition',
    id: nextId('cond'),
    subject: subject(),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    code: { coding: [{ system, code }] },
    onsetDateTime: '2024-09-02',
    ...rest,
  };
}

export function observation(code: string, date: string, value: Partial<Observation>, over: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: nextId('obs'),
    status: 'final',
    subject: subject(),
    code: { coding: [{ system: LOINC, code }] },
    effectiveDateTime: date,
    ...value,
    ...over,
  };
}

export function lab(code: string, date: string, value: number, unit: string, high?: number, over: Partial<Observation> = {}): Observation {
  return observation(
    code,
    date,
    {
      valueQuantity: quantity(value, unit),
      ...(high === undefined ? {} : { referenceRange: [{ high: quantity(high, unit) }] }),
    },
    over,
  );
}

export function medicationStatement(rxnorm: string, start: string, end?: string, over: Partial<MedicationStatement> = {}): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id: nextId('ms'),
    status: end ? 'completed' : 'active',
    subject: subject(),
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxnorm }] },
    effectivePeriod: end ? { start, end } : { start },
    ...over,
  };
}

export function immunization(cvx: string, date: string, over: Partial<Immunization> = {}): Immunization {
  return {
    resourceType: 'Immunization',
    id: nextId('imm'),
    status: 'completed',
    patient: subject(),
    vaccineCode: { coding: [{ system: CVX, code: cvx }] },
    occurrenceDateTime: date,
    ...over,
  };
}

export function procedure(system: string, code: string, date: string, over: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    id: nextId('proc'),
    status: 'completed',
    subject: subject(),
    code: { coding: [{ system, code }] },
    performedDateTime: date,
    ...over,
  };
}

export function bundle(...resources: FhirResource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}
