"""Writes the authored cases that check the dates of issue 15 (changesOn, eligibleFrom, reassessBy),
with the day-before / day-of boundaries: python3 scripts/cases/date-cases.py (from the repo root).
Each case extends the trial's ideal.json and states only the record that makes the date."""
import copy, json, os

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'cql', 'trials')
AS_OF = '2026-11-01'


def ideal(trial):
    with open(os.path.join(ROOT, trial, 'cases', 'ideal.json')) as f:
        return json.load(f)


def patient(trial):
    return next(e['resource'] for e in ideal(trial)['bundle']['entry'] if e['resource']['resourceType'] == 'Patient')


def ref(trial):
    return {'reference': 'Patient/' + patient(trial)['id']}


def med_statement(trial, id, code, display, status, **dates):
    return {'resourceType': 'MedicationStatement', 'id': id, 'status': status,
            'medicationCodeableConcept': {'coding': [{'system': 'http://www.nlm.nih.gov/research/umls/rxnorm', 'code': code, 'display': display}]},
            'subject': ref(trial), **dates}


def rituximab(trial, status='completed', **dates):
    return med_statement(trial, 'ms-rtx', '121191', 'rituximab', status, **dates)


def belimumab(trial, end):
    # Replaces the ideal chart's belimumab (ms-7): its last dose moves to `end`.
    return med_statement(trial, 'ms-7', '1092437', 'belimumab', 'stopped', effectivePeriod={'start': '2025-09-27', 'end': end})


def mmr(trial, day, id='imm-mmr'):
    return {'resourceType': 'Immunization', 'id': id, 'status': 'completed',
            'vaccineCode': {'coding': [{'system': 'http://hl7.org/fhir/sid/cvx', 'code': '03', 'display': 'measles, mumps and rubella virus vaccine'}]},
            'patient': ref(trial), 'occurrenceDateTime': day}


def born(trial, day):
    p = copy.deepcopy(patient(trial))
    p['birthDate'] = day
    return p


def hemoglobin(trial, id, day):
    return {'resourceType': 'Observation', 'id': id, 'status': 'final',
            'category': [{'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/observation-category', 'code': 'laboratory'}]}],
            'code': {'coding': [{'system': 'http://loinc.org', 'code': '718-7', 'display': 'Hemoglobin [Mass/volume] in Blood'}]},
            'subject': ref(trial), 'effectiveDateTime': day,
            'valueQuantity': {'value': 12.1, 'unit': 'g/dL', 'system': 'http://unitsofmeasure.org', 'code': 'g/dL'}}


def condition(trial, id, code, display, onset, abatement=None, status='resolved'):
    c = {'resourceType': 'Condition', 'id': id,
         'clinicalStatus': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/condition-clinical', 'code': status}]},
         'verificationStatus': {'coding': [{'system': 'http://terminology.hl7.org/CodeSystem/condition-ver-status', 'code': 'confirmed'}]},
         'code': {'coding': [{'system': 'http://snomed.info/sct', 'code': code, 'display': display}]},
         'subject': ref(trial), 'onsetDateTime': onset}
    if abatement:
        c['abatementDateTime'] = abatement
    return c


def mas(trial, onset, abatement=None, status='resolved'):
    return condition(trial, 'cond-mas', '430478003', 'Macrophage activation syndrome (disorder)', onset, abatement, status)


def seizure(trial, onset, abatement):
    return condition(trial, 'cond-sz', '84757009', 'Epilepsy (disorder)', onset, abatement)


def kidney_transplant(trial, day):
    return {'resourceType': 'Procedure', 'id': 'proc-tx', 'status': 'completed',
            'code': {'coding': [{'system': 'http://snomed.info/sct', 'code': '70536003', 'display': 'Transplant of kidney (procedure)'}]},
            'subject': ref(trial), 'performedDateTime': day}


def transplant_cases(trial, criterion):
    case(trial, f'{criterion.lower()}-transplant-lapse', f'Kidney transplant 2026-10-01: {criterion} (within 3 months) lapses on 2027-01-02.',
         [kidney_transplant(trial, '2026-10-01')],
         {'eligibleFrom': '2027-01-02', 'criteria': {criterion: crit('fail', '2027-01-02', 'eligible on this criterion from 2027-01-02')}})
    case(trial, f'{criterion.lower()}-transplant-last-excluded-day', f'Kidney transplant 2026-08-01, exactly 3 months before: {criterion} lapses the next day.',
         [kidney_transplant(trial, '2026-08-01')],
         {'criteria': {criterion: crit('fail', '2026-11-02')}})
    case(trial, f'{criterion.lower()}-transplant-lapse-day', f'Kidney transplant 2026-07-31: its lapse day is the as-of date: {criterion} passes.',
         [kidney_transplant(trial, '2026-07-31')],
         {'criteria': {criterion: crit('pass', None)}})


def case(trial, id, description, add, expect, remove=None, as_of=AS_OF):
    body = {'id': f'dates-{id}', 'description': description, 'asOf': as_of, 'extends': 'ideal.json'}
    if remove:
        body['remove'] = remove
    body['add'] = add
    body['expect'] = {trial: expect}
    with open(os.path.join(ROOT, trial, 'cases', f'dates-{id}.json'), 'w') as f:
        json.dump(body, f, indent=1, ensure_ascii=False)
        f.write('\n')


def crit(status, changes_on, reason=None):
    c = {'status': status, 'changesOn': changes_on}
    if reason:
        c['reasonIncludes'] = reason
    return c


T = 'NCT06789107'
case(T, 'e13-rituximab-lapse', 'Rituximab 2026-10-15: E13 excludes until the 3-month window lapses, 2027-01-16 (2026-10-15 + 3 months is the last day inside it); nothing else fails, so the trial is eligible from then.',
     [rituximab(T, effectiveDateTime='2026-10-15')],
     {'status': 'ineligible', 'eligibleFrom': '2027-01-16', 'criteria': {'E13': crit('fail', '2027-01-16', 'eligible on this criterion from 2027-01-16: anti-CD19 or anti-CD20 therapy')}})
case(T, 'e13-rituximab-last-excluded-day', 'Rituximab 2026-08-01, exactly 3 months before: the as-of date is the last excluded day; E13 lapses the next day.',
     [rituximab(T, effectivePeriod={'start': '2026-08-01', 'end': '2026-08-01'})],
     {'eligibleFrom': '2026-11-02', 'criteria': {'E13': crit('fail', '2026-11-02')}})
case(T, 'e13-rituximab-lapse-day', 'Rituximab 2026-07-31: its lapse day (2026-11-01) is the as-of date, so E13 passes, with no date.',
     [rituximab(T, effectiveDateTime='2026-07-31')],
     {'status': 'likely-eligible', 'eligibleFrom': None, 'criteria': {'E13': crit('pass', None)}})
case(T, 'e13-rituximab-course-end', 'A rituximab course 2026-09-01 to 2026-10-20: the window lapses from the end of the course, 2027-01-21.',
     [rituximab(T, effectivePeriod={'start': '2026-09-01', 'end': '2026-10-20'})],
     {'eligibleFrom': '2027-01-21', 'criteria': {'E13': crit('fail', '2027-01-21')}})
case(T, 'e13-rituximab-current-no-date', 'Rituximab active since 2026-10-01 with no end: current, so it never lapses without new data: no date.',
     [rituximab(T, status='active', effectivePeriod={'start': '2026-10-01'})],
     {'status': 'ineligible', 'eligibleFrom': None, 'criteria': {'E13': crit('fail', None)}})
case(T, 'e15-belimumab-lapse', 'Belimumab last given 2026-10-20: E15 (28 days) lapses on 2026-11-18.',
     [belimumab(T, '2026-10-20')],
     {'eligibleFrom': '2026-11-18', 'criteria': {'E15': crit('fail', '2026-11-18', 'eligible on this criterion from 2026-11-18')}})
case(T, 'e15-belimumab-last-excluded-day', 'Belimumab last given 2026-10-04, exactly 28 days before: E15 lapses the next day.',
     [belimumab(T, '2026-10-04')],
     {'criteria': {'E15': crit('fail', '2026-11-02')}})
case(T, 'e15-belimumab-lapse-day', 'Belimumab last given 2026-10-03: its lapse day is the as-of date: E15 passes.',
     [belimumab(T, '2026-10-03')],
     {'criteria': {'E15': crit('pass', None)}})
case(T, 'e17-mmr-lapse', 'MMR 2026-10-20: E17 (4 weeks = 28 days) lapses on 2026-11-18.',
     [mmr(T, '2026-10-20')],
     {'eligibleFrom': '2026-11-18', 'criteria': {'E17': crit('fail', '2026-11-18')}})
case(T, 'e17-mmr-last-excluded-day', 'MMR 2026-10-04, exactly 28 days before: E17 lapses the next day.',
     [mmr(T, '2026-10-04')],
     {'criteria': {'E17': crit('fail', '2026-11-02')}})
case(T, 'e17-mmr-lapse-day', 'MMR 2026-10-03: its lapse day is the as-of date: E17 passes.',
     [mmr(T, '2026-10-03')],
     {'criteria': {'E17': crit('pass', None)}})
case(T, 'two-washouts-latest-wins', 'Rituximab 2026-10-15 (E13 lapses 2027-01-16) and MMR 2026-10-20 (E17 lapses 2026-11-18): eligible from the later date.',
     [rituximab(T, effectiveDateTime='2026-10-15'), mmr(T, '2026-10-20')],
     {'status': 'ineligible', 'eligibleFrom': '2027-01-16', 'criteria': {'E13': crit('fail', '2027-01-16'), 'E17': crit('fail', '2026-11-18')}})
case(T, 'i1-age-4-fifth-birthday', 'Born 2022-03-10, 4 years old: I1 (age ≥ 5) is met from the 5th birthday, 2027-03-10.',
     [born(T, '2022-03-10')],
     {'criteria': {'I1': crit('fail', '2027-03-10', 'eligible on this criterion from 2027-03-10')}})
case(T, 'i1-age-5-tomorrow', 'Born 2021-11-02: 4 years old on the as-of date, 5 the next day.',
     [born(T, '2021-11-02')],
     {'criteria': {'I1': crit('fail', '2026-11-02')}})
case(T, 'i1-age-5-today', 'Born 2021-11-01: 5 on the as-of date; no upper limit, so no date.',
     [born(T, '2021-11-01')],
     {'criteria': {'I1': crit('pass', None)}})
case(T, 'labs-reassess-by', 'The ideal chart: its labs of 2026-10-20 leave the 90-day window on 2027-01-19 (2026-10-20 + 90 days is the last day inside it): reassess by then.',
     [],
     {'status': 'likely-eligible', 'eligibleFrom': None, 'reassessBy': '2027-01-19', 'criteria': {'I7.4': crit('pass', '2027-01-19', 'no longer holds from 2027-01-19'), 'I7.7': crit('pass', '2027-01-19')}})
case(T, 'i7-4-hemoglobin-last-day-in-window', 'Hemoglobin on 2026-08-03, 90 days before: the as-of date is its last day in the window; I7.4 stops passing the next day.',
     [hemoglobin(T, 'obs-4', '2026-08-03')],
     {'reassessBy': '2026-11-02', 'criteria': {'I7.4': crit('pass', '2026-11-02')}})
case(T, 'i7-4-hemoglobin-out-of-window', 'Hemoglobin on 2026-08-02, 91 days before: out of the window, unknown, no date (a new result is needed).',
     [hemoglobin(T, 'obs-4', '2026-08-02')],
     {'criteria': {'I7.4': crit('unknown', None)}})
case(T, 'e12-mas-lapse', 'MAS resolved 2026-10-20: E12 (within 1 month) lapses on 2026-11-21.',
     [mas(T, '2026-10-10', '2026-10-20')],
     {'eligibleFrom': '2026-11-21', 'criteria': {'E12': crit('fail', '2026-11-21', 'eligible on this criterion from 2026-11-21')}})
case(T, 'e12-mas-month-end-last-excluded-day', 'MAS resolved 2026-09-30, as of 2026-10-31: 2026-10-31 − 1 month is 2026-09-30 (clamped), so the as-of date is still its last excluded day; E12 lapses on 2026-11-01, not 2026-10-31 (2026-09-30 + 1 month + 1 day).',
     [mas(T, '2026-09-20', '2026-09-30')],
     {'criteria': {'E12': crit('fail', '2026-11-01')}}, as_of='2026-10-31')
case(T, 'e12-mas-month-end-lapse-day', 'MAS resolved 2026-09-30, as of 2026-11-01: the lapse day itself: E12 passes.',
     [mas(T, '2026-09-20', '2026-09-30')],
     {'criteria': {'E12': crit('pass', None)}})
case(T, 'e12-mas-active-no-date', 'MAS active since 2026-10-20 (no abatement): it never lapses without new data: no date.',
     [mas(T, '2026-10-20', status='active')],
     {'eligibleFrom': None, 'criteria': {'E12': crit('fail', None)}})
case(T, 'e1-seizure-lapse', 'A seizure on 2026-10-01 (resolved the same day): E1 (60 days) lapses on 2026-12-01.',
     [seizure(T, '2026-10-01', '2026-10-01')],
     {'eligibleFrom': '2026-12-01', 'criteria': {'E1': crit('fail', '2026-12-01')}})
case(T, 'e1-seizure-last-excluded-day', 'A seizure on 2026-09-02, exactly 60 days before: E1 lapses the next day.',
     [seizure(T, '2026-09-02', '2026-09-02')],
     {'criteria': {'E1': crit('fail', '2026-11-02')}})
case(T, 'e1-seizure-lapse-day', 'A seizure on 2026-09-01: its lapse day is the as-of date: E1 passes.',
     [seizure(T, '2026-09-01', '2026-09-01')],
     {'criteria': {'E1': crit('pass', None)}})
transplant_cases(T, 'E7')

T = 'NCT07233642'
case(T, 'e10-mmr-lapse', 'MMR 2026-10-20: E10 (4 weeks = 28 days) lapses on 2026-11-18; nothing else fails.',
     [mmr(T, '2026-10-20')],
     {'status': 'ineligible', 'eligibleFrom': '2026-11-18', 'criteria': {'E10': crit('fail', '2026-11-18', 'eligible on this criterion from 2026-11-18')}})
case(T, 'e10-mmr-last-excluded-day', 'MMR 2026-10-04, exactly 28 days before: E10 lapses the next day.',
     [mmr(T, '2026-10-04')],
     {'criteria': {'E10': crit('fail', '2026-11-02')}})
case(T, 'e10-mmr-lapse-day', 'MMR 2026-10-03: its lapse day is the as-of date: E10 passes.',
     [mmr(T, '2026-10-03')],
     {'criteria': {'E10': crit('pass', None)}})
case(T, 'e7-mas-review-lapse', 'MAS resolved 2026-10-20: E7 is a waivable exclusion (review); it no longer applies from 2026-11-21.',
     [mas(T, '2026-10-10', '2026-10-20')],
     {'criteria': {'E7': crit('review', '2026-11-21', 'changes on 2026-11-21')}})
case(T, 'i1-age-5-tomorrow', 'Born 2021-11-02: 4 years old on the as-of date; I1 is met from the next day.',
     [born(T, '2021-11-02')],
     {'criteria': {'I1': crit('fail', '2026-11-02')}})
case(T, 'i4-2-egfr-reassess-by', 'The ideal chart: eGFR of 2026-10-20 leaves the 90-day window on 2027-01-19.',
     [],
     {'reassessBy': '2027-01-19', 'criteria': {'I4.2': crit('pass', '2027-01-19')}})
transplant_cases(T, 'E5')

T = 'ln-cart-5-35'
case(T, 'i1-age-35-last-day', 'Born 1990-11-02: 35 on the as-of date (the trial takes 5 to 35), 36 the next day: I1 stops passing then.',
     [born(T, '1990-11-02')],
     {'reassessBy': '2026-11-02', 'criteria': {'I1': crit('pass', '2026-11-02', 'no longer holds from 2026-11-02')}})
case(T, 'i1-age-36-today', 'Born 1990-11-01: 36 on the as-of date: I1 fails for good (no date).',
     [born(T, '1990-11-01')],
     {'eligibleFrom': None, 'criteria': {'I1': crit('fail', None)}})
case(T, 'i1-age-4-fifth-birthday', 'Born 2022-03-10: 4 years old; I1 is met from the 5th birthday, 2027-03-10.',
     [born(T, '2022-03-10')],
     {'criteria': {'I1': crit('fail', '2027-03-10')}})
case(T, 'e11-mmr-last-excluded-day', 'MMR 2026-10-25, exactly 7 days before: E11 ("within the week") lapses the next day; nothing else fails.',
     [mmr(T, '2026-10-25', 'imm-e11')],
     {'status': 'ineligible', 'eligibleFrom': '2026-11-02', 'criteria': {'E11': crit('fail', '2026-11-02', 'eligible on this criterion from 2026-11-02')}})
case(T, 'e11-mmr-lapse-day', 'MMR 2026-10-24: its lapse day is the as-of date: E11 passes.',
     [mmr(T, '2026-10-24', 'imm-e11')],
     {'criteria': {'E11': crit('pass', None)}})
case(T, 'e13-9-hemoglobin-reassess-by', 'The ideal chart: hemoglobin of 2026-10-20 leaves the 90-day window on 2027-01-19; E13.9 (and E13) stop passing then.',
     [],
     {'reassessBy': '2027-01-19', 'criteria': {'E13.9': crit('pass', '2027-01-19'), 'E12': crit('pass', '2027-01-19')}})
