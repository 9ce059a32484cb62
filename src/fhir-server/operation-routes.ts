import { Router, type Request, type RequestHandler } from 'express';
import type { Parameters, ParametersParameter } from 'fhir/r4';
import { BadInputError } from '../domain/errors.js';
import type { LoadedEngine } from '../engine/load-engine.js';
import type { FhirOperationDefinition, OperationDeps } from '../knowledge/contracts.js';
import { jsonBody, problem, queryValues, sendResource } from './fhir-http.js';
import { resourceShapeIssues } from '../fhir/resource-shape.js';

export interface OperationRouteDeps {
  getEngine(): LoadedEngine;
  operationDeps: Omit<OperationDeps, 'engine'>;
}

type Level = 'system' | 'type' | 'instance';

/**
 * Parameter names that carry a resource in the operations we serve or know of (FHIR $evaluate,
 * $cql, CDS-style prefetch): a query string cannot carry them.
 */
const RESOURCE_PARAMS = new Set([
  'data',
  'prefetchData',
  'parameters',
  'resource',
  'bundle',
  'dataEndpoint',
  'contentEndpoint',
  'terminologyEndpoint',
]);

/** Credentials: never accepted in a query string (proxies and access logs keep URLs). */
const SECRET_PARAMS = new Set(['fhirAuthorization']);

/** Query parameters about the response format, never operation input. */
const FORMAT_PARAMS = new Set(['_format']);

const opKey = (resourceType: string | undefined, name: string) => `${resourceType ?? ''}/$${name}`;

/** Operations by `Type/$name` (`/$name` at system level); two definitions of one name are a wiring bug. */
export function indexOperations(
  operations: readonly FhirOperationDefinition[],
): Map<string, FhirOperationDefinition> {
  const index = new Map<string, FhirOperationDefinition>();
  for (const op of operations) {
    const key = opKey(op.resourceType, op.name);
    if (index.has(key)) throw new Error(`FHIR operation ${key} is defined twice`);
    index.set(key, op);
  }
  return index;
}

/** GET: every query parameter becomes a valueString part; resources cannot travel in a URL. */
function parametersFromQuery(req: Request): Parameters {
  const parameter: ParametersParameter[] = [];
  for (const [name, values] of queryValues(req)) {
    if (FORMAT_PARAMS.has(name)) continue;
    for (const value of values) {
      if (SECRET_PARAMS.has(name)) {
        throw new BadInputError(`parameter ${name} is a credential: send it in a POSTed Parameters body, never in a URL (URLs end up in logs)`);
      }
      // A CQL expression may start with `{` (a list literal); any other such value is a resource.
      if (RESOURCE_PARAMS.has(name) || (name !== 'expression' && value.trimStart().startsWith('{'))) {
        throw new BadInputError(
          `parameter ${name} carries a resource, which cannot be sent in a GET query: POST a Parameters resource instead`,
        );
      }
      parameter.push({ name, valueString: value });
    }
  }
  return { resourceType: 'Parameters', parameter };
}

/** POST: the body must be a Parameters resource (a bare resource is not accepted: say which one you mean). */
function parametersFromBody(req: Request): Parameters {
  const extra = [...queryValues(req).keys()].filter((n) => !FORMAT_PARAMS.has(n));
  if (extra.length)
    throw new BadInputError(
      `on POST, give every parameter in the Parameters body, not in the URL (got ${extra.join(', ')})`,
    );
  const body = jsonBody(req) as { resourceType?: unknown } | null;
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    body.resourceType !== 'Parameters'
  ) {
    const got =
      typeof body === 'object' && body !== null && 'resourceType' in body
        ? `a ${String(body.resourceType)}`
        : 'no FHIR resource';
    throw new BadInputError(`POST an operation's input as a Parameters resource (got ${got})`, 'structure');
  }
  checkParameterShapes(body as Parameters);
  // Then every resource it carries (data Bundles …), element by element, against the FHIR model.
  const issues = resourceShapeIssues(body, 'Parameters');
  if (issues.length > 0) throw new BadInputError(`not valid FHIR R4 JSON: ${issues.map((i) => i.text).join('; ')}`, 'structure');
  return body as Parameters;
}

/**
 * Operations read `parameter` and `part` as arrays of objects with a string `name`; anything else
 * is refused here with its path, so no operation trips over it later (a 500). Walked iteratively:
 * a deeply nested body cannot exhaust the stack.
 */
function checkParameterShapes(input: Parameters): void {
  const pending: { list: unknown; path: string }[] = [{ list: input.parameter, path: 'Parameters.parameter' }];
  while (pending.length) {
    const { list, path } = pending.pop()!;
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new BadInputError(`${path} must be a list`, 'structure');
    list.forEach((p: unknown, i) => {
      const where = `${path}[${i}]`;
      if (!p || typeof p !== 'object' || Array.isArray(p)) throw new BadInputError(`${where} must be an object`, 'structure');
      const { name, part, resource } = p as { name?: unknown; part?: unknown; resource?: { resourceType?: unknown; parameter?: unknown } };
      if (typeof name !== 'string' || !name) throw new BadInputError(`${where}.name must be a non-empty string`, 'structure');
      pending.push({ list: part, path: `${where}.part` });
      if (resource?.resourceType === 'Parameters') pending.push({ list: resource.parameter, path: `${where}.resource.parameter` });
    });
  }
}

function describe(level: Level, type: string | undefined, name: string): string {
  if (level === 'system') return `$${name}`;
  return level === 'type' ? `${type}/$${name}` : `${type}/<id>/$${name}`;
}

/** The operation the path names at its level, or a 404/400 that says what is served instead. */
function resolve(
  index: Map<string, FhirOperationDefinition>,
  level: Level,
  type: string | undefined,
  name: string,
): FhirOperationDefinition {
  const op = index.get(opKey(type, name));
  if (!op)
    throw problem(
      404,
      'not-found',
      `operation ${describe(level, type, name)} is not supported here; see GET metadata for the operations served`,
    );
  const allowed = level === 'system' || (level === 'type' ? op.type : op.instance);
  if (!allowed) {
    const other = level === 'type' ? 'instance' : 'type';
    throw problem(
      400,
      'not-supported',
      `operation $${name} on ${type} is invoked at ${other} level: ${describe(other, type, name)}`,
    );
  }
  return op;
}

function handler(
  index: Map<string, FhirOperationDefinition>,
  deps: OperationRouteDeps,
  level: Level,
): RequestHandler {
  return async (req, res, next) => {
    const params = req.params as Record<string, string | undefined>;
    const segment = params.op ?? '';
    if (!segment.startsWith('$')) {
      next();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      next(
        problem(405, 'not-supported', `operations are invoked with GET or POST (got ${req.method})`, {
          Allow: 'GET, POST',
        }),
      );
      return;
    }
    const type = level === 'system' ? undefined : params.type;
    const op = resolve(index, level, type, segment.slice(1));
    const input = req.method === 'GET' ? parametersFromQuery(req) : parametersFromBody(req);
    const target = level === 'instance' && params.id ? { id: params.id } : {};
    const output = await op.run(input, target, { ...deps.operationDeps, engine: deps.getEngine() });
    sendResource(res, 200, output);
  };
}

/** Mounts every operation at the levels it declares: `/$op`, `/Type/$op`, `/Type/id/$op` (GET and POST). */
export function operationRoutes(
  operations: readonly FhirOperationDefinition[],
  deps: OperationRouteDeps,
): Router {
  const index = indexOperations(operations);
  const router = Router();
  router.all('/:op', handler(index, deps, 'system'));
  router.all('/:type/:op', handler(index, deps, 'type'));
  router.all('/:type/:id/:op', handler(index, deps, 'instance'));
  return router;
}
