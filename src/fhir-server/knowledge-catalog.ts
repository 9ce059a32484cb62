import type { FhirResource, Library, ValueSet } from 'fhir/r4';
import { includedLibraries, libraryName, type ElmLibraryJson } from '../artifacts/elm.js';
import { codesOf, type CodeRef } from '../artifacts/value-sets.js';
import type { LoadedTrial } from '../artifacts/trial-registry.js';
import type { LoadedEngine } from '../engine/load-engine.js';
import type { TrialArtifacts } from '../knowledge/contracts.js';
import { trialArtifacts } from '../knowledge/trial-artifacts.js';

/** The resource types the /fhir endpoint serves (read + search). */
export const CATALOG_TYPES = ['ResearchStudy', 'Group', 'Library', 'ValueSet'] as const;
export type CatalogType = (typeof CATALOG_TYPES)[number];

export function isCatalogType(type: string): type is CatalogType {
  return (CATALOG_TYPES as readonly string[]).includes(type);
}

/** Everything the loaded trials publish, each resource once. */
export interface KnowledgeCatalog {
  trials: readonly TrialArtifacts[];
  /** Resources of each type, in trial load order, deduplicated. */
  resources: ReadonlyMap<CatalogType, readonly FhirResource[]>;
  /** Compiled ELM by CQL library name, for computing data requirements. */
  elmByName: ReadonlyMap<string, ElmLibraryJson>;
  /** Expansion codes by value set url. */
  codesByUrl: ReadonlyMap<string, readonly CodeRef[]>;
}

// Keyed by the engine's list of loaded trials, not by the engine object: the service's
// ReloadableEngine stays the same object across reloads, while every load makes a new list. A reload
// thus rebuilds the catalog, and the old one is collected with the old list.
const cache = new WeakMap<readonly LoadedTrial[], KnowledgeCatalog>();

/** The catalog of the trials an engine has loaded, built on first use and kept while they are current. */
export function catalogOf(engine: LoadedEngine): KnowledgeCatalog {
  const key = engine.loadedTrials;
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = buildCatalog(engine);
    cache.set(key, catalog);
  }
  return catalog;
}

/** Identity of a published resource: its canonical url (+ version) when it has one, else type/id. */
function identityOf(resource: FhirResource): string {
  const canonical = resource as { url?: string; version?: string };
  return canonical.url
    ? `${canonical.url}|${canonical.version ?? ''}`
    : `${resource.resourceType}/${resource.id ?? ''}`;
}

/** Shared libraries (FHIRHelpers, Eligibility) and value sets come with every trial: keep the first. */
function addOnce(list: FhirResource[], seen: Set<string>, resource: FhirResource): void {
  const key = identityOf(resource);
  if (seen.has(key)) return;
  seen.add(key);
  list.push(resource);
}

function buildCatalog(engine: LoadedEngine): KnowledgeCatalog {
  const trials = engine.loadedTrials.map((trial) => trialArtifacts(trial, engine.valueSets));
  const lists = new Map<CatalogType, FhirResource[]>(CATALOG_TYPES.map((t) => [t, []]));
  const seen = new Set<string>();
  for (const t of trials) {
    addOnce(lists.get('ResearchStudy')!, seen, t.researchStudy);
    addOnce(lists.get('Group')!, seen, t.group);
    t.libraries.forEach((l) => addOnce(lists.get('Library')!, seen, l));
    t.valueSets.forEach((v) => addOnce(lists.get('ValueSet')!, seen, v));
  }
  const elmByName = new Map<string, ElmLibraryJson>();
  for (const elm of engine.loadedTrials.flatMap((t) => t.libraries)) {
    if (!elmByName.has(libraryName(elm))) elmByName.set(libraryName(elm), elm);
  }
  const codesByUrl = new Map<string, readonly CodeRef[]>();
  for (const vs of lists.get('ValueSet')! as ValueSet[]) {
    if (vs.url) codesByUrl.set(vs.url, engine.valueSets.get(vs.url)?.codes ?? codesOf(vs));
  }
  return { trials, resources: lists, elmByName, codesByUrl };
}

export function resourcesOf(catalog: KnowledgeCatalog, type: CatalogType): readonly FhirResource[] {
  return catalog.resources.get(type) ?? [];
}

export function readResource(
  catalog: KnowledgeCatalog,
  type: CatalogType,
  id: string,
): FhirResource | undefined {
  return resourcesOf(catalog, type).find((r) => r.id === id);
}

/** A canonical resource by `url` or `url|version`; without a version, the first one loaded. */
export function findCanonical<T extends Library | ValueSet>(
  catalog: KnowledgeCatalog,
  type: 'Library' | 'ValueSet',
  canonical: string,
  version?: string,
): T | undefined {
  const [url, pinned] = splitCanonical(canonical);
  const wanted = version ?? pinned;
  return (resourcesOf(catalog, type) as T[]).find(
    (r) => r.url === url && (wanted === undefined || r.version === wanted),
  );
}

/** `url|version` → [url, version]; a bare url → [url, undefined]. */
export function splitCanonical(canonical: string): [string, string | undefined] {
  const bar = canonical.indexOf('|');
  return bar < 0 ? [canonical, undefined] : [canonical.slice(0, bar), canonical.slice(bar + 1)];
}

/** The ELM behind a published Library: by its CQL name, else the last segment of its canonical url. */
export function elmOf(catalog: KnowledgeCatalog, library: Library): ElmLibraryJson | undefined {
  const candidates = [library.name, library.url?.split('/').pop(), library.id];
  for (const name of candidates) {
    const elm = name ? catalog.elmByName.get(name) : undefined;
    if (elm) return elm;
  }
  return undefined;
}

/** A library and every library it includes, transitively, each once (the root first). */
export function withIncludes(catalog: KnowledgeCatalog, root: ElmLibraryJson): ElmLibraryJson[] {
  const seen = new Map<string, ElmLibraryJson>();
  const visit = (elm: ElmLibraryJson): void => {
    if (seen.has(libraryName(elm))) return;
    seen.set(libraryName(elm), elm);
    for (const inc of includedLibraries(elm)) {
      const included = catalog.elmByName.get(inc.name);
      if (included) visit(included);
    }
  };
  visit(root);
  return [...seen.values()];
}
