import type {
  DataRequirement as FhirDataRequirement,
  Library,
  Parameters,
  RelatedArtifact,
  ValueSet,
} from 'fhir/r4';
import { dataRequirementsOf, libraryName, valueSetUrls, type ElmLibraryJson } from '../artifacts/elm.js';
import { BadInputError } from '../domain/errors.js';
import type { DataRequirement } from '../domain/trial.js';
import type { FhirOperationDefinition } from '../knowledge/contracts.js';
import {
  catalogOf,
  elmOf,
  findCanonical,
  readResource,
  resourcesOf,
  withIncludes,
  type KnowledgeCatalog,
} from './knowledge-catalog.js';
import { checkKnownParams, stringParam } from './parameters.js';

const LIBRARY_TYPE = 'http://terminology.hl7.org/CodeSystem/library-type';

/** `url|version` of a canonical resource, the way relatedArtifact.resource pins what was used. */
function canonicalOf(resource: { url?: string; version?: string }): string | undefined {
  if (!resource.url) return undefined;
  return resource.version ? `${resource.url}|${resource.version}` : resource.url;
}

/** The library addressed by the instance id, or by the `url` parameter (`url` or `url|version`). */
function targetLibrary(catalog: KnowledgeCatalog, input: Parameters, id: string | undefined): Library {
  if (id !== undefined) {
    const found = readResource(catalog, 'Library', id) as Library | undefined;
    if (!found) throw new BadInputError(`Library/${id} is not known`, 'not-found');
    return found;
  }
  const url = stringParam(input, 'url');
  if (!url)
    throw new BadInputError(
      'Library/$data-requirements needs a url parameter (or call Library/<id>/$data-requirements)',
      'required',
    );
  const found = findCanonical<Library>(catalog, 'Library', url);
  if (!found) throw new BadInputError(`no library ${url} is known`, 'not-found');
  return found;
}

/** The published Library of an included ELM library (found by CQL name). */
function publishedLibrary(catalog: KnowledgeCatalog, elm: ElmLibraryJson): Library | undefined {
  return (resourcesOf(catalog, 'Library') as Library[]).find((l) => elmOf(catalog, l) === elm);
}

function dependsOnLibraries(catalog: KnowledgeCatalog, included: ElmLibraryJson[]): RelatedArtifact[] {
  return included.map((elm) => {
    const published = publishedLibrary(catalog, elm);
    const resource = (published && canonicalOf(published)) ?? libraryName(elm);
    return { type: 'depends-on', display: `Library ${libraryName(elm)}`, resource };
  });
}

function dependsOnValueSets(catalog: KnowledgeCatalog, libraries: ElmLibraryJson[]): RelatedArtifact[] {
  const urls = [...new Set(libraries.flatMap((elm) => [...valueSetUrls(elm).values()]))].sort();
  return urls.map((url) => {
    const published = findCanonical<ValueSet>(catalog, 'ValueSet', url);
    return {
      type: 'depends-on',
      display: `Value set ${published?.title ?? published?.name ?? url}`,
      resource: (published && canonicalOf(published)) ?? url,
    };
  });
}

/** Our requirement (type + value set / code filters) as a FHIR DataRequirement. */
function toFhirRequirement(req: DataRequirement): FhirDataRequirement {
  const codeFilter = req.codeFilters.map((f) => ({
    path: f.path,
    ...(f.valueSet ? { valueSet: f.valueSet } : {}),
    ...(f.codes?.length ? { code: f.codes.map((c) => ({ system: c.system, code: c.code })) } : {}),
  }));
  // The base profile, as the CQL-to-ELM data requirements processor states it for the FHIR model.
  const profile = [`http://hl7.org/fhir/StructureDefinition/${req.type}`];
  return { type: req.type, profile, ...(codeFilter.length ? { codeFilter } : {}) };
}

/**
 * The effective data requirements of a library (CQL IG / CR `$data-requirements`): a
 * module-definition Library whose relatedArtifacts are every library and value set it depends on,
 * transitively, and whose dataRequirements are the retrieves of all of them.
 */
export function effectiveDataRequirements(catalog: KnowledgeCatalog, library: Library): Library {
  const root = elmOf(catalog, library);
  if (!root) throw new BadInputError(`Library/${library.id ?? '?'} has no compiled ELM loaded`, 'processing');
  const all = withIncludes(catalog, root);
  return {
    resourceType: 'Library',
    status: 'active',
    name: `${libraryName(root)}EffectiveDataRequirements`,
    title: `Effective data requirements of ${library.title ?? libraryName(root)}`,
    type: { coding: [{ system: LIBRARY_TYPE, code: 'module-definition' }] },
    relatedArtifact: [...dependsOnLibraries(catalog, all.slice(1)), ...dependsOnValueSets(catalog, all)],
    dataRequirement: dataRequirementsOf(all).map(toFhirRequirement),
  };
}

export const dataRequirementsOperation: FhirOperationDefinition = {
  name: 'data-requirements',
  definition: 'http://hl7.org/fhir/OperationDefinition/Library-data-requirements',
  resourceType: 'Library',
  type: true,
  instance: true,
  documentation:
    'Effective data requirements of a library and everything it includes: a module-definition Library with depends-on relatedArtifacts (libraries, value sets) and one dataRequirement per resource type retrieved, with its value set code filters. Type level takes url (url or url|version).',
  async run(input, target, deps) {
    checkKnownParams(input, '$data-requirements', target.id === undefined ? ['url'] : []);
    const catalog = catalogOf(deps.engine);
    return effectiveDataRequirements(catalog, targetLibrary(catalog, input, target.id));
  },
};
