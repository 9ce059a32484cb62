import type { Bundle, Resource } from 'fhir/r4';
import { isErrorOutcome } from '../fhir/operation-outcome.js';
import { templateType } from './prefetch-templates.js';

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

/**
 * Replaces CDS Hooks 2.0 prefetch tokens: `{{context.<field>}}` for primitive top-level context
 * fields and the user tokens derived from `context.userId`. Returns undefined when a token cannot
 * be filled (the template then cannot be run).
 */
export function fillTemplate(template: string, context: Record<string, unknown>): string | undefined {
  let unresolved = false;
  const filled = template.replace(/\{\{\s*([A-Za-z.]+)\s*\}\}/g, (_m, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return unresolved ? undefined : filled;
}

const USER_TOKENS: Record<string, string> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

function tokenValue(token: string, context: Record<string, unknown>): string | undefined {
  if (token.startsWith('context.')) {
    const v = context[token.slice('context.'.length)];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  const type = USER_TOKENS[token];
  const userId = context.userId;
  if (!type || typeof userId !== 'string') return undefined;
  const [userType, id] = userId.split('/');
  return userType === type && id ? id : undefined;
}
