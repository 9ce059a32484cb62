import type { Resource } from 'fhir/r4';
import type { AppConfig } from '../config.js';
import type { FhirClientFactory } from '../data/fhir-client.js';
import { FhirClientError, fetchFailureCode } from '../data/fhir-client.js';
import { fhirServerRefusal } from '../data/fhir-server-allowlist.js';
import type { PatientData } from '../domain/trial.js';
import type { IssueInput } from '../fhir/operation-outcome.js';
import { HttpProblem, preconditionFailed } from './http-problem.js';
import { scopeToPatient } from '../fhir/patient-scope.js';
import { fillTemplate } from '../data/query-templates.js';
import { classifyPrefetch } from './prefetch-values.js';
import type { HookRequest } from './request-schema.js';
import { appendAll } from '../domain/append-all.js';

export interface ResolveDeps {
  createFhirClient: FhirClientFactory;
  fhir: AppConfig['fhir'];
  /** With no allowlist: may `fhirServer` be any URL? (development mode, or an explicit opt-in) */
  allowUnlistedFhirServer: boolean;
}

/** Where each prefetch key's data came from (for logs and tests; never patient data). */
export type KeySource = 'prefetch' | 'null' | 'fetched';

export interface ResolvedData {
  data: PatientData;
  sources: Record<string, KeySource>;
  /** Resources dropped because they belong to another patient. */
  dropped: number;
}

/**
 * Builds the patient's data for one hook call: prefetched values are used as given (null = no
 * data), and only the keys that are missing or unusable are fetched from `fhirServer` with the
 * client's bearer token. Anything that cannot be obtained ends the call with 412.
 */
export async function resolvePatientData(
  request: HookRequest,
  templates: Record<string, string>,
  signal: AbortSignal,
  deps: ResolveDeps,
): Promise<ResolvedData> {
  const sources: Record<string, KeySource> = {};
  const collected: Resource[] = [];
  const toFetch: { key: string; why: string }[] = [];
  for (const [key, template] of Object.entries(templates)) {
    const value = classifyPrefetch(request.prefetch ?? undefined, key, template);
    if (value.state === 'data') {
      appendAll(collected, value.resources);
      sources[key] = 'prefetch';
    } else if (value.state === 'null') {
      sources[key] = 'null';
    } else {
      toFetch.push({ key, why: value.state === 'absent' ? 'was not prefetched' : `prefetch ${value.why}` });
    }
  }
  if (toFetch.length > 0) {
    appendAll(collected, await fetchMissing(request, templates, toFetch, signal, deps));
    for (const { key } of toFetch) sources[key] = 'fetched';
  }
  const patientId = request.context.patientId;
  const scoped = scopeToPatient(collected, patientId);
  if (!scoped.patient) {
    throw preconditionFailed([
      {
        code: 'not-found',
        text: `the Patient resource for context.patientId was not in the prefetch or on the FHIR server`,
        expression: ['context.patientId'],
      },
    ]);
  }
  return { data: { patient: scoped.patient, resources: scoped.resources }, sources, dropped: scoped.dropped };
}

async function fetchMissing(
  request: HookRequest,
  templates: Record<string, string>,
  keys: { key: string; why: string }[],
  signal: AbortSignal,
  deps: ResolveDeps,
): Promise<Resource[]> {
  if (!request.fhirServer)
    throw preconditionFailed(keys.map(({ key, why }) => ({ code: 'incomplete', text: `prefetch '${key}' ${why} and the request has no fhirServer to fetch it from` })));
  // The bearer token goes to fhirServer: in production only listed servers (or an explicit opt-in).
  // Refused like screening jobs and $evaluate-eligibility refuse it: 403, before any request leaves.
  const refusal = fhirServerRefusal(request.fhirServer, deps.fhir.serverAllowlist, deps.allowUnlistedFhirServer);
  if (refusal)
    throw new HttpProblem(403, [{ code: 'forbidden', text: `${refusal} (TRIALCDS_FHIR_SERVER_ALLOWLIST): it would receive the caller's token; prefetch ${keys.map((k) => `'${k.key}'`).join(', ')} could not be fetched`, expression: ['fhirServer'] }]);
  const client = deps.createFhirClient({
    baseUrl: request.fhirServer!,
    ...(request.fhirAuthorization ? { accessToken: request.fhirAuthorization.access_token } : {}),
    timeoutMs: deps.fhir.timeoutMs,
    retries: deps.fhir.retries,
    maxPages: deps.fhir.maxPages,
  });
  const context = request.context as Record<string, unknown>;
  const results = await Promise.allSettled(
    keys.map(async ({ key }) => {
      const url = fillTemplate(templates[key]!, context);
      if (url === undefined)
        throw new FhirClientError('a prefetch token has no value in the context', 'invalid-response');
      const got = await client.get(url, { signal });
      return got.kind === 'resource' ? [got.resource] : got.resources;
    }),
  );
  const issues: IssueInput[] = [];
  const resources: Resource[] = [];
  results.forEach((r, i) => {
    const key = keys[i]!.key;
    if (r.status === 'fulfilled') appendAll(resources, r.value);
    else issues.push(fetchIssue(key, r.reason));
  });
  if (issues.length > 0) throw preconditionFailed(issues);
  return resources;
}

function fetchIssue(key: string, reason: unknown): IssueInput {
  if (reason instanceof FhirClientError) {
    return { code: fetchFailureCode(reason, 'incomplete'), text: `prefetch '${key}' could not be fetched from fhirServer: ${reason.message}` };
  }
  return { code: 'incomplete', text: `prefetch '${key}' could not be fetched from fhirServer` };
}
