// A trial manifest as a FHIR ResearchStudy and its definitional eligibility Group. Everything the
// manifest says is carried, so that manifestFromArtifacts (trial-artifacts.ts) rebuilds it exactly.
import type {
  Annotation,
  CodeableConcept,
  Extension,
  Group,
  GroupCharacteristic,
  Identifier,
  ResearchStudy,
} from 'fhir/r4';
import type { CriterionDefinition, TrialManifest } from '../domain/trial.js';
import { displayText } from '../engine/evaluate-trial.js';
import { CANONICAL_BASE } from './contracts.js';
import { EXT, codeExtension, stringExtension } from './extensions.js';

export const CLINICALTRIALS_GOV = 'https://clinicaltrials.gov';
/** Our own trial ids, and registry ids of registries other than ClinicalTrials.gov. */
export const TRIAL_ID_SYSTEM = `${CANONICAL_BASE}/trial-id`;
export const REGISTRY_ID_SYSTEM = `${CANONICAL_BASE}/registry-id`;

export function researchStudyUrl(trialId: string): string {
  return `${CANONICAL_BASE}/ResearchStudy/${trialId}`;
}

export function criteriaGroupId(trialId: string): string {
  return `${trialId}-criteria`;
}

/** The code system whose codes are one trial's criterion ids (I1, E3.2 …). Not published as a resource. */
export function criteriaCodeSystem(trialId: string): string {
  return `${CANONICAL_BASE}/CodeSystem/${trialId}-criteria`;
}

// Every bundled trial is about SLE, some about lupus nephritis in particular. Codes checked against
// SNOMED CT (55464009 "Systemic lupus erythematosus (disorder)") and ICD-10-CM 2025 (M32.14
// "Glomerular disease in systemic lupus erythematosus", which covers lupus nephritis).
const SLE: CodeableConcept = {
  coding: [
    {
      system: 'http://snomed.info/sct',
      code: '55464009',
      display: 'Systemic lupus erythematosus (disorder)',
    },
  ],
  text: 'Systemic lupus erythematosus',
};
const LUPUS_NEPHRITIS: CodeableConcept = {
  coding: [
    {
      system: 'http://hl7.org/fhir/sid/icd-10-cm',
      code: 'M32.14',
      display: 'Glomerular disease in systemic lupus erythematosus',
    },
  ],
  text: 'Lupus nephritis',
};

function conditionsOf(manifest: TrialManifest): CodeableConcept[] {
  return /nephritis/i.test(manifest.title) ? [SLE, LUPUS_NEPHRITIS] : [SLE];
}

function identifiersOf(manifest: TrialManifest): Identifier[] {
  const registryId = manifest.registry?.id;
  const registry: Identifier[] = registryId
    ? [
        {
          use: 'official',
          system: registryId.startsWith('NCT') ? CLINICALTRIALS_GOV : REGISTRY_ID_SYSTEM,
          value: registryId,
        },
      ]
    : [];
  // R4 ResearchStudy has no `url` element (R5 adds one): its canonical url is carried the standard
  // way for a resource that is not a canonical resource, as a URI identifier.
  const canonical: Identifier = { system: 'urn:ietf:rfc:3986', value: researchStudyUrl(manifest.id) };
  return [...registry, { use: 'usual', system: TRIAL_ID_SYSTEM, value: manifest.id }, canonical];
}

export function researchStudy(manifest: TrialManifest, libraryCanonical: string): ResearchStudy {
  const registryUrl = manifest.registry?.url;
  const notes: Annotation[] = manifest.interpretations.map((text) => ({ text }));
  return {
    resourceType: 'ResearchStudy',
    id: manifest.id,
    extension: [
      ...stringExtension(EXT.seed, manifest.seed),
      { url: EXT.library, valueCanonical: libraryCanonical },
    ],
    identifier: identifiersOf(manifest),
    title: manifest.title,
    status: 'active',
    condition: conditionsOf(manifest),
    ...(registryUrl
      ? { relatedArtifact: [{ type: 'documentation', label: 'Registry record', url: registryUrl }] }
      : {}),
    enrollment: [
      {
        reference: `Group/${criteriaGroupId(manifest.id)}`,
        display: `Eligibility criteria of ${manifest.id}`,
      },
    ],
    ...(notes.length ? { note: notes } : {}),
  };
}

/**
 * The definitional Group of the trial's eligibility criteria: one characteristic per criterion and
 * sub-criterion, flattened in manifest order (the parent extension rebuilds the nesting).
 */
export function criteriaGroup(manifest: TrialManifest, libraryCanonical: string): Group {
  return {
    resourceType: 'Group',
    id: criteriaGroupId(manifest.id),
    extension: [{ url: EXT.library, valueCanonical: libraryCanonical }],
    name: `Eligibility criteria of ${manifest.id}`,
    type: 'person',
    actual: false,
    characteristic: flatten(manifest.criteria).map(({ criterion, parent }) =>
      characteristic(manifest.id, criterion, parent, libraryCanonical),
    ),
  };
}

function flatten(
  criteria: CriterionDefinition[],
  parent?: string,
): { criterion: CriterionDefinition; parent?: string }[] {
  return criteria.flatMap((criterion) => [
    { criterion, parent },
    ...flatten(criterion.criteria ?? [], criterion.id),
  ]);
}

/**
 * Every characteristic reads "the criterion is satisfied", so `exclude` is always false and the value
 * always true: each define returns an Outcome whose `pass` means satisfied — for an exclusion
 * criterion, that the patient is clear of it. Whether it is an inclusion or an exclusion criterion is
 * carried by the criterion-kind extension instead of `exclude`, which would invert that reading.
 */
function characteristic(
  trialId: string,
  c: CriterionDefinition,
  parent: string | undefined,
  libraryCanonical: string,
): GroupCharacteristic {
  const extension: Extension[] = [
    ...codeExtension(EXT.kind, c.kind),
    ...codeExtension(EXT.result, c.result),
    ...(c.define ? [cqlExpression(c.define, libraryCanonical)] : []),
    ...stringExtension(EXT.reason, c.reason),
    ...stringExtension(EXT.note, c.note),
    ...stringExtension(EXT.label, c.label),
    ...stringExtension(EXT.parent, parent),
    ...codeExtension(EXT.combine, c.combine),
  ];
  return {
    extension,
    code: {
      coding: [{ system: criteriaCodeSystem(trialId), code: c.id, display: shortLabel(c.text) }],
      text: c.text,
    },
    valueBoolean: true,
    exclude: false,
  };
}

function cqlExpression(define: string, libraryCanonical: string): Extension {
  return {
    url: EXT.expression,
    valueExpression: { language: 'text/cql-identifier', expression: define, reference: libraryCanonical },
  };
}

/** A short display for a criterion: its heading ("Age: ≥ 5 years" → "Age") or its first words. */
export function shortLabel(seedText: string): string {
  const text = displayText(seedText).trim();
  const heading = text.match(/^([^:]{2,60}):(\s|$)/)?.[1]; // not the colon of a ratio ("1:80")
  if (heading) return heading.trim();
  return text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text;
}
