// One patient's data read from the caller's FHIR server (`fhirServer` + `fhirAuthorization`), with
// the searches the batch screener uses for the same trial (derived from its data requirements).
import type { Patient, Resource } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import type { PatientData, TrialInfo } from '../../domain/trial.js';
import { FhirClientError, fetchFailureCode } from '../../data/fhir-client.js';
import { fhirServerRefusal } from '../../data/fhir-server-allowlist.js';
import { patientQueryTemplates, queriesForPatient } from '../../batch/fhir-queries.js';
import { scopeToPatient } from '../../fhir/patient-scope.js';
import type { OperationDeps } from '../../knowledge/contracts.js';

export interface RemoteSource {
  fhirServer: string;
  /** Bearer access token (without the `Bearer ` prefix). */
  accessToken?: string;
}

/** Same guard as screening jobs: a caller-named server gets our requests only if allowed (SSRF). */
function checkServer(fhirServer: string, deps: OperationDeps): void {
  const refusal = fhirServerRefusal(fhirServer, deps.fhir.serverAllowlist, deps.allowUnlistedFhirServers);
  if (refusal) throw new BadInputError(refusal, refusal.includes('allowlist') ? 'security' : 'invalid');
}

function fetchProblem(what: string, error: unknown): BadInputError {
  if (error instanceof FhirClientError) {
    return new BadInputError(`${what} could not be read from fhirServer: ${error.message}`, fetchFailureCode(error, 'processing'));
  }
  return new BadInputError(`${what} could not be read from fhirServer`, 'processing');
}

export async function remotePatientData(
  deps: OperationDeps,
  trial: TrialInfo,
  patientId: string,
  source: RemoteSource,
): Promise<PatientData> {
  checkServer(source.fhirServer, deps);
  const client = deps.createFhirClient({
    baseUrl: source.fhirServer,
    ...(source.accessToken ? { accessToken: source.accessToken } : {}),
    timeoutMs: deps.fhir.timeoutMs,
    retries: deps.fhir.retries,
    maxPages: deps.fhir.maxPages,
  });
  let patient: Patient;
  try {
    patient = await client.read<Patient>('Patient', patientId);
  } catch (error) {
    throw fetchProblem(`Patient/${patientId}`, error);
  }
  const expand = (url: string) => deps.engine.valueSets.get(url)?.codes;
  const queries = queriesForPatient(patientQueryTemplates([trial], expand), patientId);
  const fetched = await Promise.all(
    queries.map(async (query) => {
      try {
        const got = await client.get(query);
        return got.kind === 'resource' ? [got.resource] : got.resources;
      } catch (error) {
        throw fetchProblem(`${query.split('?')[0]} of Patient/${patientId}`, error);
      }
    }),
  );
  const resources: Resource[] = fetched.flat();
  const scoped = scopeToPatient([patient, ...resources], patientId);
  return { patient, resources: scoped.resources };
}
