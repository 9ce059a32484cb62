// ResearchStudy/<trial id>/$evaluate-eligibility (our own operation): one patient against one
// trial. Returns the contract's report JSON unchanged (as an attachment) and its FHIR rendering.
import { checkKnownParams } from '../parameters.js';
import type { Parameters } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import type { CriterionDefinition, PatientData, TrialInfo } from '../../domain/trial.js';
import type { CriterionResult } from '../../domain/criterion.js';
import {
  CANONICAL_BASE,
  type FhirOperationDefinition,
  type OperationDeps,
} from '../../knowledge/contracts.js';
import { retrievesOfDefine, toDataRequirements } from './criterion-data-requirements.js';
import { eligibilityBundle } from './eligibility-bundle.js';
import { optionalString, parametersNamed, patientIdOfSubject } from './operation-input.js';
import { patientDataOf } from './patient-input.js';
import { remotePatientData } from './remote-patient-data.js';
import { checkChartSize } from '../../domain/chart-limits.js';
import { deadlineSignal } from './operation-deadline.js';

export const EVALUATE_ELIGIBILITY = `${CANONICAL_BASE}/OperationDefinition/ResearchStudy-evaluate-eligibility`;

function trialOf(deps: OperationDeps, id: string | undefined): TrialInfo {
  if (!id) {
    throw new BadInputError(
      'invoke it on a trial: ResearchStudy/<trial id>/$evaluate-eligibility',
      'required',
    );
  }
  const trial = deps.engine.trials.find((t) => t.manifest.id === id);
  if (!trial) {
    throw new BadInputError(
      `ResearchStudy/${id} is not a loaded trial; known: ${deps.engine.trials.map((t) => t.manifest.id).join(', ')}`,
      'not-found',
    );
  }
  return trial;
}

/** `data` (with or without `subject`), or `subject` + `fhirServer` (+ `fhirAuthorization`). */
async function patientData(input: Parameters, deps: OperationDeps, trial: TrialInfo): Promise<PatientData> {
  const fhirServer = optionalString(input, 'fhirServer');
  const inline = parametersNamed(input, 'data').length + parametersNamed(input, 'prefetchData').length > 0;
  if (inline || !fhirServer) {
    const data = patientDataOf(input);
    if (!data) {
      throw new BadInputError(
        'give the patient: "data" (a Bundle with the Patient), or "subject" and "fhirServer"',
        'required',
      );
    }
    return data;
  }
  const subject = optionalString(input, 'subject');
  if (!subject) {
    throw new BadInputError(
      '"fhirServer" needs "subject" (Patient/<id>) to know whose data to read',
      'required',
    );
  }
  const accessToken = optionalString(input, 'fhirAuthorization')?.replace(/^Bearer\s+/i, '');
  return remotePatientData(deps, trial, patientIdOfSubject(subject), {
    fhirServer,
    ...(accessToken ? { accessToken } : {}),
  });
}

function* definitionsOf(criteria: CriterionDefinition[]): Generator<CriterionDefinition> {
  for (const c of criteria) {
    yield c;
    yield* definitionsOf(c.criteria ?? []);
  }
}

function unknownIds(criteria: CriterionResult[]): string[] {
  return criteria.flatMap((c) => [
    ...(c.status === 'unknown' ? [c.id] : []),
    ...unknownIds(c.criteria ?? []),
  ]);
}

/** The retrieves behind the criteria the report left unknown (their defines, followed through the ELM). */
function missingDataRequirements(deps: OperationDeps, trialId: string, criteria: CriterionResult[]) {
  const loaded = deps.engine.loadedTrials.find((t) => t.manifest.id === trialId);
  if (!loaded) return [];
  const unknown = new Set(unknownIds(criteria));
  const defines = [...definitionsOf(loaded.manifest.criteria)]
    .filter((c) => unknown.has(c.id) && c.define)
    .map((c) => c.define!);
  return toDataRequirements(
    defines.flatMap((define) => retrievesOfDefine(loaded.libraries, loaded.manifest.library.name, define)),
  );
}

async function runEvaluateEligibility(
  input: Parameters,
  target: { id?: string },
  deps: OperationDeps,
): Promise<Parameters> {
  checkKnownParams(input, '$evaluate-eligibility', ['subject', 'data', 'prefetchData', 'fhirServer', 'fhirAuthorization', 'asOf']);
  const trial = trialOf(deps, target.id);
  const asOf = optionalString(input, 'asOf') ?? deps.today();
  const data = await patientData(input, deps, trial);
  if (deps.chartLimits) checkChartSize(data, deps.chartLimits);
  const report = await deps.engine.evaluate(data, { asOf, trialIds: [trial.manifest.id], ...deadlineSignal(deps) });
  const result = report.trials[0]!;
  const { name, version } = trial.manifest.library;
  const bundle = eligibilityBundle({
    trial: result,
    patient: report.patient,
    asOf: report.asOf,
    libraryCanonical: `${CANONICAL_BASE}/Library/${name}|${version}`,
    dataRequirements: missingDataRequirements(deps, trial.manifest.id, result.criteria),
  });
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'report',
        valueAttachment: {
          contentType: 'application/json',
          data: Buffer.from(JSON.stringify(report), 'utf8').toString('base64'),
        },
      },
      { name: 'return', resource: bundle },
    ],
  };
}

export const evaluateEligibilityOperation: FhirOperationDefinition = {
  name: 'evaluate-eligibility',
  definition: EVALUATE_ELIGIBILITY,
  resourceType: 'ResearchStudy',
  type: false,
  instance: true,
  documentation:
    'Evaluates one patient against this trial: `subject` + `data` (a Bundle), or `subject` + `fhirServer` ' +
    '(+ `fhirAuthorization` bearer token); `asOf` (date, default today). Returns `report` (the eligibility report ' +
    'JSON, base64) and `return` (a Bundle: ResearchSubject when not ineligible, GuidanceResponse, one Observation per criterion).',
  run: runEvaluateEligibility,
};
