import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp, type CdsAppDeps } from '../../src/cds-hooks/app.js';
import { createMemoryFeedbackStore, DEFAULT_FEEDBACK_FILE_OPTIONS } from '../../src/cds-hooks/feedback-store.js';
import type { AppConfig } from '../../src/config.js';
import { machineTimeZone } from '../../src/domain/calendar-date.js';
import { DEFAULT_CHART_LIMITS } from '../../src/domain/chart-limits.js';
import { createLogger } from '../../src/logging.js';

/** A configuration for tests: development mode, short timeouts, nothing read from the environment. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    auth: { mode: 'development' },
    corsOrigins: [],
    bodyLimit: '5mb',
    fhir: { timeoutMs: 2000, retries: 1, maxPages: 20, serverAllowlist: [] },
    requestDeadlineMs: 20_000,
    timeZone: machineTimeZone(),
    chartLimits: DEFAULT_CHART_LIMITS,
    feedbackStorePath: '/nonexistent/feedback.ndjson',
    feedbackStore: DEFAULT_FEEDBACK_FILE_OPTIONS,
    showIneligible: false,
    evaluationThreads: 0,
    workerHeapMb: 1024,
    engine: 'compiled',
    cqlOperation: true,
    logLevel: 'silent',
    ...overrides,
  };
}

/** Log lines captured in memory, to check what reaches the logs. */
export function captureLogs(level = 'trace') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger(level, stream), lines, text: () => lines.join('') };
}

export interface RunningCds {
  url: string;
  deps: CdsAppDeps;
  close(): Promise<void>;
}

/** Starts the real express app on 127.0.0.1, port 0. */
export async function startCds(
  deps: Partial<CdsAppDeps> & Pick<CdsAppDeps, 'engine' | 'expandValueSet'>,
): Promise<RunningCds> {
  const full: CdsAppDeps = {
    config: testConfig(),
    logger: createLogger('silent'),
    feedbackStore: createMemoryFeedbackStore(),
    ...deps,
  };
  const app = createApp(full);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps: full,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(
  url: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const res = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    ...(hasBody ? { body: init.rawBody ?? JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export const HOOK_INSTANCE = 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea';

/** A valid patient-view request; pass overrides to break one member at a time. */
export function patientViewRequest(
  patientId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: HOOK_INSTANCE,
    context: { userId: 'Practitioner/example', patientId },
    ...overrides,
  };
}

/** Checks the OperationOutcome shape every error answer must have; returns the issue texts. */
export function outcomeTexts(body: unknown): string[] {
  const o = body as {
    resourceType?: string;
    issue?: { severity?: string; code?: string; details?: { text?: string } }[];
  };
  if (o?.resourceType !== 'OperationOutcome' || !Array.isArray(o.issue) || o.issue.length === 0) {
    throw new Error(`not an OperationOutcome: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  for (const i of o.issue)
    if (!i.severity || !i.code) throw new Error('OperationOutcome issue without severity/code');
  return o.issue.map((i) => i.details?.text ?? '');
}
