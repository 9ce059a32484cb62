import type { FhirResource } from 'fhir/r4';
import type { CriterionResult, TrialResult } from '../../src/domain/criterion.js';
import { walkCriteria } from '../../src/domain/rollup.js';
import type { LoadedEngine } from '../../src/engine/load-engine.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { loadDemoEngine } from '../support/demo-engine.js';
import {
  ICD10CM, RXNORM, SNOMED, bundle, condition, immunization, lab, medicationStatement, observation, patient, procedure, quantity,
} from '../builders/fhir.js';

const AS_OF = '2026-11-01';
let engine: LoadedEngine;

beforeAll(async () => {
  engine = await loadDemoEngine();
});

async function evaluate(...resources: FhirResource[]): Promise<TrialResult> {
  const hasPatient = resources.some((r) => r.resourceType === 'Patient');
  const data = toPatientData(bundle(...(hasPatient ? resources : [patient(), ...resources])));
  const report = await engine.evaluate(data, { asOf: AS_OF });
  return report.trials[0]!;
}

function criterion(trial: TrialResult, id: string): CriterionResult {
  const found = [...walkCriteria(trial.criteria)].find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found;
}

const sle = () => condition(SNOMED, '55464009');
const ana = (value: Partial<Parameters<typeof observation>[2]>, date = '2026-10-07') => observation('5048-4', date, value);

describe('age at the as-of date (I1: 5 to 35)', () => {
  test.each([
    ['2021-11-01', 'pass', '5 years old'], // 5th birthday on the as-of date
    ['2021-11-02', 'fail', '4 years old'], // one day short of 5
    ['1990-11-02', 'pass', '35 years old'], // 35 until the day before the 36th birthday
    ['1990-11-01', 'fail', '36 years old'],
  ])('born %s → %s', async (birthDate, status, text) => {
    const c = criterion(await evaluate(patient({ birthDate })), 'I1');
    expect(c.status).toBe(status);
    expect(c.reason).toContain(text);
  });

  test('no birth date → unknown', async () => {
    expect(criterion(await evaluate(patient({ birthDate: undefined })), 'I1').status).toBe('unknown');
  });
});

describe('SLE diagnosis (I2, closed world for a required diagnosis)', () => {
  test('SNOMED-coded SLE passes, with the condition as evidence', async () => {
    const cond = sle();
    const c = criterion(await evaluate(cond), 'I2');
    expect(c).toMatchObject({ status: 'pass', evidence: [`Condition/${cond.id}`] });
  });

  test('ICD-10-CM-coded SLE passes', async () => {
    expect(criterion(await evaluate(condition(ICD10CM, 'M32.14')), 'I2').status).toBe('pass');
  });

  test('the SNOMED code under another code system does not match', async () => {
    expect(criterion(await evaluate(condition(ICD10CM, '55464009')), 'I2').status).toBe('fail');
  });

  test('no diagnosis → fail with "no record of"', async () => {
    const c = criterion(await evaluate(), 'I2');
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/no record of an SLE diagnosis/);
  });

  test('a refuted diagnosis does not count', async () => {
    const refuted = sle();
    refuted.verificationStatus = { coding: [{ code: 'refuted' }] };
    expect(criterion(await evaluate(refuted), 'I2').status).toBe('fail');
  });

  test('an entered-in-error diagnosis does not count', async () => {
    const wrong = sle();
    wrong.verificationStatus = { coding: [{ code: 'entered-in-error' }] };
    expect(criterion(await evaluate(wrong), 'I2').status).toBe('fail');
  });

  test("another patient's diagnosis does not count", async () => {
    expect(criterion(await evaluate(sle(), ), 'I2').status).toBe('pass');
    const theirs = condition(SNOMED, '55464009', { subject: { reference: 'Patient/someone-else' } });
    expect(criterion(await evaluate(theirs), 'I2').status).toBe('fail');
  });

  test('a resolved diagnosis still counts as a recorded diagnosis', async () => {
    expect(criterion(await evaluate(condition(SNOMED, '55464009', { status: 'resolved' })), 'I2').status).toBe('pass');
  });
});

describe('antibody positivity (I3: ANA ≥ 1:80 within 12 months)', () => {
  test.each([
    ['titre 1:80 as {titer} quantity (boundary)', { valueQuantity: quantity(80, '{titer}') }, 'pass'],
    ['titre 1:40', { valueQuantity: quantity(40, '{titer}') }, 'fail'],
    ['"1:320" as a string', { valueString: '1:320' }, 'pass'],
    ['1:160 as a Ratio', { valueRatio: { numerator: { value: 1 }, denominator: { value: 160 } } }, 'pass'],
    ['"< 1:40" bound', { valueQuantity: quantity(40, '{titer}', { comparator: '<' }) }, 'fail'],
    ['coded "Negative"', { valueCodeableConcept: { coding: [{ system: SNOMED, code: '260385009' }] } }, 'fail'],
    ['interpretation POS only', { interpretation: [{ coding: [{ code: 'POS' }] }] }, 'pass'],
  ])('%s → %s', async (_label, value, status) => {
    expect(criterion(await evaluate(ana(value)), 'I3').status).toBe(status);
  });

  test('no result → unknown', async () => {
    expect(criterion(await evaluate(), 'I3').status).toBe('unknown');
  });

  test('a positive older than 12 months counts as no result → unknown', async () => {
    expect(criterion(await evaluate(ana({ valueQuantity: quantity(320, '{titer}') }, '2025-10-01')), 'I3').status).toBe('unknown');
  });

  test('any positive in the window passes even if a later one is negative', async () => {
    const trial = await evaluate(
      ana({ valueQuantity: quantity(320, '{titer}') }, '2026-03-01'),
      ana({ valueQuantity: quantity(40, '{titer}') }, '2026-10-01'),
    );
    expect(criterion(trial, 'I3').status).toBe('pass');
  });
});

describe('records with an invalid date or number (issue #21: unknown, never a guess)', () => {
  test('an ANA result dated 2026-13-45 makes I3 unknown, naming the record and the element, not the value', async () => {
    const bad = ana({ valueQuantity: quantity(320, '{titer}') }, '2026-13-45');
    const c = criterion(await evaluate(bad), 'I3');
    expect(c.status).toBe('unknown');
    expect(c.reason).toContain(`Observation/${bad.id}`);
    expect(c.reason).toMatch(/effectiveDateTime/);
    expect(c.evidence).toEqual([`Observation/${bad.id}`]);
  });

  test('a criterion that does not read the invalid record is decided as usual', async () => {
    const trial = await evaluate(sle(), ana({ valueQuantity: quantity(320, '{titer}') }, '2026-13-45'));
    expect(criterion(trial, 'I2').status).toBe('pass');
  });

  test('a titre that is not a JSON number makes the request invalid, not the criterion', async () => {
    const bad = ana({ valueQuantity: { value: '320' as unknown as number, unit: '{titer}' } });
    await expect(evaluate(bad)).rejects.toThrow(/valueQuantity\.value: must be a JSON number/);
  });
});

describe('lab threshold with UCUM conversion (I4.1: creatinine ≤ 220 µmol/L)', () => {
  test.each([
    [0.67, 'mg/dL', 'pass', '59.23 umol/L'],
    [2.49, 'mg/dL', 'fail', '220.12 umol/L'],
    [220, 'umol/L', 'pass', '220 umol/L'], // boundary: at the limit is allowed
    [221, 'umol/L', 'fail', '221 umol/L'],
    [0.22, 'mmol/L', 'pass', '220 umol/L'],
  ])('%s %s → %s', async (value, unit, status, text) => {
    const c = criterion(await evaluate(lab('2160-0', '2026-10-20', value, unit)), 'I4.1');
    expect(c.status).toBe(status);
    expect(c.reason).toContain(text);
  });

  test('a unit that cannot be converted → unknown, never guessed', async () => {
    const c = criterion(await evaluate(lab('2160-0', '2026-10-20', 0.7, 'U/L')), 'I4.1');
    expect(c.status).toBe('unknown');
    expect(c.reason).toMatch(/cannot be converted/);
  });

  test('a non-UCUM unit string → unknown (and no crash)', async () => {
    const c = criterion(await evaluate(lab('2160-0', '2026-10-20', 0.7, 'milligrams per decilitre')), 'I4.1');
    expect(c.status).toBe('unknown');
  });

  test('a result older than 90 days → unknown', async () => {
    expect(criterion(await evaluate(lab('2160-0', '2026-07-01', 0.7, 'mg/dL')), 'I4.1').status).toBe('unknown');
  });

  test('the most recent result in the window decides', async () => {
    const trial = await evaluate(lab('2160-0', '2026-09-01', 3.5, 'mg/dL'), lab('2160-0', '2026-10-20', 0.7, 'mg/dL'));
    expect(criterion(trial, 'I4.1').status).toBe('pass');
  });

  test('a preliminary laboratory result does not count', async () => {
    const prelim = lab('2160-0', '2026-10-20', 0.7, 'mg/dL', undefined, {
      status: 'preliminary',
      category: [{ coding: [{ code: 'laboratory' }] }],
    });
    expect(criterion(await evaluate(prelim), 'I4.1').status).toBe('unknown');
  });
});

describe('× ULN (I4.2: AST ≤ 3 × ULN)', () => {
  test("uses the result's own reference range", async () => {
    const c = criterion(await evaluate(lab('1920-8', '2026-10-20', 100, 'U/L', 30)), 'I4.2');
    expect(c.status).toBe('fail');
    expect(c.reason).toContain('3.33 × ULN');
    expect(c.reason).toContain('its own reference range');
  });

  test('exactly 3 × ULN is allowed (boundary)', async () => {
    expect(criterion(await evaluate(lab('1920-8', '2026-10-20', 90, 'U/L', 30)), 'I4.2').status).toBe('pass');
  });

  test('falls back to the documented default when there is no range', async () => {
    const c = criterion(await evaluate(lab('1920-8', '2026-10-20', 100, 'U/L')), 'I4.2');
    expect(c.status).toBe('pass');
    expect(c.reason).toContain('default upper limit');
  });

  test('the parent I4 rolls up its children ("all")', async () => {
    const trial = await evaluate(lab('1920-8', '2026-10-20', 100, 'U/L', 30), lab('2160-0', '2026-10-20', 0.7, 'mg/dL'));
    expect(criterion(trial, 'I4')).toMatchObject({ status: 'fail', reason: 'I4.2 fails' });
  });
});

describe('medication window (E2: cyclophosphamide within 28 days)', () => {
  test('a course that ended 28 days before the as-of date still overlaps → fail', async () => {
    expect(criterion(await evaluate(medicationStatement('1734917', '2026-09-01', '2026-10-04')), 'E2').status).toBe('fail');
  });

  test('a course that ended 29 days before → pass', async () => {
    expect(criterion(await evaluate(medicationStatement('1734917', '2026-09-01', '2026-10-03')), 'E2').status).toBe('pass');
  });

  test('an active statement without an end counts as current', async () => {
    expect(criterion(await evaluate(medicationStatement('3002', '2025-01-01')), 'E2').status).toBe('fail');
  });

  test('a Medication referenced by the statement is matched through its ingredient', async () => {
    const ms = medicationStatement('0', '2026-10-20');
    delete ms.medicationCodeableConcept;
    ms.medicationReference = { reference: '#med' };
    ms.contained = [
      {
        resourceType: 'Medication',
        id: 'med',
        code: { text: 'Endoxan' },
        ingredient: [{ itemCodeableConcept: { coding: [{ system: RXNORM, code: '3002' }] } }],
      },
    ];
    expect(criterion(await evaluate(ms), 'E2').status).toBe('fail');
  });

  test('a completed statement with a start and no end counts on its start day only (not as current)', async () => {
    const completed = medicationStatement('3002', '2025-01-01', undefined, { status: 'completed' });
    const c = criterion(await evaluate(completed), 'E2');
    expect(c.status).toBe('pass');
  });

  test('an active request whose period has no end runs to the as-of date', async () => {
    const active = medicationStatement('3002', '2026-01-01', undefined, { status: 'active' });
    expect(criterion(await evaluate(active), 'E2').reason).toContain('2026-01-01 to now');
  });

  test('not-taken statements do not count', async () => {
    expect(criterion(await evaluate(medicationStatement('3002', '2026-10-20', undefined, { status: 'not-taken' })), 'E2').status).toBe('pass');
  });
});

describe('closed-world history (E1 transplant, E3 live vaccine)', () => {
  test('a transplant procedure on record → fail, with evidence', async () => {
    const proc = procedure(SNOMED, '70536003', '2015-05-05');
    expect(criterion(await evaluate(proc), 'E1')).toMatchObject({ status: 'fail', evidence: [`Procedure/${proc.id}`] });
  });

  test('no record → pass, and the reason says so', async () => {
    expect(criterion(await evaluate(), 'E1')).toMatchObject({ status: 'pass', reason: 'no record of a transplant' });
  });

  test('a live vaccine 28 days before → fail; 29 days before → pass; not-done → pass', async () => {
    expect(criterion(await evaluate(immunization('03', '2026-10-04')), 'E3').status).toBe('fail');
    expect(criterion(await evaluate(immunization('03', '2026-10-03')), 'E3').status).toBe('pass');
    expect(criterion(await evaluate(immunization('03', '2026-10-20', { status: 'not-done' })), 'E3').status).toBe('pass');
  });

  test('an inactivated vaccine (CVX 140) is not a live vaccine', async () => {
    expect(criterion(await evaluate(immunization('140', '2026-10-20')), 'E3').status).toBe('pass');
  });
});

describe('positivity in arbitrary units (I5: anti-dsDNA above its reference range)', () => {
  const dsdna = (value: number) => lab('33799-8', '2026-10-07', value, '[IU]/mL', 30);
  test('186 [IU]/mL against a high of 30 [IU]/mL is positive; 30 (at the limit) is not', async () => {
    expect(criterion(await evaluate(dsdna(186)), 'I5').status).toBe('pass');
    expect(criterion(await evaluate(dsdna(30)), 'I5').status).toBe('fail');
  });
});

describe('malignancy by ICD-10-CM category (E7: C00–C96 with subcodes)', () => {
  test.each([
    ['C50.911', 'fail'],
    ['C61', 'fail'],
    ['C4A.9', 'fail'],
    ['D09.0', 'pass'],
    ['C97', 'pass'],
  ])('%s → %s', async (code, status) => {
    expect(criterion(await evaluate(condition(ICD10CM, code)), 'E7').status).toBe(status);
  });
});

describe('manifest mapping and failure isolation', () => {
  test('review and pending criteria report review with their reasons', async () => {
    const trial = await evaluate();
    expect(criterion(trial, 'E4')).toMatchObject({ status: 'review', reason: 'a person decides' });
    expect(criterion(trial, 'E5')).toMatchObject({ status: 'review', reason: 'not yet automated' });
  });

  test('a define that throws becomes review with the error, and the others still evaluate', async () => {
    const trial = await evaluate(sle());
    expect(criterion(trial, 'E6').status).toBe('review');
    expect(criterion(trial, 'E6').reason).toMatch(/could not be evaluated: .*deliberate failure/i);
    expect(criterion(trial, 'I2').status).toBe('pass');
  });

  test('trial status: a failing criterion makes the trial ineligible; an unknown one possibly-eligible', async () => {
    expect((await evaluate()).status).toBe('ineligible'); // no SLE
    const young = patient({ birthDate: '2010-01-01' });
    expect((await evaluate(young, sle(), lab('2160-0', '2026-10-20', 0.7, 'mg/dL'), lab('1920-8', '2026-10-20', 20, 'U/L', 40))).status).toBe(
      'possibly-eligible', // ANA unknown
    );
  });

  test('every criterion appears once, in manifest order, with text unescaped', async () => {
    const trial = await evaluate();
    expect(trial.criteria.map((c) => c.id)).toEqual(['I1', 'I2', 'I3', 'I4', 'I5', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7']);
    expect(criterion(trial, 'I3').text).toBe('ANA >= 1:80 within 12 months');
  });
});
