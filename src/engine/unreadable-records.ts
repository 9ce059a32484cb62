// Records with an invalid date or number (`effectiveDateTime: "2026-13-45"`, a decimal that
// overflowed to Infinity). They are well-shaped JSON, so the request is accepted, but no criterion
// that reads such a record can be decided: the record might be the most recent result, or in the
// window, or not. Found once per patient while the data are prepared; a criterion whose define
// retrieves one of them (same type, and a code in the retrieve's value set) is `unknown` with the
// reason, whatever the engine would have made of the value — so both engines give the same answer.
import type { Resource } from 'fhir/r4';
import type { ElmLibraryJson } from '../artifacts/elm.js';
import { codeKey, type LoadedValueSet } from '../artifacts/value-sets.js';
import { invalidPrimitive } from '../fhir/primitive-values.js';
import { visitPrimitives } from '../fhir/resource-shape.js';
import { retrievesOfDefine } from '../fhir-server/operations/criterion-data-requirements.js';
import type { UnreadableData } from './evaluate-trial.js';

export interface UnreadableRecord {
  resource: Resource;
  /** `Observation/obs-4` (or the type alone for a record without id). */
  reference: string;
  /** `effectiveDateTime is not a valid FHIR dateTime`: the element, never the value. */
  problem: string;
}

/** Bookkeeping elements no criterion computes with: an invalid value there harms nothing. */
const IGNORED_ELEMENTS = new Set(['meta', 'text', 'extension', 'modifierExtension', 'identifier', 'contained']);

function firstProblem(resource: Resource): string | undefined {
  let found: string | undefined;
  visitPrimitives(resource, (value, type, pathOf) => {
    if (found) return;
    const why = invalidPrimitive(value, type);
    if (!why) return;
    const path = pathOf();
    if (!IGNORED_ELEMENTS.has(path.split(/[.[]/, 1)[0]!)) found = `${path} ${why}`;
  });
  return found;
}

/** The records of a prepared chart that hold an invalid date or number (usually none). */
export function unreadableRecords(resources: readonly Resource[]): UnreadableRecord[] {
  const found: UnreadableRecord[] = [];
  for (const resource of resources) {
    const problem = firstProblem(resource);
    if (problem) found.push({ resource, reference: resource.id ? `${resource.resourceType}/${resource.id}` : resource.resourceType, problem });
  }
  return found;
}

/** Codings at a retrieve's code path (`code`, or a choice such as `medication` → medicationCodeableConcept). */
function codingKeys(resource: Resource, path: string): string[] {
  const record = resource as unknown as Record<string, unknown>;
  const concept = (record[path] ?? record[`${path}CodeableConcept`]) as { coding?: unknown } | undefined;
  const concepts = Array.isArray(concept) ? concept : [concept];
  return concepts.flatMap((c) =>
    Array.isArray(c?.coding) ? c.coding.map((k: { system?: string; code?: string }) => codeKey(k?.system, k?.code)) : [],
  );
}

export interface TrialLibraries {
  libraries: readonly ElmLibraryJson[];
  root: string;
}

/**
 * For one trial and one patient: the define → reason function evaluate-trial applies. The retrieves
 * behind each define are found once per trial (`retrieves` cache, kept by the caller).
 */
export function unreadableDataOf(
  records: readonly UnreadableRecord[],
  trial: TrialLibraries,
  valueSets: ReadonlyMap<string, LoadedValueSet>,
  retrieves: Map<string, ReturnType<typeof retrievesOfDefine>>,
): UnreadableData | undefined {
  if (records.length === 0) return undefined;
  return (define) => {
    let found = retrieves.get(define);
    if (!found) retrieves.set(define, (found = retrievesOfDefine(trial.libraries, trial.root, define)));
    const read = records.filter((r) =>
      found.some((f) => {
        if (f.type !== r.resource.resourceType) return false;
        const set = f.valueSet ? valueSets.get(f.valueSet) : undefined;
        return !set || codingKeys(r.resource, f.path ?? 'code').some((k) => set.keys.has(k));
      }),
    );
    if (read.length === 0) return undefined;
    const shown = read.slice(0, 3).map((r) => `${r.reference}: ${r.problem}`);
    const more = read.length > 3 ? ` (and ${read.length - 3} more)` : '';
    return { reason: `a record this criterion reads cannot be used: ${shown.join('; ')}${more}`, evidence: read.slice(0, 20).map((r) => r.reference) };
  };
}
