// One loaded trial as FHIR knowledge artifacts (ResearchStudy + Group + Libraries + ValueSets), and
// the way back to its manifest.
import { createHash } from 'node:crypto';
import type { ValueSet } from 'fhir/r4';
import type { LoadedTrial } from '../artifacts/trial-registry.js';
import type { LoadedValueSet } from '../artifacts/value-sets.js';
import { libraryName, valueSetUrls } from '../artifacts/elm.js';
import { ArtifactError } from '../domain/errors.js';
import type { TrialArtifacts } from './contracts.js';
import { libraryCanonical, libraryResource } from './library-resource.js';
import { criteriaGroup, researchStudy } from './research-study.js';

export { manifestFromArtifacts } from './manifest-from-artifacts.js';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const OUR_VALUE_SET = /^urn:trialcds:valueset:(.+)$/;

export function isFhirId(text: string): boolean {
  return FHIR_ID.test(text);
}

/**
 * The resource id of a value set: the name in `urn:trialcds:valueset:<name>`, else the url's last
 * segment (a VSAC OID, say). When that is not a valid FHIR id, a cleaned-up prefix plus a hash of the
 * url, so that two different urls never share an id.
 */
export function valueSetResourceId(url: string): string {
  const ours = OUR_VALUE_SET.exec(url)?.[1];
  if (ours && isFhirId(ours)) return ours;
  const last =
    url
      .split(/[/:#|]/)
      .filter(Boolean)
      .pop() ?? '';
  if (isFhirId(last)) return last;
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const cleaned = last
    .replace(/[^A-Za-z0-9\-.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 47);
  return cleaned ? `${cleaned}-${hash}` : `vs-${hash}`;
}

export function trialArtifacts(
  trial: LoadedTrial,
  valueSets: ReadonlyMap<string, LoadedValueSet>,
): TrialArtifacts {
  const { manifest } = trial;
  const canonical = libraryCanonical(manifest.library.name, manifest.library.version);
  return {
    trialId: manifest.id,
    researchStudy: researchStudy(manifest, canonical),
    group: criteriaGroup(manifest, canonical),
    libraries: trial.libraries.map((elm) =>
      libraryResource(elm, trial.cqlSources.get(libraryName(elm)), valueSets),
    ),
    valueSets: referencedValueSets(trial, valueSets),
  };
}

/**
 * The ValueSets the trial's libraries reference, each once. One that is missing (authoring with
 * --allow-missing-valuesets leaves url-less placeholders) is left out: there is nothing to publish.
 */
function referencedValueSets(trial: LoadedTrial, valueSets: ReadonlyMap<string, LoadedValueSet>): ValueSet[] {
  const urls = new Set(trial.libraries.flatMap((elm) => [...valueSetUrls(elm).values()]));
  const byId = new Map<string, ValueSet>();
  for (const url of urls) {
    const loaded = valueSets.get(url);
    if (!loaded?.resource.url) continue;
    const id = valueSetResourceId(url);
    const clash = byId.get(id);
    if (clash)
      throw new ArtifactError(
        `trial ${trial.manifest.id}: value sets ${clash.url} and ${url} would both get the resource id "${id}"`,
      );
    byId.set(id, { ...loaded.resource, id });
  }
  return [...byId.values()];
}
