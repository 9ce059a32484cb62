// (b) `trial-eligibility` hook latency over real HTTP with full prefetch, driven by autocannon.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Resource } from 'fhir/r4';
import { createApp } from '../src/cds-hooks/app.js';
import { createMemoryFeedbackStore } from '../src/cds-hooks/feedback-store.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logging.js';
import type { LoadedEngine } from '../src/engine/load-engine.js';
import { chartsOfSize } from './eval-bench.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: object) => Promise<{
  latency: { p50: number; p97_5: number; p99: number; p90: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}> & { on?: unknown };

export interface HookLatencyResult {
  /** `lupus`: a chart that passes the first criteria (worst case); `no lupus`: the usual chart opened. */
  chart: 'lupus' | 'no lupus';
  connections: number;
  resources: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  non2xx: number;
  /** `GET /cds-services` p99 (ms) measured while the hook load ran (10-client runs only). */
  discoveryP99?: number;
}

interface Discovery {
  services: { id: string; prefetch?: Record<string, string> }[];
}

/** Full prefetch: each template's resource type answered with a searchset of this patient's resources. */
function prefetchFor(templates: Record<string, string>, resources: Resource[]): Record<string, unknown> {
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(templates)) {
    const type = template.split(/[/?]/)[0]!;
    const matching = resources.filter((r) => r.resourceType === type);
    prefetch[key] =
      type === 'Patient' && !template.includes('?')
        ? matching[0]
        : { resourceType: 'Bundle', type: 'searchset', total: matching.length, entry: matching.map((resource) => ({ resource })) };
  }
  return prefetch;
}

/** A run whose hooks did not all answer 2xx measured failures, not latency: it is reported as failed. */
export interface FailedHookRun {
  chart: HookLatencyResult['chart'];
  connections: number;
  label: string;
  failed: string;
}

export function failureOf(run: { requests: { total: number }; non2xx: number; errors: number; timeouts: number }): string | undefined {
  if (run.requests.total === 0) return 'no request was answered';
  if (run.non2xx > 0) return `${run.non2xx} of ${run.requests.total} answers were not 2xx`;
  if (run.errors > 0) return `${run.errors} requests failed (${run.timeouts} timeouts)`;
  return undefined;
}

export async function hookLatency(engine: LoadedEngine, quick: boolean): Promise<(HookLatencyResult | FailedHookRun)[]> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const app = createApp({
    engine,
    config,
    logger: createLogger('silent'),
    feedbackStore: createMemoryFeedbackStore(),
    expandValueSet: (url) => engine.valueSets.get(url)?.codes,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const discovery = (await (await fetch(`${base}/cds-services`)).json()) as Discovery;
    const service = discovery.services.find((s) => s.id === 'trial-eligibility');
    if (!service) throw new Error('no trial-eligibility service in discovery');
    const results: (HookLatencyResult | FailedHookRun)[] = [];
    for (const chart of ['lupus', 'no lupus'] as const) {
      const data = chartsOfSize(1000, 1, 1000, chart === 'lupus' ? 1 : 0)[0]!;
      const resources = [data.patient, ...data.resources];
      const body = JSON.stringify({
        hook: 'patient-view',
        hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
        context: { patientId: data.patient.id, userId: 'Practitioner/bench' },
        prefetch: prefetchFor(service.prefetch ?? {}, resources),
      });
      for (const connections of quick ? [1, 10] : [1, 10, 50]) {
        const duration = quick ? 3 : 15;
        const hookRun = autocannon({
          url: `${base}/cds-services/trial-eligibility`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          connections,
          duration,
          timeout: 60,
        });
        // Discovery while the hooks are under load: the event loop must keep answering.
        const discovery = connections === 10 ? autocannon({ url: `${base}/cds-services`, connections: 1, duration, timeout: 60 }) : undefined;
        const [run, discoveryRun] = await Promise.all([hookRun, discovery]);
        const failed = failureOf(run);
        if (failed) {
          results.push({ chart, connections, label: `${connections} concurrent clients, ${resources.length}-resource ${chart} chart`, failed });
          continue;
        }
        results.push({
          chart,
          connections,
          resources: resources.length,
          p50: run.latency.p50,
          // autocannon reports p90 and p97.5; p95 is taken as the p97.5 bound (conservative).
          p95: run.latency.p97_5,
          p99: run.latency.p99,
          rps: run.requests.average,
          non2xx: run.non2xx,
          ...(discoveryRun ? { discoveryP99: discoveryRun.latency.p99 } : {}),
        });
      }
    }
    return results;
  } finally {
    server.close();
  }
}
