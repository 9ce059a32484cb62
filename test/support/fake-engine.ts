import type { CriterionResult, EligibilityReport, TrialStatus } from '../../src/domain/criterion.js';
import type {
  EligibilityEngine,
  EvaluateOptions,
  PatientData,
  TrialInfo,
  TrialManifest,
} from '../../src/domain/trial.js';

/** A trial the fake engine knows, with data requirements like the real libraries produce. */
export function fakeTrial(id: string, registry?: TrialManifest['registry']): TrialInfo {
  return {
    manifest: {
      id,
      title: `Fake CAR-T trial ${id} for refractory SLE`,
      ...(registry ? { registry } : {}),
      seed: 'fake',
      library: { name: id.replace(/-/g, ''), version: '1.0.0' },
      interpretations: [],
      criteria: [],
    },
    dataRequirements: [
      { type: 'Patient', codeFilters: [] },
      { type: 'Condition', codeFilters: [{ path: 'code', valueSet: 'urn:trialcds:valueset:sle' }] },
      { type: 'Observation', codeFilters: [] },
      {
        type: 'MedicationRequest',
        codeFilters: [{ path: 'medication', valueSet: 'urn:trialcds:valueset:steroids' }],
      },
    ],
  };
}

export const FAKE_VALUE_SETS: Record<string, { system: string; code: string }[]> = {
  'urn:trialcds:valueset:sle': [
    { system: 'http://snomed.info/sct', code: '55464009' },
    { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M32.14' },
  ],
  'urn:trialcds:valueset:steroids': [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '8640' }],
};

export const fakeExpander = (url: string) => FAKE_VALUE_SETS[url];

/** Criteria that make a trial come out with the given status (contract §2 roll-up). */
export function criteriaFor(status: TrialStatus): CriterionResult[] {
  const c = (
    id: string,
    kind: CriterionResult['kind'],
    s: CriterionResult['status'],
    reason: string,
    evidence: string[] = [],
  ): CriterionResult => ({
    id,
    kind,
    text: `${id} text`,
    status: s,
    reason,
    evidence,
  });
  const out = [
    c('I1', 'inclusion', 'pass', 'Age 12 years on 2026-11-01', ['Patient/p1']),
    c('I2', 'inclusion', 'review', 'Informed consent is obtained by the study team'),
  ];
  if (status !== 'likely-eligible')
    out.push(c('I3', 'inclusion', 'unknown', 'No SLEDAI-2K score in the 90 days up to 2026-11-01'));
  if (status === 'ineligible')
    out.push(c('E1', 'exclusion', 'fail', 'Active HIV infection recorded 2025-03-02', ['Condition/hiv']));
  return out;
}

export interface FakeEngineOptions {
  statuses?: Record<string, TrialStatus>;
  /** Makes evaluate() throw (a broken engine). */
  failWith?: Error;
  /** Leaves these trials out of the report (an engine that silently drops work). */
  omit?: string[];
  delayMs?: number;
}

/** A hand-written engine with fixed answers, recording what it was asked. */
export class FakeEngine implements EligibilityEngine {
  readonly calls: { data: PatientData; options: EvaluateOptions }[] = [];

  constructor(
    readonly trials: readonly TrialInfo[],
    private readonly options: FakeEngineOptions = {},
  ) {}

  async evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport> {
    this.calls.push({ data, options });
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (this.options.failWith) throw this.options.failWith;
    const ids = options.trialIds?.length ? options.trialIds : this.trials.map((t) => t.manifest.id);
    return {
      patient: `Patient/${data.patient.id}`,
      asOf: options.asOf,
      trials: ids
        .filter((id) => !this.options.omit?.includes(id))
        .map((id) => {
          const status = this.options.statuses?.[id] ?? 'possibly-eligible';
          const manifest = this.trials.find((t) => t.manifest.id === id)!.manifest;
          return { id, title: manifest.title, status, criteria: criteriaFor(status) };
        }),
    };
  }
}
