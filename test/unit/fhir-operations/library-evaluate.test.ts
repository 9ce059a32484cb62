import type { Parameters, ParametersParameter } from 'fhir/r4';
import { libraryEvaluateOperation } from '../../../src/fhir-server/operations/library-evaluate.js';
import { BadInputError } from '../../../src/domain/errors.js';
import { searchset, slePatientChart } from '../../support/real-engine.js';
import { operationDeps, params, str } from './deps.js';

const chart = slePatientChart();
const data = (): ParametersParameter => ({
  name: 'data',
  resource: searchset([chart.patient, ...chart.resources]),
});

async function evaluate(target: { id?: string }, ...parameter: ParametersParameter[]): Promise<Parameters> {
  return (await libraryEvaluateOperation.run(
    params(...parameter),
    target,
    await operationDeps(),
  )) as Parameters;
}

const partsOf = (p: ParametersParameter | undefined) =>
  Object.fromEntries((p?.part ?? []).map((x) => [x.name, x]));

describe('Library/$evaluate on a bundled trial library', () => {
  it('returns the named defines, criteria outcomes as parts status/reason/evidence', async () => {
    const result = await evaluate(
      { id: 'NCT06789107' },
      str('expression', 'I1'),
      str('expression', 'I2'),
      str('subject', `Patient/${chart.patient.id}`),
      data(),
    );
    expect(result.parameter?.map((p) => p.name)).toEqual(['I1', 'I2']);
    for (const p of result.parameter!) {
      const parts = partsOf(p);
      expect(['pass', 'fail', 'unknown', 'review']).toContain(parts.status?.valueString);
      expect(typeof parts.reason?.valueString).toBe('string');
      expect(parts.evidence).toBeDefined();
    }
  });

  it('agrees with the engine on each criterion', async () => {
    const deps = await operationDeps();
    const report = await deps.engine.evaluate(
      { patient: chart.patient, resources: chart.resources },
      { asOf: chart.asOf, trialIds: ['NCT06789107'] },
    );
    const i1 = report.trials[0]!.criteria.find((c) => c.id === 'I1')!;
    const result = await evaluate({ id: 'NCT06789107' }, str('expression', 'I1'), data());
    expect(partsOf(result.parameter![0]).status?.valueString).toBe(i1.status);
    expect(partsOf(result.parameter![0]).reason?.valueString).toBe(i1.reason);
  });

  it('without expression evaluates every public define (no functions)', async () => {
    const result = await evaluate({ id: 'NCT06789107' }, data());
    const names = new Set(result.parameter!.map((p) => p.name));
    expect(names.has('I1')).toBe(true);
    expect(names.has('Patient')).toBe(true);
    expect(result.parameter!.some((p) => p.name === 'evaluation error')).toBe(false);
  });

  it('type level with url (canonical with version)', async () => {
    const result = await evaluate(
      {},
      str('url', 'https://trialcds.org/fhir/Library/Eligibility'),
      str('expression', 'Age In Years'),
      data(),
    );
    expect(result.parameter).toEqual([{ name: 'Age In Years', valueInteger: expect.any(Number) }]);
  });

  it('an unknown library is not-found', async () => {
    await expect(evaluate({ id: 'Nope' }, data())).rejects.toMatchObject({ code: 'not-found' });
  });

  it('an unknown define is not-found', async () => {
    await expect(evaluate({ id: 'NCT06789107' }, str('expression', 'Nope'), data())).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('a wrong version is not-found', async () => {
    await expect(
      evaluate({}, str('url', 'https://trialcds.org/fhir/Library/NCT06789107|9.9.9'), data()),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('patient defines without data are refused', async () => {
    const run = evaluate({ id: 'NCT06789107' }, str('expression', 'I1'));
    await expect(run).rejects.toBeInstanceOf(BadInputError);
    await expect(run).rejects.toThrow(/give "subject" and "data"/);
  });

  it('a parameter the library does not declare is refused', async () => {
    const run = evaluate(
      { id: 'NCT06789107' },
      { name: 'parameters', resource: params({ name: 'Nope', valueInteger: 1 }) },
      data(),
    );
    await expect(run).rejects.toThrow(/declares no parameter "Nope"/);
  });

  it('neither id nor url is refused', async () => {
    await expect(evaluate({}, data())).rejects.toMatchObject({ code: 'required' });
  });
});
