import type { Bundle, FhirResource } from 'fhir/r4';
import { BadInputError } from '../domain/errors.js';
import type { CatalogType } from './knowledge-catalog.js';

/** How a search parameter compares (FHIR R4 search.html): string, token or uri. */
type ParamKind = 'string' | 'token' | 'uri';

interface SearchParam {
  kind: ParamKind;
  /** The values of the resource the parameter matches against (all as text). */
  values(resource: FhirResource): string[];
  /** For the CapabilityStatement. */
  documentation: string;
}

type Fields = Record<string, unknown>;
const field = (name: string) => (r: FhirResource) => {
  const value = (r as unknown as Fields)[name];
  return typeof value === 'string' ? [value] : [];
};
/** Identifiers as `system|value` so that one token matcher handles every form of the query. */
const identifiers = (r: FhirResource) =>
  (((r as unknown as Fields).identifier ?? []) as { system?: string; value?: string }[]).map(
    (i) => `${i.system ?? ''}|${i.value ?? ''}`,
  );

const ID: SearchParam = {
  kind: 'token',
  values: (r) => (r.id ? [r.id] : []),
  documentation: 'logical id, exact',
};
const IDENTIFIER: SearchParam = {
  kind: 'token',
  values: identifiers,
  documentation: '`system|value`, `|value` (no system) or `value` (any system)',
};
const STATUS: SearchParam = { kind: 'token', values: field('status'), documentation: 'status code, exact' };
const TITLE: SearchParam = {
  kind: 'string',
  values: field('title'),
  documentation: 'case- and accent-insensitive starts-with; `:exact`, `:contains` modifiers',
};
const NAME: SearchParam = { ...TITLE, values: field('name') };
const URL: SearchParam = {
  kind: 'uri',
  values: (r) => field('url')(r).map((u) => `${u}|${field('version')(r)[0] ?? ''}`),
  documentation: 'canonical url, exact; `url|version` pins the version',
};
const VERSION: SearchParam = {
  kind: 'token',
  values: field('version'),
  documentation: 'business version, exact',
};

const CANONICAL_PARAMS = {
  _id: ID,
  url: URL,
  version: VERSION,
  name: NAME,
  title: TITLE,
  status: STATUS,
  identifier: IDENTIFIER,
};

/**
 * The search parameters implemented, per type: the standard R4 ones whose element the type has
 * (ResearchStudy and Group have no canonical url, version or name in R4).
 */
export const SEARCH_PARAMS: Record<CatalogType, Record<string, SearchParam>> = {
  Library: CANONICAL_PARAMS,
  ValueSet: CANONICAL_PARAMS,
  ResearchStudy: { _id: ID, identifier: IDENTIFIER, title: TITLE, status: STATUS },
  Group: { _id: ID, identifier: IDENTIFIER },
};

/** Query parameters that are about the response, not the search: accepted and ignored. */
const RESULT_PARAMS = new Set(['_format']);

/** Accent- and case-insensitive form used by FHIR string search. */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function stringMatch(modifier: string | undefined, actual: string, wanted: string): boolean {
  if (modifier === 'exact') return actual === wanted;
  if (modifier === 'contains') return folded(actual).includes(folded(wanted));
  return folded(actual).startsWith(folded(wanted));
}

/** Tokens are stored as `system|code` (identifier) or `code`; the query may say `system|`, `|code`, `code`. */
function tokenMatch(actual: string, wanted: string): boolean {
  if (!actual.includes('|')) return !wanted.includes('|') && actual === wanted;
  if (!wanted.includes('|')) return actual.slice(actual.indexOf('|') + 1) === wanted;
  const [system, code] = [wanted.slice(0, wanted.indexOf('|')), wanted.slice(wanted.indexOf('|') + 1)];
  const [aSystem, aCode] = [actual.slice(0, actual.indexOf('|')), actual.slice(actual.indexOf('|') + 1)];
  return system === aSystem && (code === '' || code === aCode);
}

/** Canonical urls are stored as `url|version`: `url` matches any version, `url|version` that one. */
function uriMatch(actual: string, wanted: string): boolean {
  return wanted.includes('|') ? actual === wanted : actual.slice(0, actual.lastIndexOf('|')) === wanted;
}

function matches(
  param: SearchParam,
  modifier: string | undefined,
  resource: FhirResource,
  wanted: string,
): boolean {
  return param.values(resource).some((actual) => {
    if (param.kind === 'string') return stringMatch(modifier, actual, wanted);
    if (param.kind === 'uri') return uriMatch(actual, wanted);
    return tokenMatch(actual, wanted);
  });
}

interface Criterion {
  param: SearchParam;
  modifier: string | undefined;
  /** Any of these (a comma-separated query value is an OR). */
  anyOf: string[];
}

/** The query as criteria; unknown parameters and modifiers are refused (strict handling). */
function criteriaOf(type: CatalogType, query: Map<string, string[]>): Criterion[] {
  const supported = SEARCH_PARAMS[type];
  const criteria: Criterion[] = [];
  for (const [key, values] of query) {
    if (RESULT_PARAMS.has(key)) continue;
    const [name, modifier] = key.split(':', 2) as [string, string | undefined];
    const param = Object.hasOwn(supported, name) ? supported[name] : undefined;
    if (!param) {
      throw new BadInputError(
        `unknown search parameter "${name}" for ${type} (this server handles search strictly); supported: ${Object.keys(supported).join(', ')}`,
      );
    }
    if (modifier !== undefined && !(param.kind === 'string' && ['exact', 'contains'].includes(modifier))) {
      throw new BadInputError(`modifier :${modifier} is not supported on ${type} search parameter ${name}`);
    }
    // A repeated parameter is an AND: every occurrence is its own criterion.
    for (const value of values) criteria.push({ param, modifier, anyOf: value.split(',') });
  }
  return criteria;
}

/** The resources matching every criterion of the query. */
export function search(
  type: CatalogType,
  resources: readonly FhirResource[],
  query: Map<string, string[]>,
): FhirResource[] {
  const criteria = criteriaOf(type, query);
  return resources.filter((r) =>
    criteria.every((c) => c.anyOf.some((v) => matches(c.param, c.modifier, r, v))),
  );
}

/** A searchset Bundle: every match in one page (no paging), each with its absolute fullUrl. */
export function searchsetBundle(base: string, selfUrl: string, matched: readonly FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: matched.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: matched.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}
