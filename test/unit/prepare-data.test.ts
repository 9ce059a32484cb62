import type { Condition, MedicationStatement, Observation } from 'fhir/r4';
import { preparePatientData } from '../../src/engine/prepare-data.js';
import { safeQuantity } from '../../src/engine/unit-notation.js';
import { dottedIcd10, ICD10CM } from '../../src/engine/icd10-codes.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { bundle, condition, lab, medicationStatement, patient, quantity, RXNORM, SNOMED } from '../builders/fhir.js';

const kept = (b: ReturnType<typeof preparePatientData>) => (b.entry ?? []).map((e) => e.resource!);

describe('preparePatientData', () => {
  test("drops another patient's resources, keeps ours and subject-less ones", () => {
    const ours = condition(SNOMED, '1');
    const theirs = condition(SNOMED, '2', { subject: { reference: 'Patient/other' } });
    const absolute = condition(SNOMED, '3', { subject: { reference: 'https://ehr.example/fhir/Patient/pt-1' } });
    const result = kept(preparePatientData(toPatientData(bundle(patient(), ours, theirs, absolute))));
    expect(result.map((r) => r.id)).toEqual(['pt-1', ours.id, absolute.id]);
  });

  test('resolves urn:uuid subject references through Bundle fullUrls', () => {
    const cond = condition(SNOMED, '1', { subject: { reference: 'urn:uuid:p1' } });
    const input = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:p1', resource: patient() }, { resource: cond }] };
    expect(kept(preparePatientData(toPatientData(input)))).toHaveLength(2);
  });

  test('adds the dotted form of an ICD-10-CM code sent without the dot or in lower case, keeping the original', () => {
    const undotted = condition(ICD10CM, 'M3214');
    const prepared = kept(preparePatientData(toPatientData(bundle(patient(), undotted)))).find((r) => r.id === undotted.id) as Condition;
    expect(prepared.code?.coding?.map((c) => c.code)).toEqual(['M3214', 'M32.14']);
    expect(undotted.code?.coding).toHaveLength(1);
    expect([dottedIcd10('m32.9'), dottedIcd10('M329'), dottedIcd10('M32.9'), dottedIcd10('C73'), dottedIcd10('Z853')]).toEqual(['M32.9', 'M32.9', null, null, 'Z85.3']);
  });

  test('leaves SNOMED codes and already dotted ICD-10-CM codes as they are (same object)', () => {
    const snomed = condition(SNOMED, '55464009');
    const dotted = condition(ICD10CM, 'M32.14');
    const prepared = kept(preparePatientData(toPatientData(bundle(patient(), snomed, dotted))));
    expect(prepared[1]).toBe(snomed);
    expect(prepared[2]).toBe(dotted);
  });

  test('drops entered-in-error resources', () => {
    const wrong = lab('718-7', '2026-10-20', 12, 'g/dL', undefined, { status: 'entered-in-error' });
    expect(kept(preparePatientData(toPatientData(bundle(patient(), wrong))))).toHaveLength(1);
  });

  test('copies a bundled Medication’s codes into medicationCodeableConcept, leaving the input untouched', () => {
    const ms: MedicationStatement = medicationStatement('0', '2026-01-01');
    delete ms.medicationCodeableConcept;
    ms.medicationReference = { reference: 'Medication/m1' };
    const med = { resourceType: 'Medication' as const, id: 'm1', code: { coding: [{ system: RXNORM, code: '200060' }] } };
    const input = bundle(patient(), ms, med);
    const prepared = kept(preparePatientData(toPatientData(input))).find((r) => r.id === ms.id) as MedicationStatement;
    expect(prepared.medicationCodeableConcept?.coding?.[0]?.code).toBe('200060');
    expect(ms.medicationCodeableConcept).toBeUndefined();
  });
});

describe('safeQuantity: units the CQL runtime can parse', () => {
  test.each([
    ['x10^9/L', '10*9/L'],
    ['K/uL', '10*3/uL'],
    ['cells/uL', '{cells}/uL'],
    ['mg/dL', 'mg/dL'],
    ['milligrams per dL', '{milligrams_per_dL}'],
  ])('%s → %s', (given, code) => {
    expect(safeQuantity({ value: 1, unit: given }).code ?? safeQuantity({ value: 1, unit: given }).unit).toBe(code);
  });

  test('a non-UCUM system is left alone (FHIRHelpers then refuses to convert it)', () => {
    const q = quantity(1, 'mg', { system: 'http://example.org/units', code: 'MGS' });
    expect(safeQuantity(q)).toBe(q);
  });

  test('reference ranges are made safe too', () => {
    const o: Observation = lab('1920-8', '2026-10-20', 30, 'IU per litre', 40);
    const prepared = kept(preparePatientData(toPatientData(bundle(patient(), o))))[1] as Observation;
    expect(prepared.referenceRange?.[0]?.high?.code).toBe('{IU_per_litre}');
  });
});
