// A trial's artifacts as one transaction Bundle (PUT each resource at its id: POST it to any FHIR
// server), and the checked way back from a transaction or collection Bundle.
import type { Bundle, BundleEntry, FhirResource, Group, Library, ResearchStudy, ValueSet } from 'fhir/r4';
import { BadInputError, UserFacingError } from '../domain/errors.js';
import { CANONICAL_BASE, type TrialArtifacts } from './contracts.js';
import { EXT, extensionText } from './extensions.js';
import { CQL_CONTENT_TYPE, ELM_CONTENT_TYPE } from './library-resource.js';
import { manifestFromArtifacts } from './manifest-from-artifacts.js';

export function trialBundle(artifacts: TrialArtifacts): Bundle {
  const resources: FhirResource[] = [
    artifacts.researchStudy,
    artifacts.group,
    ...artifacts.libraries,
    ...artifacts.valueSets,
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: resources.map(transactionEntry) };
}

function transactionEntry(resource: FhirResource): BundleEntry {
  const path = `${resource.resourceType}/${resource.id ?? ''}`;
  return { fullUrl: `${CANONICAL_BASE}/${path}`, resource, request: { method: 'PUT', url: path } };
}

const ACCEPTED_TYPES = ['transaction', 'collection'];

interface Located<T> {
  resource: T;
  where: string;
}

/**
 * The artifacts in a trial Bundle. Refuses, naming the entry and the problem: anything but a
 * transaction/collection Bundle, not exactly one ResearchStudy, its enrollment Group missing (as an
 * entry or contained in the study), the Group's cqf-library Library missing, a Library without CQL
 * or ELM content, a resource type a trial does not have, or criteria that make no valid manifest.
 */
export function artifactsFromBundle(bundle: unknown): TrialArtifacts {
  try {
    return readArtifacts(bundle);
  } catch (error) {
    // Our checks give precise messages; anything else is a shape we did not foresee (an object
    // where a list belongs…): still the upload's fault, still a 4xx / exit 2, never a crash.
    if (error instanceof UserFacingError) throw error;
    throw new BadInputError(`malformed trial Bundle (${(error as Error).message})`, 'structure');
  }
}

function readArtifacts(bundle: unknown): TrialArtifacts {
  const entries = entriesOf(bundle);
  const study = theResearchStudy(entries);
  const group = enrollmentGroup(study, entries);
  const libraries = ofType<Library>(entries, 'Library');
  libraries.forEach(checkLibraryContent);
  const valueSets = ofType<ValueSet>(entries, 'ValueSet');
  // Files are named by these: a second one would silently replace the first.
  refuseDuplicates(libraries, (l) => l.resource.name, 'Library.name');
  refuseDuplicates(valueSets, (v) => v.resource.id, 'ValueSet.id');
  refuseDuplicates(valueSets, (v) => v.resource.url, 'ValueSet.url');
  const artifacts: TrialArtifacts = {
    trialId: study.resource.id ?? '',
    researchStudy: study.resource,
    group: group.resource,
    libraries: trialLibraryFirst(libraries, group).map((l) => l.resource),
    valueSets: valueSets.map((v) => v.resource),
  };
  manifestFromArtifacts(artifacts);
  return artifacts;
}

function refuseDuplicates<T extends FhirResource>(entries: Located<T>[], key: (e: Located<T>) => string | undefined, what: string): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const k = key(entry);
    if (k === undefined) continue;
    const first = seen.get(k);
    if (first) throw new BadInputError(`${entry.where}: ${what} "${k}" is also used by ${first}; each must be unique in a trial Bundle`);
    seen.set(k, entry.where);
  }
}

function entriesOf(bundle: unknown): Located<FhirResource>[] {
  const candidate = bundle as Partial<Bundle> | null;
  if (!candidate || typeof candidate !== 'object' || candidate.resourceType !== 'Bundle') {
    const got =
      candidate && typeof candidate === 'object'
        ? `resourceType ${String(candidate.resourceType)}`
        : typeof bundle;
    throw new BadInputError(`not a FHIR Bundle (${got})`, 'structure');
  }
  if (!ACCEPTED_TYPES.includes(String(candidate.type))) {
    throw new BadInputError(
      `Bundle.type is "${String(candidate.type)}"; a trial Bundle is a transaction or a collection`,
      'structure',
    );
  }
  if (!Array.isArray(candidate.entry)) throw new BadInputError('the Bundle has no entries', 'structure');
  return candidate.entry.map((entry, index) => locate(entry, index));
}

const TRIAL_TYPES = ['ResearchStudy', 'Group', 'Library', 'ValueSet'];

function locate(entry: BundleEntry | undefined, index: number): Located<FhirResource> {
  const resource = entry?.resource;
  if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') {
    throw new BadInputError(`Bundle.entry[${index}]: no resource`, 'structure');
  }
  const where = `Bundle.entry[${index}] (${resource.resourceType}/${resource.id ?? 'no id'})`;
  if (!TRIAL_TYPES.includes(resource.resourceType)) {
    throw new BadInputError(
      `${where}: a trial Bundle holds only ${TRIAL_TYPES.join(', ')} resources`,
      'structure',
    );
  }
  if (!resource.id) throw new BadInputError(`${where}: the resource has no id`, 'required');
  return { resource, where };
}

function ofType<T extends FhirResource>(
  entries: Located<FhirResource>[],
  type: T['resourceType'],
): Located<T>[] {
  return entries.filter((e): e is Located<T> => e.resource.resourceType === type);
}

function theResearchStudy(entries: Located<FhirResource>[]): Located<ResearchStudy> {
  const studies = ofType<ResearchStudy>(entries, 'ResearchStudy');
  if (studies.length === 0)
    throw new BadInputError('the Bundle has no ResearchStudy (the trial)', 'required');
  if (studies.length > 1) {
    throw new BadInputError(
      `the Bundle has ${studies.length} ResearchStudy entries (${studies.map((s) => s.where).join(', ')}); a trial Bundle has exactly one`,
    );
  }
  return studies[0]!;
}

/** ResearchStudy.enrollment[0]: `Group/<id>` (an entry) or `#<id>` (contained in the study). */
function enrollmentGroup(study: Located<ResearchStudy>, entries: Located<FhirResource>[]): Located<Group> {
  const reference = study.resource.enrollment?.[0]?.reference;
  if (!reference)
    throw new BadInputError(`${study.where}: no enrollment reference to the eligibility Group`, 'required');
  const contained = reference.startsWith('#')
    ? study.resource.contained?.find(
        (r): r is Group => r.resourceType === 'Group' && r.id === reference.slice(1),
      )
    : undefined;
  if (contained)
    return { resource: contained, where: `${study.where} contained Group/${contained.id ?? ''}` };
  const groups = ofType<Group>(entries, 'Group');
  const found = groups.find(
    (g) => reference === `Group/${g.resource.id}` || reference.endsWith(`/Group/${g.resource.id}`),
  );
  if (!found)
    throw new BadInputError(
      `${study.where}: its enrollment Group "${reference}" is neither an entry nor contained in the ResearchStudy`,
      'required',
    );
  const stray = groups.find((g) => g !== found);
  if (stray)
    throw new BadInputError(
      `${stray.where}: the Bundle's ResearchStudy does not enroll this Group; a trial Bundle has one Group`,
    );
  return found;
}

function checkLibraryContent(library: Located<Library>): void {
  const usable = (library.resource.content ?? []).some(
    (c) =>
      (c.contentType === ELM_CONTENT_TYPE || c.contentType === CQL_CONTENT_TYPE) &&
      typeof c.data === 'string' &&
      c.data.length > 0,
  );
  if (!usable) {
    throw new BadInputError(
      `${library.where}: no content of type ${ELM_CONTENT_TYPE} or ${CQL_CONTENT_TYPE} with base64 data`,
      'required',
    );
  }
}

/** The Library the Group's cqf-library names (`url|version`, matched on url) must be there; it goes first. */
function trialLibraryFirst(libraries: Located<Library>[], group: Located<Group>): Located<Library>[] {
  const canonical = extensionText(group.resource.extension, EXT.library);
  if (!canonical)
    throw new BadInputError(
      `${group.where}: no ${EXT.library} extension naming the trial's Library`,
      'required',
    );
  const url = canonical.split('|')[0];
  const own = libraries.find((l) => l.resource.url === url);
  if (!own)
    throw new BadInputError(
      `the trial's Library ${canonical} (named by ${group.where} cqf-library) is not in the Bundle`,
      'required',
    );
  return [own, ...libraries.filter((l) => l !== own)];
}
