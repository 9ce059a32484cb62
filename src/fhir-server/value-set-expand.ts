import { randomUUID } from 'node:crypto';
import type { Parameters, ValueSet, ValueSetExpansionContains, ValueSetExpansionParameter } from 'fhir/r4';
import type { CodeRef } from '../artifacts/value-sets.js';
import { BadInputError } from '../domain/errors.js';
import type { FhirOperationDefinition } from '../knowledge/contracts.js';
import { catalogOf, findCanonical, readResource, type KnowledgeCatalog } from './knowledge-catalog.js';
import { checkKnownParams, countParam, stringParam } from './parameters.js';

const PARAMS = ['url', 'valueSetVersion', 'filter', 'offset', 'count'] as const;

export interface ExpandOptions {
  filter?: string;
  offset?: number;
  count?: number;
}

/** Case-insensitive substring on display or code: what a picker's type-ahead needs. */
function filtered(codes: readonly CodeRef[], filter: string | undefined): readonly CodeRef[] {
  if (!filter) return codes;
  const wanted = filter.toLowerCase();
  return codes.filter(
    (c) => c.code.toLowerCase().includes(wanted) || (c.display ?? '').toLowerCase().includes(wanted),
  );
}

/** The options the expansion used, echoed as expansion.parameter (FHIR R4 ValueSet.expansion). */
function echoed(options: ExpandOptions): ValueSetExpansionParameter[] {
  const echo: ValueSetExpansionParameter[] = [];
  if (options.filter !== undefined) echo.push({ name: 'filter', valueString: options.filter });
  if (options.offset !== undefined) echo.push({ name: 'offset', valueInteger: options.offset });
  if (options.count !== undefined) echo.push({ name: 'count', valueInteger: options.count });
  return echo;
}

/** The ValueSet with a fresh expansion of `codes`, filtered then paged; `total` counts the filtered codes. */
export function expandValueSet(
  valueSet: ValueSet,
  codes: readonly CodeRef[],
  options: ExpandOptions,
  now = new Date(),
): ValueSet {
  const matching = filtered(codes, options.filter);
  const offset = options.offset ?? 0;
  const page = matching.slice(offset, options.count === undefined ? undefined : offset + options.count);
  const contains: ValueSetExpansionContains[] = page.map((c) => ({
    system: c.system,
    code: c.code,
    ...(c.display ? { display: c.display } : {}),
  }));
  const parameter = echoed(options);
  return {
    ...valueSet,
    expansion: {
      identifier: `urn:uuid:${randomUUID()}`,
      timestamp: now.toISOString(),
      total: matching.length,
      offset,
      ...(parameter.length ? { parameter } : {}),
      ...(contains.length ? { contains } : {}),
    },
  };
}

/** The value set addressed by the instance id, or by the `url` (+ `valueSetVersion`) parameters. */
function targetValueSet(catalog: KnowledgeCatalog, input: Parameters, id: string | undefined): ValueSet {
  const url = stringParam(input, 'url');
  const version = stringParam(input, 'valueSetVersion');
  if (id !== undefined) {
    const found = readResource(catalog, 'ValueSet', id) as ValueSet | undefined;
    if (!found) throw new BadInputError(`ValueSet/${id} is not known`, 'not-found');
    // A url or version naming another value set than the instance is a mistake, not a hint.
    if ((url !== undefined && url !== found.url) || (version !== undefined && version !== found.version)) {
      throw new BadInputError(`ValueSet/${id} is ${found.url}|${found.version ?? ''}, not the url/valueSetVersion given`);
    }
    return found;
  }
  if (!url)
    throw new BadInputError(
      'ValueSet/$expand needs a url parameter (or call ValueSet/<id>/$expand)',
      'required',
    );
  const found = findCanonical<ValueSet>(catalog, 'ValueSet', url, version);
  if (!found)
    throw new BadInputError(
      `no value set ${url}${version ? ` version ${version}` : ''} is known`,
      'not-found',
    );
  return found;
}

export const valueSetExpandOperation: FhirOperationDefinition = {
  name: 'expand',
  definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
  resourceType: 'ValueSet',
  type: true,
  instance: true,
  documentation:
    'Expands a published value set from its loaded codes. Parameters: url (+ valueSetVersion) at type level, filter (case-insensitive substring of code or display), offset, count.',
  async run(input, target, deps) {
    checkKnownParams(input, '$expand', PARAMS);
    const catalog = catalogOf(deps.engine);
    const valueSet = targetValueSet(catalog, input, target.id);
    const options: ExpandOptions = {};
    const filter = stringParam(input, 'filter');
    const offset = countParam(input, 'offset');
    const count = countParam(input, 'count');
    if (filter !== undefined) options.filter = filter;
    if (offset !== undefined) options.offset = offset;
    if (count !== undefined) options.count = count;
    return expandValueSet(valueSet, catalog.codesByUrl.get(valueSet.url ?? '') ?? [], options);
  },
};
