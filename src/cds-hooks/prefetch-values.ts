import type { Bundle, Resource } from 'fhir/r4';
import { isErrorOutcome } from '../fhir/operation-outcome.js';
import { templateType } from '../data/query-templates.js';

/**
 * What one prefetch key holds, judged against its template (CDS Hooks 2.0 "Prefetch Template"):
 * - `absent`: the client did not satisfy the template (or failed to): the service must fetch;
 * - `null`: the client has no data for it: authoritative, nothing to fetch;
 * - `data`: resources to use;
 * - `unusable`: present but not trustworthy (an error OperationOutcome, a paged Bundle cut at its
 *   first page, a resource of the wrong type): treated like `absent`, because evaluating on partial
 *   data would turn missing exclusions into false "no record" passes.
 */
export type PrefetchValue =
  | { state: 'absent' }
  | { state: 'null' }
  | { state: 'data'; resources: Resource[] }
  | { state: 'unusable'; why: string };

export function classifyPrefetch(
  prefetch: Record<string, unknown> | undefined,
  key: string,
  template: string,
): PrefetchValue {
  if (!prefetch || !Object.prototype.hasOwnProperty.call(prefetch, key)) return { state: 'absent' };
  const value = prefetch[key];
  if (value === null) return { state: 'null' };
  if (!isResource(value)) return { state: 'unusable', why: 'is not a FHIR resource' };
  if (value.resourceType === 'OperationOutcome') {
    return isErrorOutcome(value)
      ? { state: 'unusable', why: 'holds an error OperationOutcome' }
      : { state: 'null' };
  }
  const expectedType = templateType(template);
  const isSearch = template.includes('?');
  if (value.resourceType === 'Bundle') return bundleValue(value as Bundle);
  if (isSearch || value.resourceType !== expectedType)
    return {
      state: 'unusable',
      why: `holds a ${value.resourceType}, not the expected ${isSearch ? 'Bundle' : expectedType}`,
    };
  return { state: 'data', resources: [value] };
}

function bundleValue(bundle: Bundle): PrefetchValue {
  if (bundle.link?.some((l) => l.relation === 'next'))
    return { state: 'unusable', why: 'is a Bundle with more pages (prefetch must be complete)' };
  const resources: Resource[] = [];
  for (const entry of bundle.entry ?? []) {
    const r: unknown = entry?.resource;
    if (!isResource(r)) continue;
    if (r.resourceType === 'OperationOutcome') {
      if (isErrorOutcome(r))
        return { state: 'unusable', why: 'is a Bundle with an error OperationOutcome (partial result)' };
      continue;
    }
    resources.push(r);
  }
  return { state: 'data', resources };
}

export function isResource(value: unknown): value is Resource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Resource).resourceType === 'string'
  );
}
