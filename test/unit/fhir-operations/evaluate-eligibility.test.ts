import type {
  Bundle,
  GuidanceResponse,
  Observation,
  Parameters,
  ParametersParameter,
  ResearchSubject,
} from 'fhir/r4';
import { evaluateEligibilityOperation } from '../../../src/fhir-server/operations/evaluate-eligibility.js';
import { evaluateEligibilityDefinition, fhirOperations } from '../../../src/fhir-server/operations/index.js';
import type { CriterionResult, EligibilityReport } from '../../../src/domain/criterion.js';
import type { FhirClient } from '../../../src/data/fhir-client.js';
import { bundle, patient } from '../../builders/fhir.js';
import { searchset, slePatientChart } from '../../support/real-engine.js';
import { operationDeps, params, str, TODAY } from './deps.js';

const chart = slePatientChart();
const data = (): ParametersParameter => ({
  name: 'data',
  resource: searchset([chart.patient, ...chart.resources]),
});
const TRIAL = 'NCT06789107';

async function evaluate(id: string | undefined, ...parameter: ParametersParameter[]) {
  const result = (await evaluateEligibilityOperation.run(
    params(...parameter),
    { id },
    await operationDeps(),
  )) as Parameters;
  const report = JSON.parse(
    Buffer.from(
      result.parameter!.find((p) => p.name === 'report')!.valueAttachment!.data!,
      'base64',
    ).toString('utf8'),
  ) as EligibilityReport;
  const rendered = result.parameter!.find((p) => p.name === 'return')!.resource as Bundle;
  const of = <T>(type: string) =>
    rendered.entry!.map((e) => e.resource!).filter((r) => r.resourceType === type) as T[];
  return { result, report, rendered, of };
}

const flatten = (criteria: CriterionResult[]): CriterionResult[] =>
  criteria.flatMap((c) => [c, ...flatten(c.criteria ?? [])]);

describe('ResearchStudy/$evaluate-eligibility', () => {
  it('report is exactly what engine.evaluate returns', async () => {
    const deps = await operationDeps();
    const expected = await deps.engine.evaluate(
      { patient: chart.patient, resources: chart.resources },
      { asOf: chart.asOf, trialIds: [TRIAL] },
    );
    const { result, report } = await evaluate(TRIAL, str('subject', `Patient/${chart.patient.id}`), data(), {
      name: 'asOf',
      valueDate: chart.asOf,
    });
    expect(report).toEqual(expected);
    expect(result.parameter![0]!.valueAttachment!.contentType).toBe('application/json');
  });

  it('one Observation per criterion (sub-criteria included, as hasMember of their parent)', async () => {
    const { report, of } = await evaluate(TRIAL, data());
    const criteria = flatten(report.trials[0]!.criteria);
    const observations = of<Observation>('Observation');
    expect(observations).toHaveLength(criteria.length);
    for (const c of criteria) {
      const o = observations.find((x) => x.code.coding?.[0]?.code === c.id)!;
      expect(o.code.coding![0]!.system).toBe(`https://trialcds.org/fhir/CodeSystem/${TRIAL}-criteria`);
      expect(o.valueCodeableConcept?.coding?.[0]).toMatchObject({
        system: 'https://trialcds.org/fhir/CodeSystem/criterion-status',
        code: c.status,
      });
      expect(o.note?.[0]?.text).toBe(c.reason);
      expect((o.derivedFrom ?? []).map((r) => r.reference)).toEqual(c.evidence);
      expect(o.focus).toEqual([{ reference: `ResearchStudy/${TRIAL}` }]);
      expect(o.subject).toEqual({ reference: report.patient });
      expect(o.effectiveDateTime).toBe(TODAY);
      expect(o.hasMember ?? []).toHaveLength((c.criteria ?? []).length);
    }
  });

  it('ResearchSubject (candidate) when not ineligible; GuidanceResponse names the trial status', async () => {
    const { report, of } = await evaluate(TRIAL, data());
    const status = report.trials[0]!.status;
    expect(status).not.toBe('ineligible');
    expect(of<ResearchSubject>('ResearchSubject')).toEqual([
      {
        resourceType: 'ResearchSubject',
        status: 'candidate',
        study: { reference: `ResearchStudy/${TRIAL}` },
        individual: { reference: report.patient },
      },
    ]);
    const [guidance] = of<GuidanceResponse>('GuidanceResponse');
    expect(guidance!.reasonCode![0]!.coding![0]!.code).toBe(status);
    const anyUnknown = flatten(report.trials[0]!.criteria).some((c) => c.status === 'unknown');
    expect(guidance!.status).toBe(anyUnknown ? 'data-required' : 'success');
  });

  it('an ineligible patient has no ResearchSubject; missing data → data-required with data requirements', async () => {
    const { report, of } = await evaluate(TRIAL, {
      name: 'data',
      resource: bundle(patient({ birthDate: '1950-01-01' })),
    });
    expect(report.trials[0]!.status).toBe('ineligible');
    expect(of('ResearchSubject')).toEqual([]);
    const [guidance] = of<GuidanceResponse>('GuidanceResponse');
    expect(guidance!.status).toBe('data-required');
    expect(guidance!.dataRequirement?.length).toBeGreaterThan(0);
    expect(guidance!.dataRequirement!.every((d) => typeof d.type === 'string')).toBe(true);
  });

  it('reads the patient from fhirServer with the bearer token when no data is given', async () => {
    const calls: string[] = [];
    let token: string | undefined;
    const client: FhirClient = {
      baseUrl: 'https://ehr.example/fhir',
      read: async (type, id) => {
        calls.push(`${type}/${id}`);
        return chart.patient as never;
      },
      get: async (url) => {
        calls.push(url);
        const type = url.split('?')[0];
        return {
          kind: 'searchset',
          resources: chart.resources.filter((r) => r.resourceType === type),
          pages: 1,
        };
      },
      search: async () => [],
    };
    const deps = await operationDeps({
      createFhirClient: (options) => {
        token = options.accessToken;
        return client as never;
      },
    });
    const input = params(
      str('subject', `Patient/${chart.patient.id}`),
      str('fhirServer', 'https://ehr.example/fhir'),
      str('fhirAuthorization', 'Bearer tok'),
    );
    const result = (await evaluateEligibilityOperation.run(input, { id: TRIAL }, deps)) as Parameters;
    expect(token).toBe('tok');
    expect(calls[0]).toBe(`Patient/${chart.patient.id}`);
    const remote = JSON.parse(
      Buffer.from(result.parameter![0]!.valueAttachment!.data!, 'base64').toString('utf8'),
    ) as EligibilityReport;
    const { report: inline } = await evaluate(TRIAL, data());
    expect(remote.trials[0]!.status).toBe(inline.trials[0]!.status);
  });

  it('an unknown trial is not-found', async () => {
    await expect(
      evaluateEligibilityOperation.run(params(data()), { id: 'NCT0' }, await operationDeps()),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('no data and no fhirServer is refused', async () => {
    await expect(
      evaluateEligibilityOperation.run(params(), { id: TRIAL }, await operationDeps()),
    ).rejects.toMatchObject({ code: 'required' });
  });

  it('fhirServer without subject is refused', async () => {
    const run = evaluateEligibilityOperation.run(
      params(str('fhirServer', 'https://ehr.example/fhir')),
      { id: TRIAL },
      await operationDeps(),
    );
    await expect(run).rejects.toThrow(/needs "subject"/);
  });

  it('a fhirServer off the allowlist is refused', async () => {
    const deps = await operationDeps({
      fhir: { timeoutMs: 1, retries: 0, maxPages: 1, serverAllowlist: ['https://ok.example/'] },
    });
    const input = params(str('subject', 'Patient/p'), str('fhirServer', 'https://evil.example/fhir'));
    await expect(evaluateEligibilityOperation.run(input, { id: TRIAL }, deps)).rejects.toMatchObject({
      code: 'security',
    });
  });

  it('with no allowlist, a caller-named fhirServer is refused outside development mode', async () => {
    const deps = await operationDeps({ allowUnlistedFhirServers: false });
    const input = params(str('subject', 'Patient/p'), str('fhirServer', 'https://anywhere.example/fhir'));
    await expect(evaluateEligibilityOperation.run(input, { id: TRIAL }, deps)).rejects.toMatchObject({
      code: 'security',
    });
  });

  it('a subject that is not in data is not-found', async () => {
    await expect(evaluate(TRIAL, str('subject', 'Patient/someone-else'), data())).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('an invalid asOf is refused', async () => {
    await expect(evaluate(TRIAL, data(), str('asOf', '2026-13-01'))).rejects.toThrow(/not a calendar date/);
  });
});

describe('operation registry and definitions', () => {
  it('exports the three operations with their canonicals', () => {
    expect(fhirOperations.map((o) => [o.resourceType ?? '(system)', o.name, o.definition])).toEqual([
      ['(system)', 'cql', 'http://hl7.org/fhir/uv/cpg/OperationDefinition/cpg-cql'],
      ['Library', 'evaluate', 'http://hl7.org/fhir/uv/cpg/OperationDefinition/cpg-library-evaluate'],
      [
        'ResearchStudy',
        'evaluate-eligibility',
        'https://trialcds.org/fhir/OperationDefinition/ResearchStudy-evaluate-eligibility',
      ],
    ]);
  });

  it('the OperationDefinition of $evaluate-eligibility matches the operation', () => {
    const definition = evaluateEligibilityDefinition();
    expect(definition.url).toBe(evaluateEligibilityOperation.definition);
    expect(definition.code).toBe('evaluate-eligibility');
    expect(definition.resource).toEqual(['ResearchStudy']);
    expect(definition.instance).toBe(true);
    expect(definition.parameter?.map((p) => p.name)).toEqual([
      'subject',
      'data',
      'fhirServer',
      'fhirAuthorization',
      'asOf',
      'report',
      'return',
    ]);
  });
});
