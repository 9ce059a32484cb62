import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resource } from 'fhir/r4';
import { createFhirClient, FhirClientError } from '../../../src/data/fhir-client.js';
import { startFhirServer, type TestFhirServer } from '../../support/fhir-server.js';

describe('createFhirClient (against the medplum test server)', () => {
  let fhir: TestFhirServer;
  beforeAll(async () => {
    fhir = await startFhirServer({ pageSize: 3, requireToken: 'tok' });
    const obs = Array.from({ length: 10 }, (_, i) => ({
      resourceType: 'Observation',
      id: `o${i}`,
      status: 'final',
      code: { text: 'x' },
      subject: { reference: 'Patient/p1' },
    }));
    await fhir.load([{ resourceType: 'Patient', id: 'p1' } as Resource, ...(obs as Resource[])]);
  });
  afterAll(() => fhir.close());
  beforeEach(() => {
    fhir.requests.length = 0;
    fhir.setFault(undefined);
  });
  const client = (extra = {}) =>
    createFhirClient({
      baseUrl: fhir.baseUrl,
      accessToken: 'tok',
      timeoutMs: 500,
      retries: 2,
      retryBaseDelayMs: 10,
      ...extra,
    });

  it('reads a resource and follows every next link of a search', async () => {
    expect((await client().read('Patient', 'p1')).id).toBe('p1');
    const found = await client().search('Observation', { patient: 'p1' });
    expect(found.map((r) => r.id).sort()).toEqual([
      'o0',
      'o1',
      'o2',
      'o3',
      'o4',
      'o5',
      'o6',
      'o7',
      'o8',
      'o9',
    ]);
    expect(fhir.requests.filter((r) => r.url.startsWith('/fhir/Observation'))).toHaveLength(4);
    expect(fhir.requests.every((r) => r.authorization === 'Bearer tok')).toBe(true);
  });

  it('hands a population search over page by page, without the maxPages bound', async () => {
    const pages: string[][] = [];
    for await (const page of client({ maxPages: 1 }).pages('Observation?patient=p1'))
      pages.push(page.map((r) => r.id!));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat().sort()).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9']);
    const single: string[][] = [];
    for await (const page of client().pages('Patient/p1')) single.push(page.map((r) => r.id!));
    expect(single).toEqual([['p1']]);
  });

  it('stops at maxPages rather than paging forever', async () => {
    await expect(client({ maxPages: 2 }).search('Observation', { patient: 'p1' })).rejects.toMatchObject({
      kind: 'paging',
    });
  });

  it('retries 429/5xx with backoff, then gives up with the status', async () => {
    let n = 0;
    fhir.setFault(() => (n++ < 2 ? { status: 429 } : undefined));
    expect((await client().read('Patient', 'p1')).id).toBe('p1');
    expect(fhir.requests).toHaveLength(3);
    fhir.setFault(() => ({ status: 502 }));
    const err = await client()
      .read('Patient', 'p1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FhirClientError);
    expect(err).toMatchObject({ kind: 'http', status: 502, message: 'read Patient: HTTP 502' });
  });

  it('does not retry other client errors', async () => {
    const err = await client()
      .read('Patient', 'nope')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 404 });
    expect(fhir.requests).toHaveLength(1);
  });

  it('times out a slow call and honours an abort signal', async () => {
    fhir.setFault(() => ({ delayMs: 800 }));
    await expect(client({ retries: 0 }).read('Patient', 'p1')).rejects.toMatchObject({ kind: 'timeout' });
    await expect(
      client({ timeoutMs: 5000 }).read('Patient', 'p1', { signal: AbortSignal.timeout(100) }),
    ).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('treats an error OperationOutcome inside a searchset as an incomplete result', async () => {
    fhir.setFault(() => ({
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'too-costly' }],
            },
          },
        ],
      },
    }));
    await expect(client().search('Observation', {})).rejects.toMatchObject({ kind: 'incomplete' });
  });
});

describe('createFhirClient next-link safety', () => {
  let server: Server;
  let base: string;
  const seen: { url?: string; auth?: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      const next = req.url?.includes('loop')
        ? `${base}/Observation?loop=1`
        : 'https://attacker.example/steal';
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.end(
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: next }],
          entry: [],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('refuses a next link to another origin (the token would leak) and a link that repeats a page', async () => {
    const client = createFhirClient({ baseUrl: base, accessToken: 'secret' });
    await expect(client.search('Observation', {})).rejects.toMatchObject({
      kind: 'paging',
      message: 'search Observation: next link leaves the FHIR server',
    });
    await expect(client.search('Observation', { loop: '1' })).rejects.toMatchObject({
      kind: 'paging',
      message: 'search Observation: next link repeats a page',
    });
  });
});

describe('createFhirClient retry waits', () => {
  let server: Server;
  let base: string;
  let answers: { status: number; headers?: Record<string, string> }[] = [];
  let seenAt: number[] = [];
  beforeAll(async () => {
    server = createServer((_req, res) => {
      seenAt.push(Date.now());
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, { 'Content-Type': 'application/fhir+json', ...answer.headers });
      res.end(JSON.stringify(answer.status === 200 ? { resourceType: 'Patient', id: 'p1' } : { resourceType: 'OperationOutcome', issue: [] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    seenAt = [];
  });

  it("waits the server's Retry-After instead of the backoff", async () => {
    answers = [{ status: 503, headers: { 'Retry-After': '1' } }];
    const client = createFhirClient({ baseUrl: base, retries: 1, retryBaseDelayMs: 10 });
    expect((await client.read('Patient', 'p1')).id).toBe('p1');
    expect(seenAt).toHaveLength(2);
    expect(seenAt[1]! - seenAt[0]!).toBeGreaterThanOrEqual(950);
  });

  it('ends a retry wait when the caller aborts', async () => {
    answers = [{ status: 429, headers: { 'Retry-After': '5' } }];
    const client = createFhirClient({ baseUrl: base, retries: 1 });
    const started = Date.now();
    await expect(client.read('Patient', 'p1', { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seenAt).toHaveLength(1);
  });
});
