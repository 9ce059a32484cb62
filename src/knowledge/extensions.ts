// Extension urls of the trial artifacts, and small readers for them. Standard extensions where FHIR
// has one (cqf-library, cqf-expression); ours (under CANONICAL_BASE) for what only our manifest has.
import type { Extension } from 'fhir/r4';
import { CANONICAL_BASE } from './contracts.js';

const OURS = `${CANONICAL_BASE}/StructureDefinition`;

export const EXT = {
  /** Standard: the library whose defines compute the characteristics (valueCanonical `url|version`). */
  library: 'http://hl7.org/fhir/StructureDefinition/cqf-library',
  /** Standard: the CQL define that computes one characteristic (valueExpression, text/cql-identifier). */
  expression: 'http://hl7.org/fhir/StructureDefinition/cqf-expression',
  /** Seed file the criteria were quoted from (valueString). */
  seed: `${OURS}/trial-seed`,
  /** inclusion | exclusion (valueCode). */
  kind: `${OURS}/criterion-kind`,
  /** outcome | review | pending (valueCode): how the criterion's status is produced. */
  result: `${OURS}/criterion-result`,
  /** Fixed reason shown for a review / pending criterion (valueString). */
  reason: `${OURS}/criterion-review-reason`,
  /** A note the seed attaches to the criterion, quoted exactly (valueString). */
  note: `${OURS}/criterion-note`,
  /** What to obtain for the criterion, in plain words (valueString). */
  label: `${OURS}/criterion-label`,
  /** Id of the criterion this one is a sub-criterion of (valueString). */
  parent: `${OURS}/criterion-parent`,
  /** all | any (valueCode): how sub-criteria roll up when the criterion has no define. */
  combine: `${OURS}/criterion-combine`,
} as const;

export function stringExtension(url: string, value: string | undefined): Extension[] {
  return value === undefined ? [] : [{ url, valueString: value }];
}

export function codeExtension(url: string, value: string | undefined): Extension[] {
  return value === undefined ? [] : [{ url, valueCode: value }];
}

export function findExtension(extensions: Extension[] | undefined, url: string): Extension | undefined {
  return extensions?.find((e) => e.url === url);
}

/** The value of a string/code/canonical extension, if present. */
export function extensionText(extensions: Extension[] | undefined, url: string): string | undefined {
  const found = findExtension(extensions, url);
  return found?.valueString ?? found?.valueCode ?? found?.valueCanonical;
}
