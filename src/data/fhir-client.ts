import axios, { type AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import axiosRetry, { retryAfter } from 'axios-retry';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import { isErrorOutcome } from '../fhir/operation-outcome.js';
import { appendAll } from '../domain/append-all.js';
import { resourceShapeIssues } from '../fhir/resource-shape.js';

/**
 * A small FHIR R4 REST client for reads and searches (CDS Hooks fallback fetches, batch screening).
 *
 * - every call has its own timeout, and an optional AbortSignal carries a caller's overall deadline;
 * - searches follow Bundle.link[next] until the last page (bounded by `maxPages`), and next links
 *   must stay on the server's origin so the bearer token is never sent elsewhere;
 * - 429 and 5xx answers and network failures are retried a bounded number of times with
 *   exponential backoff (axios-retry; Retry-After is honoured, capped);
 * - errors are FhirClientError with a message safe to log: no URL query, no token, no body.
 */
export interface FhirClientOptions {
  /** Base URL of the FHIR server, e.g. `https://ehr.example.org/fhir`. */
  baseUrl: string;
  /** OAuth 2.0 bearer access token sent as `Authorization: Bearer …`. */
  accessToken?: string;
  /** Per HTTP call (each page, each retry). Default 5000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429 / 5xx / network errors. Default 2. */
  retries?: number;
  /** First backoff delay; doubles per retry. Default 200 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound on pages followed for one search. Default 50. */
  maxPages?: number;
  /** Largest response body accepted, bytes. Default 50 MB. */
  maxResponseBytes?: number;
}

export interface FhirCallOptions {
  /** Aborts the call (and any retry wait): use it for a request-wide deadline. */
  signal?: AbortSignal;
}

export type FhirGetResult =
  { kind: 'resource'; resource: Resource } | { kind: 'searchset'; resources: Resource[]; pages: number };

export interface FhirClient {
  readonly baseUrl: string;
  /** GET a relative URL (`Patient/1`, `Observation?patient=1&code=…`); searchsets are fully paged. */
  get(relativeUrl: string, options?: FhirCallOptions): Promise<FhirGetResult>;
  read<T extends Resource = Resource>(type: string, id: string, options?: FhirCallOptions): Promise<T>;
  search(
    type: string,
    params: Record<string, string | string[]>,
    options?: FhirCallOptions,
  ): Promise<Resource[]>;
}

/**
 * A client that can also hand over a search page by page, for population-sized searches (batch
 * screening) where collecting every page into one array would not fit in memory.
 */
export interface PagingFhirClient extends FhirClient {
  /** Yields each page's resources in turn, following Bundle.link[next] without a page bound. */
  pages(relativeUrl: string, options?: FhirCallOptions): AsyncGenerator<Resource[]>;
}

export type FhirClientErrorKind =
  'http' | 'timeout' | 'network' | 'aborted' | 'invalid-response' | 'incomplete' | 'paging';

/** Builds a client per caller-named server (the hook's fhirServer, a screening job's, an operation's). */
export type FhirClientFactory = (options: FhirClientOptions) => FhirClient;

export class FhirClientError extends Error {
  constructor(
    message: string,
    readonly kind: FhirClientErrorKind,
    readonly status?: number,
    /** The server's OperationOutcome, when it sent one (kept for callers; not logged). */
    readonly outcome?: OperationOutcome,
  ) {
    super(message);
    this.name = 'FhirClientError';
  }
}

/** The OperationOutcome issue type for a failed read: timeout, not-found, or `otherwise`. */
export function fetchFailureCode<T extends string>(error: FhirClientError, otherwise: T): 'timeout' | 'not-found' | T {
  if (error.kind === 'timeout' || error.kind === 'aborted') return 'timeout';
  return error.status === 404 ? 'not-found' : otherwise;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 5000;

interface ClientContext {
  http: AxiosInstance;
  baseUrl: string;
  origin: string;
  settings: RetrySettings & { maxPages: number };
}

export function createFhirClient(options: FhirClientOptions): PagingFhirClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const ctx: ClientContext = {
    baseUrl,
    origin: new URL(baseUrl).origin,
    settings: {
      retries: options.retries ?? 2,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
      maxPages: options.maxPages ?? 50,
    },
    http: axios.create({
      headers: {
        Accept: 'application/fhir+json, application/json;q=0.9',
        ...(options.accessToken ? { Authorization: `Bearer ${options.accessToken}` } : {}),
      },
      timeout: options.timeoutMs ?? 5000,
      maxContentLength: options.maxResponseBytes ?? 50 * 1024 * 1024,
      // Redirects could carry the bearer token to another host; a FHIR API has no reason to redirect.
      maxRedirects: 0,
      // Environment proxies are not applied implicitly: the EHR's FHIR server is usually internal.
      proxy: false,
      validateStatus: () => true,
      responseType: 'json',
    }),
  };
  withRetries(ctx.http, ctx.settings);
  const get = (relativeUrl: string, call: FhirCallOptions = {}) => getAllPages(ctx, relativeUrl, call.signal);
  return {
    baseUrl,
    get,
    async *pages(relativeUrl: string, call: FhirCallOptions = {}): AsyncGenerator<Resource[]> {
      for await (const page of iteratePages(ctx, relativeUrl, undefined, call.signal)) {
        yield page.kind === 'resource' ? [page.resource] : page.resources;
      }
    },
    async read<T extends Resource>(type: string, id: string, call?: FhirCallOptions): Promise<T> {
      const result = await get(`${encodeURIComponent(type)}/${encodeURIComponent(id)}`, call);
      if (result.kind !== 'resource' || result.resource.resourceType !== type) {
        throw new FhirClientError(`read ${type}: unexpected response`, 'invalid-response');
      }
      return result.resource as T;
    },
    async search(
      type: string,
      params: Record<string, string | string[]>,
      call?: FhirCallOptions,
    ): Promise<Resource[]> {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(params))
        for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
      const qs = query.toString();
      const result = await get(`${encodeURIComponent(type)}${qs ? `?${qs}` : ''}`, call);
      if (result.kind !== 'searchset') {
        throw new FhirClientError(`search ${type}: response is not a searchset Bundle`, 'invalid-response');
      }
      return result.resources;
    },
  };
}

/** One GET; a searchset is followed through its next links (same origin, no loops, bounded). */
async function getAllPages(
  ctx: ClientContext,
  relativeUrl: string,
  signal?: AbortSignal,
): Promise<FhirGetResult> {
  const resources: Resource[] = [];
  let pages = 0;
  for await (const page of iteratePages(ctx, relativeUrl, ctx.settings.maxPages, signal)) {
    if (page.kind === 'resource') return page;
    appendAll(resources, page.resources);
    pages++;
  }
  return { kind: 'searchset', resources, pages };
}

type Page = { kind: 'resource'; resource: Resource } | { kind: 'page'; resources: Resource[] };

/**
 * The pages of a GET, one at a time: a non-searchset answer is a single `resource`; a searchset is
 * followed through Bundle.link[next], which must stay on the server's origin (the bearer token
 * goes with it) and must not repeat a page. `maxPages` undefined = no bound (population searches).
 */
async function* iteratePages(
  ctx: ClientContext,
  relativeUrl: string,
  maxPages: number | undefined,
  signal?: AbortSignal,
): AsyncGenerator<Page> {
  const url = resolveRelative(ctx.baseUrl, relativeUrl);
  const what = describe(relativeUrl);
  const first = await getWithRetries(ctx.http, url, what, signal);
  if (first.resourceType !== 'Bundle' || (first as Bundle).type !== 'searchset') {
    checkShape(first, what);
    yield { kind: 'resource', resource: first };
    return;
  }
  const seen = new Set<string>([url]);
  let page = first as Bundle;
  for (let pages = 1; ; pages++) {
    yield { kind: 'page', resources: entriesOf(page, what) };
    const next = page.link?.find((l) => l.relation === 'next')?.url;
    if (!next) return;
    const nextUrl = resolveRelative(ctx.baseUrl, next);
    if (new URL(nextUrl).origin !== ctx.origin)
      throw new FhirClientError(`${what}: next link leaves the FHIR server`, 'paging');
    if (seen.has(nextUrl)) throw new FhirClientError(`${what}: next link repeats a page`, 'paging');
    if (maxPages !== undefined && pages >= maxPages)
      throw new FhirClientError(`${what}: more than ${maxPages} pages`, 'paging');
    seen.add(nextUrl);
    const body = await getWithRetries(ctx.http, nextUrl, what, signal);
    if (body.resourceType !== 'Bundle')
      throw new FhirClientError(`${what}: next page is not a Bundle`, 'invalid-response');
    page = body as Bundle;
  }
}

/** Resources of one searchset page; an error OperationOutcome entry means the result is partial. */
function entriesOf(bundle: Bundle, what: string): Resource[] {
  checkShape(bundle, what);
  const out: Resource[] = [];
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    if (!r) continue;
    if (r.resourceType === 'OperationOutcome') {
      if (isErrorOutcome(r))
        throw new FhirClientError(
          `${what}: server reported an error inside the search result`,
          'incomplete',
          undefined,
          r,
        );
      continue;
    }
    out.push(r);
  }
  return out;
}

/** A server's answer is input like any other: its JSON types are checked before anything reads it. */
function checkShape(resource: Resource, what: string): void {
  const issues = resourceShapeIssues(resource, '');
  if (issues.length > 0)
    throw new FhirClientError(`${what}: the server's answer is not valid FHIR R4 JSON (${issues.slice(0, 3).map((i) => i.text).join('; ')})`, 'invalid-response');
}

interface RetrySettings {
  retries: number;
  retryBaseDelayMs: number;
}

/**
 * 429 / 5xx answers and network failures are retried by axios-retry: each retry gets the whole
 * per-call timeout, waits the backoff or the server's Retry-After (capped), and an abort ends the
 * wait at once (the retried call then fails as aborted).
 */
function withRetries(http: AxiosInstance, s: RetrySettings): void {
  axiosRetry(http, {
    retries: s.retries,
    shouldResetTimeout: true,
    // Only retryable answers go through the retry logic; every other answer is handled below.
    validateResponse: (response) => !RETRYABLE.has(response.status),
    retryCondition: (error) =>
      error.response ? RETRYABLE.has(error.response.status) : classifyTransportError(error, '').kind === 'network',
    retryDelay: (retryNumber, error) => retryDelay(error, s, retryNumber - 1),
  });
}

async function getWithRetries(
  http: AxiosInstance,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<Resource> {
  if (signal?.aborted) throw new FhirClientError(`${what}: request deadline reached`, 'aborted');
  let response: AxiosResponse<unknown>;
  try {
    response = await http.get(url, signal ? { signal } : {});
  } catch (err) {
    // A retryable status that stayed so after the last retry arrives as an error with its response.
    if (!axios.isAxiosError(err) || !err.response || signal?.aborted) throw classifyTransportError(err, what, signal);
    response = err.response;
  }
  if (response.status >= 200 && response.status < 300) return asResource(response.data, what);
  const outcome = isOutcome(response.data) ? response.data : undefined;
  throw new FhirClientError(`${what}: HTTP ${response.status}`, 'http', response.status, outcome);
}

function classifyTransportError(err: unknown, what: string, signal?: AbortSignal): FhirClientError {
  if (signal?.aborted || axios.isCancel(err))
    return new FhirClientError(`${what}: request deadline reached`, 'aborted');
  const code = axios.isAxiosError(err) ? err.code : undefined;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
    return new FhirClientError(`${what}: timed out`, 'timeout');
  if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') {
    return new FhirClientError(`${what}: unusable response`, 'invalid-response');
  }
  return new FhirClientError(`${what}: cannot reach the FHIR server${code ? ` (${code})` : ''}`, 'network');
}

function asResource(data: unknown, what: string): Resource {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new FhirClientError(`${what}: response is not JSON`, 'invalid-response');
    }
  }
  if (typeof value !== 'object' || value === null || typeof (value as Resource).resourceType !== 'string') {
    throw new FhirClientError(`${what}: response is not a FHIR resource`, 'invalid-response');
  }
  return value as Resource;
}

function isOutcome(v: unknown): v is OperationOutcome {
  return typeof v === 'object' && v !== null && (v as Resource).resourceType === 'OperationOutcome';
}

function backoff(s: RetrySettings, attempt: number): number {
  const base = s.retryBaseDelayMs * 2 ** attempt;
  return base + Math.floor(Math.random() * (base / 2));
}

function retryDelay(error: AxiosError | undefined, s: RetrySettings, attempt: number): number {
  if (error?.response?.headers['retry-after'] !== undefined) return Math.min(retryAfter(error), MAX_RETRY_AFTER_MS);
  return backoff(s, attempt);
}

/** Absolute URL for a relative FHIR URL (or an absolute one the server returned in a link). */
export function resolveRelative(baseUrl: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${baseUrl}/${url.replace(/^\/+/, '')}`;
}

/** `search Observation` / `read Patient`: enough to diagnose, no ids or query values. */
function describe(relativeUrl: string): string {
  const [path = ''] = relativeUrl.split('?');
  const segments = path.split('/').filter((s) => s.length > 0);
  const type = segments[0] ?? 'resource';
  return segments.length >= 2 ? `read ${type}` : `search ${type}`;
}
