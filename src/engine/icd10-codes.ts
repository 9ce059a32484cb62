import type { CodeableConcept, Coding, Condition } from 'fhir/r4';

export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** An ICD-10-CM code as EHRs and claims feeds send it without the dot ("M3214"), or in lower case. */
const UNDOTTED = /^[A-Za-z][0-9][0-9A-Za-z][0-9A-Za-z]{1,4}$/;

/**
 * The tabular-list form of an ICD-10-CM code: upper case, a dot after the category ("M3214" → "M32.14",
 * "m32.9" → "M32.9"); null when the code already is in that form or is not an ICD-10-CM code shape.
 * Value sets list the dotted form, so an undotted code would otherwise match nothing — an SLE diagnosis
 * missed is a child wrongly excluded.
 */
export function dottedIcd10(code: string | undefined): string | null {
  if (!code) return null;
  const trimmed = code.trim();
  const dotted = UNDOTTED.test(trimmed) ? `${trimmed.slice(0, 3)}.${trimmed.slice(3)}` : trimmed;
  const normal = dotted.toUpperCase();
  return normal === code ? null : normal;
}

function withDottedCodings(concept: CodeableConcept | undefined): CodeableConcept | undefined {
  const codings = concept?.coding;
  if (!codings) return concept;
  const added: Coding[] = [];
  for (const c of codings) {
    const normal = c.system === ICD10CM ? dottedIcd10(c.code) : null;
    if (normal && !codings.some((o) => o.system === ICD10CM && o.code === normal)) added.push({ ...c, code: normal });
  }
  return added.length ? { ...concept, coding: [...codings, ...added] } : concept;
}

/** A Condition whose ICD-10-CM codings also carry the dotted form (the input itself when none is needed). */
export function conditionWithDottedIcd10(c: Condition): Condition {
  const code = withDottedCodings(c.code);
  return code === c.code ? c : { ...c, code };
}
