// Rebuilds a trial manifest from its ResearchStudy and Group (the inverse of research-study.ts), so a
// trial published as FHIR, or uploaded as a Bundle, can be loaded like a trial folder.
import type { GroupCharacteristic, ResearchStudy } from 'fhir/r4';
import { manifestSchema } from '../artifacts/manifest-schema.js';
import type { CriterionDefinition, TrialManifest } from '../domain/trial.js';
import { BadInputError } from '../domain/errors.js';
import type { TrialArtifacts } from './contracts.js';
import { EXT, extensionText, findExtension } from './extensions.js';
import { CLINICALTRIALS_GOV, REGISTRY_ID_SYSTEM, criteriaCodeSystem } from './research-study.js';

export function manifestFromArtifacts(artifacts: TrialArtifacts): TrialManifest {
  const study = artifacts.researchStudy;
  const trialId = study.id;
  if (!trialId) throw new BadInputError('ResearchStudy: no id (the trial id)');
  const where = `ResearchStudy/${trialId}`;
  const registry = registryOf(study);
  const manifest: TrialManifest = {
    id: trialId,
    title: required(study.title, `${where}: no title`),
    ...(registry ? { registry } : {}),
    seed: required(
      extensionText(study.extension, EXT.seed),
      `${where}: no ${EXT.seed} extension (the seed file name)`,
    ),
    library: libraryOf(
      extensionText(artifacts.group.extension, EXT.library),
      `Group/${artifacts.group.id ?? '?'}`,
    ),
    interpretations: (study.note ?? []).map((n) => n.text),
    criteria: criteriaOf(trialId, artifacts.group.characteristic ?? [], `Group/${artifacts.group.id ?? '?'}`),
  };
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`)
      .join('; ');
    throw new BadInputError(`${where}: the criteria do not make a valid trial manifest: ${issues}`);
  }
  return manifest;
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined || value === '') throw new BadInputError(message);
  return value;
}

function registryOf(study: ResearchStudy): TrialManifest['registry'] {
  const id = study.identifier?.find(
    (i) => i.system === CLINICALTRIALS_GOV || i.system === REGISTRY_ID_SYSTEM,
  )?.value;
  const url = study.relatedArtifact?.find((a) => a.type === 'documentation' && a.url)?.url;
  if (!id && !url) return undefined;
  return { ...(id ? { id } : {}), ...(url ? { url } : {}) };
}

/** `…/Library/<name>|<version>` → { name, version }. */
function libraryOf(canonical: string | undefined, where: string): TrialManifest['library'] {
  const given = required(canonical, `${where}: no ${EXT.library} extension (the trial's library)`);
  const match = /\/Library\/([^/|]+)\|(.+)$/.exec(given);
  if (!match)
    throw new BadInputError(
      `${where}: cqf-library "${given}" is not a versioned Library canonical (…/Library/<name>|<version>)`,
    );
  return { name: match[1]!, version: match[2]! };
}

function criteriaOf(
  trialId: string,
  characteristics: GroupCharacteristic[],
  where: string,
): CriterionDefinition[] {
  const top: CriterionDefinition[] = [];
  const byId = new Map<string, CriterionDefinition>();
  characteristics.forEach((ch, index) => {
    const at = `${where} characteristic[${index}]`;
    const criterion = criterionOf(trialId, ch, at);
    if (byId.has(criterion.id)) throw new BadInputError(`${at}: criterion ${criterion.id} appears twice`);
    byId.set(criterion.id, criterion);
    const parentId = extensionText(ch.extension, EXT.parent);
    if (parentId === undefined) return void top.push(criterion);
    const parent = byId.get(parentId);
    if (!parent)
      throw new BadInputError(
        `${at}: parent criterion ${parentId} of ${criterion.id} does not come before it`,
      );
    parent.criteria = [...(parent.criteria ?? []), criterion];
  });
  return top;
}

const KINDS = ['inclusion', 'exclusion'] as const;
const RESULTS = ['outcome', 'review', 'pending'] as const;
const COMBINES = ['all', 'any'] as const;

function criterionOf(trialId: string, ch: GroupCharacteristic, at: string): CriterionDefinition {
  const system = criteriaCodeSystem(trialId);
  const id = required(
    ch.code.coding?.find((c) => c.system === system)?.code,
    `${at}: no code from ${system} (the criterion id)`,
  );
  const text = required(ch.code.text, `${at} (${id}): no code.text (the criterion text)`);
  const ext = ch.extension;
  const define = findExtension(ext, EXT.expression)?.valueExpression?.expression;
  const result = oneOf(RESULTS, extensionText(ext, EXT.result), `${at} (${id}): criterion-result`);
  const reason = extensionText(ext, EXT.reason);
  const note = extensionText(ext, EXT.note);
  const label = extensionText(ext, EXT.label);
  const combine = oneOf(COMBINES, extensionText(ext, EXT.combine), `${at} (${id}): criterion-combine`);
  return {
    id,
    kind: required(
      oneOf(KINDS, extensionText(ext, EXT.kind), `${at} (${id}): criterion-kind`),
      `${at} (${id}): no ${EXT.kind} extension`,
    ),
    text,
    ...(result ? { result } : {}),
    ...(define ? { define } : {}),
    ...(reason ? { reason } : {}),
    ...(note ? { note } : {}),
    ...(label ? { label } : {}),
    ...(combine ? { combine } : {}),
  };
}

function oneOf<T extends string>(
  allowed: readonly T[],
  value: string | undefined,
  what: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new BadInputError(`${what} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}
