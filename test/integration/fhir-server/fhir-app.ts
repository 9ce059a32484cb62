import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call as jsonCall, outcomeTexts, type JsonResponse } from '../../support/cds-server.js';
import express from 'express';
import { errorHandler } from '../../../src/cds-hooks/error-handler.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { fhirRouter, type FhirRouterDeps } from '../../../src/fhir-server/router.js';
import { createLogger } from '../../../src/logging.js';

export interface RunningFhir {
  /** e.g. http://127.0.0.1:1234/fhir */
  base: string;
  close(): Promise<void>;
}

// Not test/support/cds-server.ts: that one starts the whole CDS app, and these tests are about the
// router alone (the service's own wiring has its own end-to-end test).

/** The /fhir router in a bare express app, mounted the way the service mounts it (before the error handler). */
export async function startFhir(
  engine: LoadedEngine,
  overrides: Partial<Omit<FhirRouterDeps, 'getEngine'>> = {},
): Promise<RunningFhir> {
  const app = express();
  app.use(
    '/fhir',
    fhirRouter({
      getEngine: () => engine,
      operations: [],
      operationDeps: {
        createFhirClient: () => {
          throw new Error('no FHIR server in these tests');
        },
        fhir: { timeoutMs: 2000, retries: 1, maxPages: 20, serverAllowlist: [] },
        allowUnlistedFhirServers: true,
        today: () => '2026-01-15',
      },
      ...overrides,
    }),
  );
  app.use(errorHandler(createLogger('silent')));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/fhir`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const FHIR_JSON = /^application\/fhir\+json; charset=utf-8$/;

export type FhirResponse = JsonResponse;

/** One HTTP call as `call` in test/support/cds-server.ts, but a body goes as application/fhir+json. */
export function call(
  url: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<FhirResponse> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  return jsonCall(url, { ...init, headers: { ...(hasBody ? { 'Content-Type': 'application/fhir+json' } : {}), ...init.headers } });
}

export { outcomeTexts };
