#!/usr/bin/env python3
"""Generates the author test cases of NCT07233642 (cases/*.json) from the shared ideal example.

Run from the repository root: python3 cql/trials/NCT07233642/tools/generate_cases.py
Each variant "extends" ideal.json and states only what differs.
"""
import json, os, copy

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, '..', 'cases')
SHARED = os.path.join(HERE, '..', '..', '..', '..', '..', 'shared', 'examples', 'example-nct07233642-ideal.json')
TRIAL = 'NCT07233642'
AS_OF = '2026-11-01'
PID = 'p134e9844cb'
SUBJ = {'reference': f'Patient/{PID}'}
SCT, ICD, LNC, RX, CVX, UCUM, CPT = ('http://snomed.info/sct', 'http://hl7.org/fhir/sid/icd-10-cm', 'http://loinc.org',
    'http://www.nlm.nih.gov/research/umls/rxnorm', 'http://hl7.org/fhir/sid/cvx', 'http://unitsofmeasure.org', 'http://www.ama-assn.org/go/cpt')
POS = {'coding': [{'system': SCT, 'code': '10828004', 'display': 'Positive (qualifier value)'}]}
NEG = {'coding': [{'system': SCT, 'code': '260385009', 'display': 'Negative (qualifier value)'}]}
DET = {'coding': [{'system': SCT, 'code': '260373001', 'display': 'Detected (qualifier value)'}]}
NOTDET = {'coding': [{'system': SCT, 'code': '260415000', 'display': 'Not detected (qualifier value)'}]}


def cc(system, code, display):
    return {'coding': [{'system': system, 'code': code, 'display': display}]}


def condition(id, codings, onset, status='active', verification='confirmed', abatement=None, subject=SUBJ):
    r = {'resourceType': 'Condition', 'id': id,
         'clinicalStatus': cc('http://terminology.hl7.org/CodeSystem/condition-clinical', status, status),
         'verificationStatus': cc('http://terminology.hl7.org/CodeSystem/condition-ver-status', verification, verification),
         'code': {'coding': [{'system': s, 'code': c, 'display': d} for s, c, d in codings]},
         'subject': subject}
    if onset:
        r['onsetDateTime'] = onset
    if abatement:
        r['abatementDateTime'] = abatement
    return r


def obs(id, system, code, display, date, value=None, unit=None, concept=None, integer=None, string=None,
        high=None, high_unit=None, comparator=None, category='laboratory', status='final', subject=SUBJ, ucum_code=None):
    r = {'resourceType': 'Observation', 'id': id, 'status': status,
         'category': [cc('http://terminology.hl7.org/CodeSystem/observation-category', category, category)],
         'code': cc(system, code, display), 'subject': subject, 'effectiveDateTime': date}
    if value is not None:
        q = {'value': value, 'unit': unit, 'system': UCUM, 'code': ucum_code or unit}
        if comparator:
            q['comparator'] = comparator
        r['valueQuantity'] = q
    if concept is not None:
        r['valueCodeableConcept'] = concept
    if integer is not None:
        r['valueInteger'] = integer
    if string is not None:
        r['valueString'] = string
    if high is not None:
        hu = high_unit or unit
        r['referenceRange'] = [{'high': {'value': high, 'unit': hu, 'system': UCUM, 'code': hu}}]
    return r


def med_statement(id, system, code, display, start, end=None, status='active', dose=None, freq=1, subject=SUBJ):
    r = {'resourceType': 'MedicationStatement', 'id': id, 'status': status,
         'medicationCodeableConcept': cc(system, code, display), 'subject': subject,
         'effectivePeriod': {'start': start}}
    if end:
        r['effectivePeriod']['end'] = end
    if dose is not None:
        r['dosage'] = [{'timing': {'repeat': {'frequency': freq, 'period': 1, 'periodUnit': 'd'}},
                        'doseAndRate': [{'doseQuantity': {'value': dose, 'unit': 'mg', 'system': UCUM, 'code': 'mg'}}]}]
    return r


def procedure(id, system, code, display, date, status='completed', subject=SUBJ):
    return {'resourceType': 'Procedure', 'id': id, 'status': status, 'code': cc(system, code, display),
            'subject': subject, 'performedDateTime': date}


def immunization(id, code, display, date, status='completed'):
    return {'resourceType': 'Immunization', 'id': id, 'status': status, 'vaccineCode': cc(CVX, code, display),
            'patient': SUBJ, 'occurrenceDateTime': date}


def sledai(id, date, score):
    return obs(id, 'urn:trialcds:concept', 'sledai-2k', 'SLEDAI-2K total score', date, integer=score, category='survey')


def patient(birth='2010-02-17', gender='male'):
    p = {'resourceType': 'Patient', 'id': PID, 'active': True,
         'identifier': [{'system': 'https://example.org/mrn', 'value': 'MRN-134E9844'}],
         'name': [{'use': 'official', 'family': 'Example', 'given': ['Noah']}], 'gender': gender}
    if birth:
        p['birthDate'] = birth
    return p


OTHER = {'reference': 'Patient/someone-else'}
cases = []


def case(name, description, expect, add=(), remove=(), status=None, extends='ideal.json'):
    crit = {k: (v if isinstance(v, str) else {'status': v[0], 'reasonIncludes': v[1]}) for k, v in expect.items()}
    e = {'criteria': crit}
    if status:
        e['status'] = status
    c = {'id': f'{TRIAL}-{name}', 'description': description, 'asOf': AS_OF, 'extends': extends}
    if remove:
        c['remove'] = list(remove)
    if add:
        c['add'] = list(add)
    c['expect'] = {TRIAL: e}
    cases.append((name, c))


# ------------------------------------------------------------------ ideal (the shared example + a SLEDAI-2K score)
ideal = json.load(open(SHARED))
ideal['description'] = ideal['description'] + ' Author case: the shared example plus a SLEDAI-2K total score of 10 (Observation/sledai-1, 2026-10-20), since SLEDAI-2K has no standard code and the example carries none.'
ideal['bundle']['entry'].append({'fullUrl': 'https://example.org/fhir/Observation/sledai-1', 'resource': sledai('sledai-1', '2026-10-20', 10)})
ideal_expect = {
    'status': 'likely-eligible',
    'criteria': {'I1': 'pass', 'I2': 'review', 'I3': 'pass', 'I4': 'review', 'I4.1': 'review', 'I4.2': 'pass', 'I4.3': 'pass',
                 'I4.4': 'review', 'I5': 'review', 'I6': 'review', 'I7': 'review', 'E1': 'pass', 'E2': 'review', 'E3': 'pass',
                 'E4': 'pass', 'E5': 'pass', 'E6': 'pass', 'E7': 'pass', 'E8': 'pass', 'E9': 'pass', 'E10': 'pass', 'E11': 'pass',
                 'E12': 'pass', 'E13': 'review', 'E14': 'review'}}
ideal['expect'] = {TRIAL: ideal_expect}
ideal['rationale'] = {k: v for k, v in ideal['rationale'].items() if k.startswith(TRIAL)}
ideal['rationale'][TRIAL] = 'no criterion fails or is unknown: only pass and review remain (consent, leukapheresis, disease activity despite treatment, ECG, lung lesions, contraception, investigator opinion/judgement)'
ideal['rationale'][TRIAL + '.I3'] = 'SLEDAI-2K 10 on 2026-10-20 (within 90 days) >= 8'

# ------------------------------------------------------------------ I1 age
case('i1-age-4-fail', 'Born 2021-11-02: 4 years old on the as-of date (one day short of 5).', {'I1': 'fail'}, add=[patient('2021-11-02')], status='ineligible')
case('i1-age-5-boundary-pass', 'Born 2021-11-01: exactly 5 on the as-of date.', {'I1': 'pass'}, add=[patient('2021-11-01')])
case('i1-no-birthdate-unknown', 'No birth date recorded.', {'I1': 'unknown'}, add=[patient(None)], status='possibly-eligible')

# ------------------------------------------------------------------ I2 SLE + refractory treatment
case('i2-no-sle-fail', 'No SLE or lupus-nephritis diagnosis on record.', {'I2': ('fail', 'no record of a systemic lupus erythematosus')},
     remove=['Condition/cond-1', 'Condition/cond-2', 'Condition/cond-3'], status='ineligible')
case('i2-sle-refuted-fail', 'The only lupus diagnoses are refuted / entered in error.', {'I2': 'fail'},
     remove=['Condition/cond-2', 'Condition/cond-3'],
     add=[condition('cond-1', [(SCT, '55464009', 'Systemic lupus erythematosus (disorder)')], '2024-09-02', verification='refuted'),
          condition('cond-9', [(ICD, 'M32.14', 'Glomerular disease in systemic lupus erythematosus')], '2026-07-04', verification='entered-in-error')])
case('i2-sle-other-patient-fail', "The SLE diagnosis belongs to another patient in the bundle.", {'I2': 'fail'},
     remove=['Condition/cond-1', 'Condition/cond-2', 'Condition/cond-3'],
     add=[condition('cond-x', [(SCT, '55464009', 'Systemic lupus erythematosus (disorder)')], '2024-09-02', subject=OTHER)])
case('i2-sle-icd-only-review', 'SLE coded with ICD-10-CM M32.9 only; treatment history as in the ideal case.', {'I2': 'review'},
     remove=['Condition/cond-1', 'Condition/cond-2', 'Condition/cond-3'],
     add=[condition('cond-1', [(ICD, 'M32.9', 'Systemic lupus erythematosus, unspecified')], '2024-09-02')])
case('i2-possible-sle-review', 'Only "Lupus erythematosus" (200936003, type not stated) on record.', {'I2': ('review', 'unstated type')},
     remove=['Condition/cond-1', 'Condition/cond-2', 'Condition/cond-3'],
     add=[condition('cond-1', [(SCT, '200936003', 'Lupus erythematosus (disorder)')], '2024-09-02')])
case('i2-no-hydroxychloroquine-fail', 'Never on hydroxychloroquine, no intolerance recorded.', {'I2': ('fail', 'no hydroxychloroquine on record')},
     remove=['MedicationStatement/ms-1'], status='ineligible')
case('i2-hcq-intolerance-review', 'Never on hydroxychloroquine, but an intolerance to it is recorded.', {'I2': ('review', 'intolerance recorded')},
     remove=['MedicationStatement/ms-1'],
     add=[{'resourceType': 'AllergyIntolerance', 'id': 'ai-1', 'type': 'intolerance',
           'clinicalStatus': cc('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active', 'Active'),
           'verificationStatus': cc('http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', 'confirmed', 'Confirmed'),
           'code': cc(RX, '5521', 'hydroxychloroquine'), 'patient': SUBJ, 'recordedDate': '2024-10-01'}])
case('i2-one-dmard-fail', 'Only one listed DMARD (azathioprine) ever; no intolerance recorded.', {'I2': ('fail', 'listed DMARDs on record: 1')},
     remove=['MedicationStatement/ms-6', 'MedicationStatement/ms-7'], status='ineligible')
case('i2-two-dmards-boundary-review', 'Exactly two listed DMARDs (azathioprine, then mycophenolate).', {'I2': ('review', 'listed DMARDs on record: 2')},
     remove=['MedicationStatement/ms-7'])
case('i2-dmard-medication-reference-review', 'Second DMARD as a MedicationRequest referencing a contained Medication with an ingredient code.',
     {'I2': ('review', 'listed DMARDs on record: 2')},
     remove=['MedicationStatement/ms-6', 'MedicationStatement/ms-7'],
     add=[{'resourceType': 'MedicationRequest', 'id': 'mr-1', 'status': 'active', 'intent': 'order',
           'contained': [{'resourceType': 'Medication', 'id': 'med1', 'code': {'text': 'CellCept 500 mg tablet'},
                          'ingredient': [{'itemCodeableConcept': cc(RX, '68149', 'mycophenolate mofetil')}]}],
           'medicationReference': {'reference': '#med1'}, 'subject': SUBJ, 'authoredOn': '2026-07-09',
           'dispenseRequest': {'validityPeriod': {'start': '2026-07-09', 'end': '2027-01-09'}}}])
case('i2-no-glucocorticoid-fail', 'No systemic glucocorticoid ever recorded.', {'I2': ('fail', 'no systemic glucocorticoid on record')},
     remove=['MedicationStatement/ms-2', 'MedicationStatement/ms-3', 'MedicationStatement/ms-4'], status='ineligible')
case('i2-low-dose-steroid-fail', 'Prednisone course 40 mg/day at 61 kg (0.66 mg/kg/day), every glucocorticoid record dosed: the dose never reached 1 mg/kg/day and no intolerance is recorded -> fail (issue #14: treatment-history inclusions are closed-world, contract data rule 5; was review).',
     {'I2': ('fail', 'below 1 mg/kg/day')},
     add=[med_statement('ms-3', RX, '312615', 'prednisone 20 MG Oral Tablet', '2026-06-14', '2026-10-01', 'completed', dose=40)])
case('i2-steroid-exactly-1mgkg-review', 'Methylprednisolone 52 mg/day (= 65 mg prednisone-equivalent) at 65 kg: exactly 1 mg/kg/day for 3.5 months.',
     {'I2': ('review', 'for ≥ 3 months')},
     remove=['Observation/obs-1'],
     add=[obs('obs-1', LNC, '29463-7', 'Body weight', '2026-06-12', 65, 'kg', category='vital-signs'),
          med_statement('ms-3', RX, '6902', 'methylprednisolone', '2026-06-14', '2026-10-01', 'completed', dose=52)])
case('i2-steroid-high-dose-short-fail', 'Prednisone 65 mg/day for only 2 months (2026-08-01 to 2026-10-01), every record dosed and its length stated: the history falls short of 3 months -> fail (issue #14, closed world; was review).',
     {'I2': ('fail', 'not shown for 3 months')},
     add=[med_statement('ms-3', RX, '312615', 'prednisone 20 MG Oral Tablet', '2026-08-01', '2026-10-01', 'completed', dose=65)])

# ------------------------------------------------------------------ I3 SLEDAI-2K
case('i3-sledai-8-boundary-pass', 'SLEDAI-2K exactly 8.', {'I3': 'pass'}, add=[sledai('sledai-1', '2026-10-20', 8)], status='likely-eligible')
case('i3-sledai-7-fail', 'SLEDAI-2K 7.', {'I3': 'fail'}, add=[sledai('sledai-1', '2026-10-20', 7)], status='ineligible')
case('i3-sledai-missing-unknown', 'No SLEDAI-2K score (the shared example as is).', {'I3': 'unknown'}, remove=['Observation/sledai-1'], status='possibly-eligible')
case('i3-sledai-stale-unknown', 'SLEDAI-2K 12 recorded 100 days before the as-of date (outside the 90-day window).', {'I3': 'unknown'},
     add=[sledai('sledai-1', '2026-07-24', 12)])
case('i3-sledai-quantity-pass', 'SLEDAI-2K as valueQuantity 9 {score}.', {'I3': 'pass'},
     add=[obs('sledai-1', 'urn:trialcds:concept', 'sledai-2k', 'SLEDAI-2K total score', '2026-10-20', 9, '{score}', category='survey')])
case('i3-sledai-entered-in-error-unknown', 'The only SLEDAI-2K score (14) is entered in error.', {'I3': 'unknown'},
     add=[dict(sledai('sledai-1', '2026-10-20', 14), status='entered-in-error')])
case('i3-sledai-newest-decides-fail', 'SLEDAI-2K 12 on 2026-09-01, then 6 on 2026-10-25: the most recent decides.', {'I3': 'fail'},
     add=[sledai('sledai-1', '2026-09-01', 12), sledai('sledai-2', '2026-10-25', 6)])

# ------------------------------------------------------------------ I4.1 LVEF
case('i4-1-lvef-54-fail', 'LVEF 54 %.', {'I4.1': 'fail', 'I4': 'fail'},
     add=[obs('obs-20', LNC, '18043-0', 'Left ventricular Ejection fraction by US', '2026-10-12', 54, '%', category='imaging')], status='ineligible')
case('i4-1-lvef-55-boundary-review', 'LVEF exactly 55 % (threshold met; the ECG part still needs review).', {'I4.1': ('review', '55 %')},
     add=[obs('obs-20', LNC, '18043-0', 'Left ventricular Ejection fraction by US', '2026-10-12', 55, '%', category='imaging')])
case('i4-1-lvef-fraction-unit-review', 'LVEF reported as a fraction 0.6 (unit 1) = 60 %.', {'I4.1': 'review'},
     add=[obs('obs-20', LNC, '10230-1', 'Left ventricular Ejection fraction', '2026-10-12', 0.6, '1', category='imaging')])
case('i4-1-lvef-missing-unknown', 'No LVEF on record.', {'I4.1': 'unknown', 'I4': 'unknown'}, remove=['Observation/obs-20'], status='possibly-eligible')
case('i4-1-lvef-stale-unknown', 'LVEF 62 % measured 2026-07-01 (more than 90 days before).', {'I4.1': 'unknown'},
     add=[obs('obs-20', LNC, '18043-0', 'Left ventricular Ejection fraction by US', '2026-07-01', 62, '%', category='imaging')])

# ------------------------------------------------------------------ I4.2 eGFR
case('i4-2-egfr-29-fail', 'eGFR 29.', {'I4.2': 'fail'},
     add=[obs('obs-9', LNC, '98979-8', 'Glomerular filtration rate/1.73 sq M.predicted by CKD-EPI 2021', '2026-10-20', 29, 'mL/min/{1.73_m2}')], status='ineligible')
case('i4-2-egfr-30-boundary-pass', 'eGFR exactly 30.', {'I4.2': 'pass'},
     add=[obs('obs-9', LNC, '98979-8', 'Glomerular filtration rate/1.73 sq M.predicted by CKD-EPI 2021', '2026-10-20', 30, 'mL/min/{1.73_m2}')])
case('i4-2-egfr-notation-pass', 'eGFR 45 with the common non-UCUM notation "mL/min/1.73m2".', {'I4.2': 'pass'},
     add=[obs('obs-9', LNC, '33914-3', 'Estimated Glomerular Filtration Rate', '2026-10-20', 45, 'mL/min/1.73m2')])
case('i4-2-egfr-bad-unit-unknown', 'eGFR 45 in mg/dL (not convertible).', {'I4.2': 'unknown'},
     add=[obs('obs-9', LNC, '33914-3', 'Estimated Glomerular Filtration Rate', '2026-10-20', 45, 'mg/dL')])
case('i4-2-egfr-missing-unknown', 'No eGFR on record.', {'I4.2': 'unknown'}, remove=['Observation/obs-9'])
case('i4-2-egfr-other-patient-unknown', "Only eGFR on record belongs to another patient (the patient's own is removed).", {'I4.2': 'unknown'},
     remove=['Observation/obs-9'],
     add=[obs('obs-x', LNC, '33914-3', 'Estimated Glomerular Filtration Rate', '2026-10-20', 90, 'mL/min/{1.73_m2}', subject=OTHER)])

# ------------------------------------------------------------------ I4.3 liver
case('i4-3-ast-3x-boundary-pass', 'AST exactly 3 x its ULN (120 U/L, ULN 40).', {'I4.3': 'pass'},
     add=[obs('obs-12', LNC, '1920-8', 'Aspartate aminotransferase', '2026-10-20', 120, 'U/L', high=40)])
case('i4-3-ast-above-3x-fail', 'AST 121 U/L, ULN 40 (3.03 x ULN).', {'I4.3': 'fail', 'I4': 'fail'},
     add=[obs('obs-12', LNC, '1920-8', 'Aspartate aminotransferase', '2026-10-20', 121, 'U/L', high=40)], status='ineligible')
case('i4-3-alt-iu-default-uln-pass', 'ALT 100 [IU]/L with no reference range: default ULN 40 -> 2.5 x ULN.', {'I4.3': 'pass'},
     add=[obs('obs-13', LNC, '1742-6', 'Alanine aminotransferase', '2026-10-20', 100, '[IU]/L')])
case('i4-3-alt-default-uln-fail', 'ALT 130 U/L with no reference range: default ULN 40 U/L -> 3.25 x ULN.', {'I4.3': 'fail'},
     add=[obs('obs-13', LNC, '1742-6', 'Alanine aminotransferase', '2026-10-20', 130, 'U/L')])
case('i4-3-bilirubin-2x-boundary-pass', 'Total bilirubin exactly 2 x ULN (41 umol/L, ULN 20.5).', {'I4.3': 'pass'},
     add=[obs('obs-14', LNC, '14631-6', 'Bilirubin.total [Moles/volume]', '2026-10-20', 41, 'umol/L', high=20.5)])
case('i4-3-bilirubin-mgdl-fail', 'Total bilirubin 2.5 mg/dL, reference high 1.2 mg/dL (2.08 x ULN).', {'I4.3': 'fail'},
     add=[obs('obs-14', LNC, '1975-2', 'Bilirubin.total [Mass/volume]', '2026-10-20', 2.5, 'mg/dL', high=1.2)])
case('i4-3-bilirubin-umol-default-uln-fail', 'Total bilirubin 50 umol/L without a reference range, boy of 16: default ULN 1.0 mg/dL under 18 (Eligibility table, issue #14) -> 2.92 x ULN through the molar mass.', {'I4.3': 'fail'},
     add=[obs('obs-14', LNC, '14631-6', 'Bilirubin.total [Moles/volume]', '2026-10-20', 50, 'umol/L')])
case('i4-3-alt-bad-unit-unknown', 'ALT reported in mmol/L (not convertible to U/L).', {'I4.3': 'unknown'},
     add=[obs('obs-13', LNC, '1742-6', 'Alanine aminotransferase', '2026-10-20', 19, 'mmol/L', high=35, high_unit='U/L')])
case('i4-3-ast-missing-unknown', 'No AST on record.', {'I4.3': 'unknown'}, remove=['Observation/obs-12'])
case('i4-3-ast-preliminary-unknown', 'The only AST is a preliminary laboratory result (does not count).', {'I4.3': 'unknown'},
     add=[obs('obs-12', LNC, '1920-8', 'Aspartate aminotransferase', '2026-10-20', 24, 'U/L', high=40, status='preliminary')])

# ------------------------------------------------------------------ I4.4 SpO2
case('i4-4-spo2-91-fail', 'SpO2 91 %.', {'I4.4': 'fail'},
     add=[obs('obs-21', LNC, '59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', '2026-10-20', 91, '%', category='vital-signs')], status='ineligible')
case('i4-4-spo2-92-boundary-review', 'SpO2 exactly 92 % (threshold met; lung lesions need review).', {'I4.4': ('review', '92 %')},
     add=[obs('obs-21', LNC, '59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', '2026-10-20', 92, '%', category='vital-signs')])
case('i4-4-spo2-missing-unknown', 'No SpO2 on record.', {'I4.4': 'unknown'}, remove=['Observation/obs-21'])

# ------------------------------------------------------------------ I6 pregnancy test
case('i6-female-negative-serum-review', '16-year-old girl, serum hCG negative 2026-10-25 (contraception still needs review).', {'I6': ('review', 'negative'), 'E11': 'pass'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma', '2026-10-25', concept=NEG)])
case('i6-female-positive-urine-fail', '16-year-old girl, urine hCG positive: I6 fails; E11 (blood test only) passes.', {'I6': 'fail', 'E11': 'pass'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine', '2026-10-25', concept=POS)], status='ineligible')
case('i6-female-no-test-unknown', '16-year-old girl, no pregnancy test on record.', {'I6': 'unknown'}, add=[patient(gender='female')], status='possibly-eligible')
case('i6-female-stale-test-unknown', '16-year-old girl, last negative pregnancy test 2026-07-01 (outside 90 days).', {'I6': 'unknown'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine', '2026-07-01', concept=NEG)])
case('i6-pregnancy-condition-review', '16-year-old girl with an active pregnancy condition (onset 2 months ago) and no test since.', {'I6': ('review', 'pregnancy recorded as current')},
     add=[patient(gender='female'), condition('cond-preg', [(ICD, 'Z33.1', 'Pregnant state, incidental')], '2026-09-01')])
case('i6-pregnancy-condition-later-negative-review', 'Old pregnancy condition left active, negative serum test after it: test decides (contraception review).', {'I6': ('review', 'negative')},
     add=[patient(gender='female'), condition('cond-preg', [(ICD, 'Z33.1', 'Pregnant state, incidental')], '2026-03-01'),
          obs('hcg-1', LNC, '2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma', '2026-10-25', concept=NEG)])
case('i6-girl-8-no-test-review', '8-year-old girl (below the presumed childbearing age of 9), no test: not required.', {'I6': ('review', 'not required')},
     add=[patient('2018-06-01', 'female')])
case('i6-girl-9-boundary-unknown', 'Girl aged exactly 9: presumed of childbearing age, no test -> unknown.', {'I6': 'unknown'},
     add=[patient('2017-11-01', 'female')])

# ------------------------------------------------------------------ E1 CNS lupus
case('e1-npsle-active-fail', 'Neuropsychiatric SLE diagnosed 30 days ago, active.', {'E1': 'fail'},
     add=[condition('cond-np', [(SCT, '1144942002', 'Neuropsychiatric disorder due to systemic lupus erythematosus (disorder)')], '2026-10-02')], status='ineligible')
case('e1-npsle-resolved-before-window-pass', 'Lupus cerebritis resolved 100 days ago (outside the 60 days).', {'E1': 'pass'},
     add=[condition('cond-np', [(SCT, '95644001', 'Systemic lupus erythematosus encephalitis (disorder)')], '2026-03-01', status='resolved', abatement='2026-07-24')])
case('e1-npsle-refuted-pass', 'Neuropsychiatric SLE recorded but refuted.', {'E1': 'pass'},
     add=[condition('cond-np', [(SCT, '1144942002', 'Neuropsychiatric disorder due to systemic lupus erythematosus (disorder)')], '2026-10-02', verification='refuted')])
case('e1-seizure-review', 'A seizure 20 days ago, no NPSLE code: may be CNS lupus.', {'E1': 'review'},
     add=[condition('cond-sz', [(SCT, '91175000', 'Seizure')], '2026-10-12')])

# ------------------------------------------------------------------ E2 renal replacement
case('e2-dialysis-2-months-fail', 'Hemodialysis 2 months before screening.', {'E2': 'fail'},
     add=[procedure('proc-hd', SCT, '302497006', 'Hemodialysis (procedure)', '2026-09-01')], status='ineligible')
case('e2-dialysis-4-months-review', 'Hemodialysis 4 months before screening (outside 3 months): investigator part still review.', {'E2': 'review'},
     add=[procedure('proc-hd', SCT, '302497006', 'Hemodialysis (procedure)', '2026-07-01')])
case('e2-dialysis-not-done-review', 'Hemodialysis planned but not done.', {'E2': 'review'},
     add=[procedure('proc-hd', SCT, '302497006', 'Hemodialysis (procedure)', '2026-10-01', status='not-done')])

# ------------------------------------------------------------------ E3 cardiac
case('e3-congenital-heart-disease-fail', 'Atrial septal defect (ICD-10-CM Q21.1x family) in history.', {'E3': 'fail'},
     add=[condition('cond-chd', [(SCT, '70142008', 'Atrial septal defect')], '2012-01-01', status='resolved')], status='ineligible')
case('e3-vt-history-fail', 'Ventricular tachycardia in history (resolved).', {'E3': 'fail'},
     add=[condition('cond-vt', [(ICD, 'I47.20', 'Ventricular tachycardia, unspecified')], '2025-01-01', status='resolved')])
case('e3-svt-review', 'Supraventricular tachycardia on record (frequency/multisource unknown).', {'E3': 'review'},
     add=[condition('cond-svt', [(ICD, 'I47.10', 'Supraventricular tachycardia, unspecified')], '2025-01-01')])
case('e3-pericardial-effusion-review', 'Current pericardial effusion (size not coded).', {'E3': 'review'},
     add=[condition('cond-pe', [(SCT, '373945007', 'Pericardial effusion')], '2026-10-01')])
case('e3-pericardial-effusion-resolved-pass', 'Pericardial effusion resolved before screening.', {'E3': 'pass'},
     add=[condition('cond-pe', [(SCT, '373945007', 'Pericardial effusion')], '2026-05-01', status='resolved', abatement='2026-06-01')])
case('e3-norepinephrine-current-fail', 'Current norepinephrine infusion.', {'E3': 'fail'},
     add=[med_statement('ms-ne', RX, '7512', 'norepinephrine', '2026-10-30')])
case('e3-epinephrine-review', 'Current epinephrine (ingredient-level, may be an auto-injector).', {'E3': 'review'},
     add=[med_statement('ms-epi', RX, '3992', 'epinephrine', '2026-06-01')])
case('e3-chd-other-patient-pass', "Congenital heart disease recorded for another patient in the bundle.", {'E3': 'pass'},
     add=[condition('cond-chd', [(SCT, '70142008', 'Atrial septal defect')], '2012-01-01', subject=OTHER)])

case('e3-vasopressor-completed-no-end-pass', 'Dopamine recorded as completed with only a start date in 2024 (not current).', {'E3': 'pass'},
     add=[med_statement('ms-dopa', RX, '3628', 'dopamine', '2024-03-01', status='completed')])
case('e3-vasopressor-request-active-fail', 'Active order for vasopressin (MedicationRequest, no end).', {'E3': 'fail'},
     add=[{'resourceType': 'MedicationRequest', 'id': 'mr-vp', 'status': 'active', 'intent': 'order',
           'medicationCodeableConcept': cc(RX, '11149', 'vasopressin (USP)'), 'subject': SUBJ, 'authoredOn': '2026-10-31'}])
case('i2-steroid-current-1-month-fail', 'High-dose prednisone (65 mg/day) started 1 month ago and still active: not yet 3 months on the as-of date -> fail (issue #14, closed world; was review).',
     {'I2': ('fail', 'not shown for 3 months')},
     remove=['MedicationStatement/ms-3', 'MedicationStatement/ms-4'],
     add=[med_statement('ms-3', RX, '312615', 'prednisone 20 MG Oral Tablet', '2026-10-01', status='active', dose=65)])
case('i2-weight-in-pounds-review', 'Body weight reported in pounds ([lb_av]): 134.5 lb = 61 kg, prednisone 65 mg/day -> high dose shown.',
     {'I2': ('review', 'for ≥ 3 months')},
     remove=['Observation/obs-2'],
     add=[obs('obs-1', LNC, '29463-7', 'Body weight', '2026-06-12', 134.5, '[lb_av]', category='vital-signs')])

# ------------------------------------------------------------------ E4 infection
case('e4-antibiotic-review', 'Amoxicillin course 1 month before screening.', {'E4': ('review', 'Amoxicillin')},
     add=[med_statement('ms-amx', RX, '308182', 'Amoxicillin 250 MG Oral Capsule', '2026-10-01', '2026-10-08', 'completed')])

# ------------------------------------------------------------------ E5 transplant / GVHD
case('e5-hsct-2-months-fail', 'Hematopoietic stem cell transplant 2 months before screening.', {'E5': 'fail'},
     add=[procedure('proc-hsct', SCT, '234336002', 'Hemopoietic stem cell transplant (procedure)', '2026-09-01')], status='ineligible')
case('e5-kidney-transplant-4-months-pass', 'Kidney transplant 4 months before screening (outside 3 months).', {'E5': 'pass'},
     add=[procedure('proc-ktx', SCT, '70536003', 'Transplant of kidney (procedure)', '2026-07-01')])
case('e5-transplant-3-months-boundary-fail', 'Kidney transplant exactly 3 months before screening (2026-08-01).', {'E5': 'fail'},
     add=[procedure('proc-ktx', SCT, '70536003', 'Transplant of kidney (procedure)', '2026-08-01')])
case('e5-gvhd-review', 'Active acute GVHD (grade not coded).', {'E5': ('review', 'grade')},
     add=[condition('cond-gvhd', [(ICD, 'D89.810', 'Acute graft-versus-host disease')], '2026-10-20')])
case('e5-transplant-status-undated-review', 'Kidney transplant status (Z94.0) without any date.', {'E5': 'review'},
     add=[condition('cond-tx', [(ICD, 'Z94.0', 'Kidney transplant status')], None)])

# ------------------------------------------------------------------ E6 infections
HBS = (LNC, '5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay')
case('e6-hbsag-pos-dna-high-fail', 'HBsAg positive and HBV DNA 5000 IU/mL (reference high 20).', {'E6': 'fail'},
     add=[obs('obs-22', *HBS, '2026-09-22', concept=POS),
          obs('hbv-dna', LNC, '42595-9', 'Hepatitis B virus DNA [Units/volume] (viral load)', '2026-10-20', 5000, '[IU]/mL', high=20)], status='ineligible')
case('e6-hbsag-pos-dna-undetectable-pass', 'HBsAg positive, HBV DNA below 20 IU/mL (reported "<20").', {'E6': 'pass'},
     add=[obs('obs-22', *HBS, '2026-09-22', concept=POS),
          obs('hbv-dna', LNC, '42595-9', 'Hepatitis B virus DNA [Units/volume] (viral load)', '2026-10-20', 20, '[IU]/mL', comparator='<', high=20)])
case('e6-hbsag-pos-no-dna-unknown', 'HBsAg positive, no HBV DNA result.', {'E6': 'unknown'},
     add=[obs('obs-22', *HBS, '2026-09-22', concept=POS)], status='possibly-eligible')
case('e6-hbcab-pos-dna-not-detected-pass', 'Anti-HBc positive (interpretation POS), HBV DNA not detected.', {'E6': 'pass'},
     add=[dict(obs('obs-23', LNC, '16933-4', 'Hepatitis B virus core Ab [Presence] in Serum', '2026-09-22', concept=POS)),
          obs('hbv-dna', LNC, '29615-2', 'Hepatitis B virus DNA [#/volume] (viral load)', '2026-10-20', concept=NOTDET)])
case('e6-hcv-ab-pos-rna-detected-fail', 'Anti-HCV positive and HCV RNA detected.', {'E6': 'fail'},
     add=[obs('obs-24', LNC, '13955-0', 'Hepatitis C virus Ab [Presence] in Serum or Plasma by Immunoassay', '2026-09-22', concept=POS),
          obs('hcv-rna', LNC, '11011-4', 'Hepatitis C virus RNA [Units/volume] (viral load)', '2026-10-20', concept=DET)])
case('e6-hcv-ab-pos-no-rna-unknown', 'Anti-HCV positive, no HCV RNA.', {'E6': 'unknown'},
     add=[obs('obs-24', LNC, '13955-0', 'Hepatitis C virus Ab [Presence] in Serum or Plasma by Immunoassay', '2026-09-22', concept=POS)])
case('e6-hiv-positive-fail', 'HIV-1/2 Ag/Ab positive.', {'E6': 'fail'},
     add=[obs('obs-25', LNC, '56888-1', 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay', '2026-09-22', concept=POS)])
case('e6-hiv-positive-entered-in-error-pass', 'A positive HIV test entered in error (the negative one stands).', {'E6': 'pass'},
     add=[obs('obs-25x', LNC, '56888-1', 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay', '2026-10-25', concept=POS, status='entered-in-error')])
case('e6-hiv-other-patient-pass', 'A positive HIV test of another patient in the bundle.', {'E6': 'pass'},
     add=[obs('obs-25x', LNC, '56888-1', 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay', '2026-10-25', concept=POS, subject=OTHER)])
case('e6-hiv-rna-only-review', 'HIV-1 RNA 12000 copies/mL (reference high 20), antibody test negative.', {'E6': 'review'},
     add=[obs('hiv-rna', LNC, '20447-9', 'HIV 1 RNA [#/volume] (viral load) in Serum or Plasma', '2026-10-20', 12000, '{copies}/mL', high=20)])
case('e6-syphilis-treponemal-positive-fail', 'Treponemal antibody positive.', {'E6': 'fail'},
     add=[obs('obs-26', LNC, '24110-9', 'Treponema pallidum Ab [Presence] in Serum by Immunoassay', '2026-09-22', concept=POS)])
case('e6-hepatitis-b-dx-no-dna-unknown', 'Chronic hepatitis B on the problem list, no viral load.', {'E6': 'unknown'},
     add=[condition('cond-hbv', [(ICD, 'B18.1', 'Chronic viral hepatitis B without delta-agent')], '2020-01-01')])

# ------------------------------------------------------------------ E7 MAS (waivable)
case('e7-mas-2-weeks-review', 'Macrophage activation syndrome 2 weeks ago: waiver -> review.', {'E7': ('review', 'waiver')},
     add=[condition('cond-mas', [(SCT, '430478003', 'Macrophage activation syndrome')], '2026-10-18')])
case('e7-mas-resolved-3-months-pass', 'MAS resolved 3 months ago (outside 1 month).', {'E7': 'pass'},
     add=[condition('cond-mas', [(SCT, '430478003', 'Macrophage activation syndrome')], '2026-06-01', status='resolved', abatement='2026-08-01')])

# ------------------------------------------------------------------ E8 CAR-T (waivable)
case('e8-car-t-procedure-review', 'CAR-T cell administration (CPT 38228) in 2025: waiver -> review.', {'E8': ('review', 'waiver')},
     add=[procedure('proc-cart', CPT, '38228', 'CAR-T cell administration, autologous', '2025-05-01')])
case('e8-car-t-history-z-code-review', 'Personal history of CAR-T therapy (Z92.850).', {'E8': 'review'},
     add=[condition('cond-cart', [(ICD, 'Z92.850', 'Personal history of Chimeric Antigen Receptor T-cell therapy')], '2025-05-01', status='inactive')])

# ------------------------------------------------------------------ E9 TB
case('e9-pulmonary-tb-active-fail', 'Active pulmonary tuberculosis.', {'E9': 'fail'},
     add=[condition('cond-tb', [(ICD, 'A15.0', 'Tuberculosis of lung')], '2026-10-01')], status='ineligible')
case('e9-pulmonary-tb-resolved-pass', 'Pulmonary tuberculosis treated and resolved in 2022.', {'E9': 'pass'},
     add=[condition('cond-tb', [(ICD, 'A15.0', 'Tuberculosis of lung')], '2021-10-01', status='resolved', abatement='2022-04-01')])
case('e9-igra-positive-review', 'Positive IGRA, no TB diagnosis.', {'E9': 'review'},
     add=[obs('igra-1', LNC, '71773-6', 'Mycobacterium tuberculosis stimulated gamma interferon [Presence] in Blood', '2026-10-01', concept=POS)])

# ------------------------------------------------------------------ E10 live vaccine
case('e10-mmr-10-days-fail', 'MMR 10 days before screening.', {'E10': 'fail'},
     add=[immunization('imm-mmr', '03', 'measles, mumps and rubella virus vaccine', '2026-10-22')], status='ineligible')
case('e10-mmr-28-days-boundary-fail', 'MMR exactly 28 days (4 weeks) before screening.', {'E10': 'fail'},
     add=[immunization('imm-mmr', '03', 'measles, mumps and rubella virus vaccine', '2026-10-04')])
case('e10-mmr-29-days-pass', 'MMR 29 days before screening.', {'E10': 'pass'},
     add=[immunization('imm-mmr', '03', 'measles, mumps and rubella virus vaccine', '2026-10-03')])
case('e10-mmr-not-done-pass', 'MMR recorded as not done.', {'E10': 'pass'},
     add=[immunization('imm-mmr', '03', 'measles, mumps and rubella virus vaccine', '2026-10-22', status='not-done')])
case('e10-zoster-unspecified-review', 'Zoster vaccine of unspecified formulation 5 days ago.', {'E10': 'review'},
     add=[immunization('imm-zos', '188', 'zoster vaccine, unspecified formulation', '2026-10-27')])

# ------------------------------------------------------------------ E11 blood pregnancy test
case('e11-serum-hcg-positive-fail', 'Serum hCG positive (girl, 16).', {'E11': 'fail', 'I6': 'fail'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma', '2026-10-25', concept=POS)], status='ineligible')
case('e11-serum-hcg-quantitative-above-fail', 'Quantitative serum hCG 500 m[IU]/mL, reference high 5.', {'E11': 'fail'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '21198-7', 'Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma', '2026-10-25', 500, 'm[IU]/mL', high=5)])
case('e11-serum-hcg-quantitative-below-pass', 'Quantitative serum hCG 2 m[IU]/mL, reference high 5.', {'E11': 'pass', 'I6': 'review'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '21198-7', 'Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma', '2026-10-25', 2, 'm[IU]/mL', high=5)])
case('e11-serum-hcg-positive-old-pass', 'Positive serum hCG 2 years ago, nothing since (outside the 90-day window).', {'E11': 'pass'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma', '2024-10-25', concept=POS)])

case('e11-serum-hcg-unreadable-unknown', 'Quantitative serum hCG 3 m[IU]/mL with no reference range or interpretation: cannot tell.', {'E11': 'unknown', 'I6': 'unknown'},
     add=[patient(gender='female'), obs('hcg-1', LNC, '19080-1', 'Choriogonadotropin [Units/volume] in Serum or Plasma', '2026-10-25', 3, 'm[IU]/mL')])

# ------------------------------------------------------------------ E12 malignancy
case('e12-malignancy-fail', 'Previous malignancy (SNOMED 363346000), resolved.', {'E12': 'fail'},
     add=[condition('cond-ca', [(SCT, '363346000', 'Malignant neoplastic disease (disorder)')], '2019-01-01', status='resolved')], status='ineligible')

case('e12-malignancy-icd-fail', 'Acute lymphoblastic leukemia in remission, ICD-10-CM C91.01 only.', {'E12': 'fail'},
     add=[condition('cond-all', [(ICD, 'C91.01', 'Acute lymphoblastic leukemia, in remission')], '2018-01-01', status='remission')])
case('e12-malignancy-refuted-pass', 'Malignancy recorded but refuted.', {'E12': 'pass'},
     add=[condition('cond-ca', [(ICD, 'C50.911', 'Malignant neoplasm of unspecified site of right female breast')], '2019-01-01', verification='refuted')])


# ------------------------------------------------------------------ issue #14: closed-world treatment history
case('i2-steroid-high-dose-one-day-record-review', 'High-dose prednisone (65 mg/day) recorded as completed with a start and no end (one day on record): its length is not stated, so a person must judge -> review, never fail.',
     {'I2': ('review', 'not shown for 3 months')},
     remove=['MedicationStatement/ms-3', 'MedicationStatement/ms-4'],
     add=[med_statement('ms-3', RX, '312615', 'prednisone 20 MG Oral Tablet', '2026-05-01', status='completed', dose=65)])
case('i2-steroid-undosed-review', 'Prednisone course without dose (no doseAndRate): mg/kg/day not computable -> review (closed world only when every course is dosed).',
     {'I2': ('review', 'not computable')},
     remove=['MedicationStatement/ms-3', 'MedicationStatement/ms-4'],
     add=[med_statement('ms-3', RX, '312615', 'prednisone 20 MG Oral Tablet', '2026-05-01', '2026-09-01', 'completed')])
case('i2-low-dose-steroid-intolerance-review', 'Low-dose prednisone only (0.66 mg/kg/day) but glucocorticoid intolerance recorded: the text lets intolerance stand in -> review.',
     {'I2': ('review', 'intolerance recorded')},
     add=[med_statement('ms-3', RX, '312615', 'prednisone 20 MG Oral Tablet', '2026-06-14', '2026-10-01', 'completed', dose=40),
          {'resourceType': 'AllergyIntolerance', 'id': 'ai-gc', 'type': 'intolerance', 'patient': SUBJ,
           'clinicalStatus': cc('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active', 'Active'),
           'code': cc(RX, '8640', 'prednisone')}])

# ------------------------------------------------------------------ issue #14: E4 treated infection (one rule with NCT06789107 E6)
IV = cc(SCT, '47625008', 'Intravenous route (qualifier value)')
ORAL = cc(SCT, '26643006', 'Oral route (qualifier value)')


def med_request(id, concept, start, end, status='completed', route=None):
    r = {'resourceType': 'MedicationRequest', 'id': id, 'status': status, 'intent': 'order',
         'medicationCodeableConcept': concept, 'subject': SUBJ, 'authoredOn': start,
         'dosageInstruction': [{'timing': {'repeat': {'boundsPeriod': {'start': start, 'end': end}, 'frequency': 1, 'period': 1, 'periodUnit': 'd'}}}]}
    if route:
        r['dosageInstruction'][0]['route'] = route
    return r


case('e4-pneumonia-iv-ceftriaxone-fail', 'Pneumonia (SNOMED 233604007, resolved) treated with IV ceftriaxone (RxNorm ingredient coded only by name: not a verified code) inside the 3 months: an active infection that required systemic treatment -> fail.',
     {'E4': ('fail', 'ceftriaxone')},
     add=[condition('cond-pna', [(SCT, '233604007', 'Pneumonia (disorder)')], '2026-09-10', status='resolved', abatement='2026-09-24'),
          med_request('mr-cro', cc(RX, '2193', 'ceftriaxone'), '2026-09-10', '2026-09-17', route=IV)], status='ineligible')
case('e4-uti-icd-oral-cephalexin-fail', 'Urinary tract infection coded only in ICD-10-CM (N39.0) with an oral cephalexin course recorded as text only (no coding): fail.',
     {'E4': ('fail', 'Cephalexin')},
     add=[condition('cond-uti', [(ICD, 'N39.0', 'Urinary tract infection, site not specified')], '2026-10-15'),
          {'resourceType': 'MedicationStatement', 'id': 'ms-lex', 'status': 'completed', 'subject': SUBJ,
           'medicationCodeableConcept': {'text': 'Cephalexin 500 MG Oral Capsule'},
           'effectivePeriod': {'start': '2026-10-15', 'end': '2026-10-22'}}], status='ineligible')
case('e4-untreated-sinusitis-review', 'Viral sinusitis in the 3 months, no anti-infective: whether it needed systemic treatment is for a person -> review.',
     {'E4': ('review', 'Viral sinusitis')},
     add=[condition('cond-sin', [(SCT, '444814009', 'Viral sinusitis (disorder)')], '2026-10-05', status='resolved', abatement='2026-10-15')])
case('e4-prophylaxis-started-before-infection-review', 'Trimethoprim-sulfamethoxazole (CPIC RxNorm 10831) since 2025 and a pneumonia in October 2026: the drug began long before the infection (prophylaxis?), so no link -> review.',
     {'E4': ('review', 'sulfamethoxazole')},
     add=[condition('cond-pna', [(SCT, '233604007', 'Pneumonia (disorder)')], '2026-10-01'),
          med_statement('ms-smx', RX, '10831', 'sulfamethoxazole / trimethoprim', '2025-01-01', status='active')])
case('e4-treated-infection-4-months-ago-pass', 'Pneumonia treated with amoxicillin in June 2026, resolved 2026-07-01: outside the 3 months -> pass.',
     {'E4': 'pass'},
     add=[condition('cond-pna', [(SCT, '233604007', 'Pneumonia (disorder)')], '2026-06-20', status='resolved', abatement='2026-07-01'),
          med_statement('ms-amx', RX, '308182', 'Amoxicillin 250 MG Oral Capsule', '2026-06-20', '2026-06-30', 'completed')])
case('e4-topical-antibiotic-only-pass', 'Only a topical clindamycin gel in the 3 months: not systemic -> pass.',
     {'E4': 'pass'},
     add=[{'resourceType': 'MedicationStatement', 'id': 'ms-clin', 'status': 'active', 'subject': SUBJ,
           'medicationCodeableConcept': {'text': 'clindamycin 10 MG/ML Topical Gel'}, 'effectivePeriod': {'start': '2026-10-01'}}])
case('e4-refuted-infection-with-antibiotic-review', 'Pneumonia refuted; amoxicillin course in the window: the diagnosis does not count, the drug alone gives review.',
     {'E4': ('review', 'Amoxicillin')},
     add=[condition('cond-pna', [(SCT, '233604007', 'Pneumonia (disorder)')], '2026-10-01', verification='refuted'),
          med_statement('ms-amx', RX, '308182', 'Amoxicillin 250 MG Oral Capsule', '2026-10-01', '2026-10-08', 'completed')])

# ------------------------------------------------------------------ issue #14: E12 malignancy coded as EHRs code it
case('e12-lymphoma-icd-no-dot-active-fail', 'Active diffuse large B-cell lymphoma, ICD-10-CM sent without the dot (C8330).',
     {'E12': 'fail'},
     add=[condition('cond-dlbcl', [(ICD, 'C8330', 'Diffuse large B-cell lymphoma, unspecified site')], '2026-09-01')], status='ineligible')
case('e12-thyroid-cancer-remission-fail', 'Thyroid cancer (ICD-10-CM C73) in remission for years: "previous" counts remission.',
     {'E12': 'fail'},
     add=[condition('cond-thy', [(ICD, 'C73', 'Malignant neoplasm of thyroid gland')], '2018-03-01', status='remission')], status='ineligible')
case('e12-personal-history-z85-fail', 'Only a personal-history code (ICD-10-CM Z85.3): a previous malignancy.',
     {'E12': ('fail', 'Personal history')},
     add=[condition('cond-hx', [(ICD, 'Z85.3', 'Personal history of malignant neoplasm of breast')], '2020-01-01')], status='ineligible')
case('e12-local-code-named-lymphoma-review', 'A local code whose display names a lymphoma (no SNOMED/ICD-10-CM coding): review, never a silent pass.',
     {'E12': ('review', 'Hodgkin lymphoma')},
     add=[condition('cond-hl', [('urn:oid:1.2.3.4.5.local-dx', 'HL-NS', 'Hodgkin lymphoma, nodular sclerosis')], '2021-01-01', status='resolved')])
case('e12-family-history-and-refuted-pass', 'Family history of cancer (local code) and a refuted C73: neither is the patient\'s malignancy -> pass.',
     {'E12': 'pass'},
     add=[condition('cond-fh', [('urn:oid:1.2.3.4.5.local-dx', 'FH-CA', 'Family history of cancer')], '2021-01-01'),
          condition('cond-thy', [(ICD, 'C73', 'Malignant neoplasm of thyroid gland')], '2018-03-01', verification='refuted')])

# ------------------------------------------------------------------ issue #14: one default ULN table (age-banded bilirubin)
case('i4-3-bilirubin-child-default-uln-fail', 'Total bilirubin 2.2 mg/dL without a reference range, boy of 16: default ULN 1.0 mg/dL under 18 -> 2.2 x ULN (the former flat 1.2 mg/dL gave 1.83 and a pass).', {'I4.3': ('fail', '1 mg/dL (default upper limit)')},
     add=[obs('obs-14', LNC, '1975-2', 'Bilirubin.total [Mass/volume]', '2026-10-20', 2.2, 'mg/dL')])
case('i4-3-bilirubin-adult-default-uln-pass', 'Total bilirubin 2.2 mg/dL without a reference range, aged 20: default ULN 1.2 mg/dL from 18 -> 1.83 x ULN.', {'I4.3': ('pass', '1.2 mg/dL (default upper limit)')},
     add=[patient(birth='2006-02-17'), obs('obs-14', LNC, '1975-2', 'Bilirubin.total [Mass/volume]', '2026-10-20', 2.2, 'mg/dL')])

# ------------------------------------------------------------------ issue #14: TB coded only in ICD-10-CM (block A15-A19)
case('e9-active-tb-icd10-other-site-review', 'Active tuberculosis of the spine coded only in ICD-10-CM (A18.01): active TB of a site other than the lung -> review (not necessarily pulmonary), never a silent pass.',
     {'E9': ('review', 'Tuberculosis of spine')},
     add=[condition('cond-tb', [(ICD, 'A18.01', 'Tuberculosis of spine')], '2026-10-01')])

os.makedirs(CASES, exist_ok=True)
json.dump(ideal, open(os.path.join(CASES, 'ideal.json'), 'w'), indent=2, ensure_ascii=False)
for name, c in cases:
    with open(os.path.join(CASES, name + '.json'), 'w') as fh:
        json.dump(c, fh, indent=2, ensure_ascii=False)
        fh.write('\n')
print(len(cases) + 1, 'cases written')
