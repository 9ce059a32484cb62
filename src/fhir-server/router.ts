import { Router, type Request, type RequestHandler } from 'express';
import type { FhirOperationDefinition, OperationDeps } from '../knowledge/contracts.js';
import type { LoadedEngine } from '../engine/load-engine.js';
import { capabilityStatement } from './capability-statement.js';
import { dataRequirementsOperation } from './data-requirements.js';
import {
  checkFormat,
  endpointBase,
  fhirBodyParser,
  problem,
  queryValues,
  sendResource,
} from './fhir-http.js';
import {
  catalogOf,
  CATALOG_TYPES,
  isCatalogType,
  readResource,
  resourcesOf,
  type CatalogType,
} from './knowledge-catalog.js';
import { operationRoutes } from './operation-routes.js';
import { search, searchsetBundle } from './search.js';
import { trialUploadHandler, type InstallTrialBundle } from './trial-upload.js';
import { valueSetExpandOperation } from './value-set-expand.js';

export interface FhirRouterDeps {
  /** Called per request: the engine can be reloaded (e.g. after a trial upload). */
  getEngine(): LoadedEngine;
  /** Operations served besides the built-in Library/$data-requirements and ValueSet/$expand. */
  operations: FhirOperationDefinition[];
  operationDeps: Omit<OperationDeps, 'engine'>;
  /** Installs a posted trial Bundle; absent → `POST /fhir` answers 405 (upload disabled). */
  installTrialBundle?: InstallTrialBundle;
  /** Public absolute url of this endpoint (`${BASE_URL}/fhir`); else taken from each request. */
  baseUrl?: string;
  /** Largest request body accepted (express size syntax); trial bundles carry ELM, hence the default. */
  bodyLimit?: string;
}

/** The operations this endpoint implements itself. */
export const BUILT_IN_OPERATIONS: readonly FhirOperationDefinition[] = [
  dataRequirementsOperation,
  valueSetExpandOperation,
];

/** A named path segment (express 5 types them loosely: wildcards give arrays, which we never declare). */
function segment(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** The type named in the path, if served; else a 404 listing what is. */
function servedType(type: string): CatalogType {
  if (isCatalogType(type)) return type;
  throw problem(
    404,
    'not-found',
    `resource type ${type} is not served here; served: ${CATALOG_TYPES.join(', ')}`,
  );
}

function searchHandler(deps: FhirRouterDeps): RequestHandler {
  return (req, res) => {
    const type = servedType(segment(req, 'type'));
    if (req.method !== 'GET')
      throw problem(405, 'not-supported', `${type} is read-only here: search with GET ${type}?…`, {
        Allow: 'GET',
      });
    const matched = search(type, resourcesOf(catalogOf(deps.getEngine()), type), queryValues(req));
    const base = endpointBase(req, deps.baseUrl);
    sendResource(res, 200, searchsetBundle(base, `${base}${req.url}`, matched));
  };
}

function readHandler(deps: FhirRouterDeps): RequestHandler {
  return (req, res) => {
    const type = servedType(segment(req, 'type'));
    const id = segment(req, 'id');
    if (req.method !== 'GET')
      throw problem(405, 'not-supported', `${type}/${id} is read-only here`, { Allow: 'GET' });
    const resource = readResource(catalogOf(deps.getEngine()), type, id);
    if (!resource) throw problem(404, 'not-found', `${type}/${id} is not known`);
    sendResource(res, 200, resource);
  };
}

/**
 * The FHIR R4 endpoint: metadata, read and search of the published trial artifacts, operations,
 * trial upload. Mount it at `/fhir` before the app's error handler (src/cds-hooks/error-handler.ts):
 * every failure is passed on to it, and it renders the OperationOutcome (UserFacingError by issue
 * code: not-found 404, processing 422, else 400; body-parser errors; anything else a generic 500).
 */
export function fhirRouter(deps: FhirRouterDeps): Router {
  const operations = [...BUILT_IN_OPERATIONS, ...deps.operations];
  const router = Router();
  router.use(checkFormat(), fhirBodyParser(deps.bodyLimit ?? '20mb'));
  router.get('/metadata', (req, res) => {
    const implementationUrl = deps.baseUrl ? endpointBase(req, deps.baseUrl) : undefined;
    sendResource(
      res,
      200,
      capabilityStatement({
        operations,
        transaction: Boolean(deps.installTrialBundle),
        ...(implementationUrl ? { implementationUrl } : {}),
      }),
    );
  });
  router.post('/', trialUploadHandler(deps.installTrialBundle));
  router.all('/', () => {
    throw problem(
      405,
      'not-supported',
      'the endpoint base takes POST (trial upload) only; see GET metadata',
      { Allow: 'POST' },
    );
  });
  router.all('/metadata', () => {
    throw problem(405, 'not-supported', 'metadata is read with GET', { Allow: 'GET' });
  });
  router.use(operationRoutes(operations, { getEngine: deps.getEngine, operationDeps: deps.operationDeps }));
  router.all('/:type', searchHandler(deps));
  router.all('/:type/:id', readHandler(deps));
  router.use((req) => {
    throw problem(
      404,
      'not-found',
      `no FHIR route for ${req.method} ${req.baseUrl}${req.path}; see GET ${req.baseUrl}/metadata`,
    );
  });
  return router;
}
