import type { Bundle, Group, Patient, Resource } from 'fhir/r4';
import pLimit from 'p-limit';
import type { ValueSetExpander } from '../data/query-templates.js';
import type { PagingFhirClient } from '../data/fhir-client.js';
import type { TrialInfo } from '../domain/trial.js';
import { patientIdOf } from './ndjson-partition.js';
import { patientQueryTemplates, prefilterSearches, queriesForPatient } from './fhir-queries.js';
import { ProblemLog, type PatientTask, type PopulationSource } from './population.js';
import { appendAll } from '../domain/append-all.js';

export interface FhirSourceOptions {
  client: PagingFhirClient;
  trials: readonly TrialInfo[];
  expand: ValueSetExpander;
  /** Screen the members of this Group instead of every Patient. */
  group?: string;
  /** Narrow to likely candidates first (a key of PREFILTERS, e.g. `sle`). */
  prefilter?: string;
  /** HTTP requests in flight at once, across all patients. Default 8. */
  concurrency?: number;
  /** `_count` for population-wide searches. Default 100. */
  pageSize?: number;
}

/**
 * A FHIR R4 server as a population: patients are listed by search (all Patients, a Group's members,
 * or the subjects of SLE Conditions), page by page; each patient's data is fetched when the runner
 * gets to them, with the queries derived from the trials' data requirements.
 */
export function createFhirSource(options: FhirSourceOptions): PopulationSource {
  const { client } = options;
  const pageSize = options.pageSize ?? 100;
  const limit = pLimit(options.concurrency ?? 8);
  const templates = patientQueryTemplates(options.trials, options.expand);
  const problems = new ProblemLog();
  // The prefilter's candidate ids are needed twice (count, then listing): computed once.
  let candidates: Promise<string[]> | undefined;
  const prefiltered = (signal?: AbortSignal) =>
    (candidates ??= prefilterCandidates(client, options.prefilter!, options.expand, pageSize, signal));

  const loadPatient = async (id: string, known: Patient | undefined, signal?: AbortSignal) => {
    const patient = known ?? (await limit(() => client.read<Patient>('Patient', id, { signal })));
    const fetched = await Promise.all(
      queriesForPatient(templates, id).map((q) => limit(() => client.get(q, { signal }))),
    );
    const resources: Resource[] = [patient];
    for (const got of fetched) appendAll(resources, got.kind === 'resource' ? [got.resource] : got.resources);
    return { id, resources: resources.map((r) => JSON.stringify(r)) };
  };
  const task = (id: string, known?: Patient): PatientTask => ({ id, load: (signal) => loadPatient(id, known, signal) });

  return {
    description: `FHIR server ${new URL(client.baseUrl).origin}${options.group ? ' (Group)' : ''}${options.prefilter ? ` (prefilter ${options.prefilter})` : ''}`,
    shared: async () => [],
    async count(signal) {
      if (options.group) return (await groupMembers(client, options.group, signal)).length;
      if (options.prefilter) return (await prefiltered(signal)).length;
      try {
        const got = await client.get('Patient?_summary=count', { signal });
        return got.kind === 'resource' ? (got.resource as Bundle).total : undefined;
      } catch {
        return undefined; // only the ETA needs it
      }
    },
    async *patients(signal) {
      if (options.group) {
        for (const id of await groupMembers(client, options.group, signal)) yield task(id);
      } else if (options.prefilter) {
        for (const id of await prefiltered(signal)) yield task(id);
      } else {
        for await (const page of client.pages(`Patient?_count=${pageSize}`, { signal })) {
          for (const p of page) if (p.resourceType === 'Patient' && p.id) yield task(p.id, p as Patient);
        }
      }
    },
    problems: () => problems.snapshot(),
    close: async () => undefined,
  };
}

async function groupMembers(client: PagingFhirClient, groupId: string, signal?: AbortSignal): Promise<string[]> {
  const group = await client.read<Group>('Group', groupId, { signal });
  const ids = new Set<string>();
  for (const m of group.member ?? []) {
    if (m.inactive) continue;
    const id = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(m.entity?.reference ?? '')?.[1];
    if (id) ids.add(id);
  }
  return [...ids];
}

/** Subjects of Conditions in the prefilter's value sets, deduplicated, in the server's order. */
async function prefilterCandidates(
  client: PagingFhirClient,
  prefilter: string,
  expand: ValueSetExpander,
  pageSize: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const search of prefilterSearches(prefilter, expand, pageSize)) {
    for await (const page of client.pages(search, { signal })) {
      for (const r of page) {
        const id = patientIdOf(r);
        if (id) ids.add(id);
      }
    }
  }
  return [...ids];
}
