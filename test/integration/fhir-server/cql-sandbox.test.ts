// $cql in the sandbox: an expression that exhausts memory or time ends the worker, not the service,
// and the next call is answered by a fresh worker. Needs the built worker script (npm run build).
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { CqlSandbox, cqlWorkerScript } from '../../../src/fhir-server/operations/cql-sandbox.js';
import { call, outcomeTexts, startCds, type RunningCds } from '../../support/cds-server.js';
import { bundledEngine, expanderOf } from '../../support/real-engine.js';

const script = cqlWorkerScript();
const describeBuilt = script ? describe : describe.skip;
if (!script) console.warn('cql-sandbox tests skipped: run `npm run build` first (the worker runs from dist/)');

describeBuilt('$cql in the sandbox (worker thread with memory and time limits)', () => {
  let engine: LoadedEngine;
  const servers: RunningCds[] = [];
  const sandboxes: CqlSandbox[] = [];
  beforeAll(async () => {
    engine = await bundledEngine();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(sandboxes.map((s) => s.close()));
  });

  async function serviceWith(limits: { memoryMb: number; timeoutMs: number }): Promise<RunningCds> {
    const sandbox = new CqlSandbox(script!, {}, limits);
    sandboxes.push(sandbox);
    const cds = await startCds({ engine, expandValueSet: expanderOf(engine), cqlSandbox: sandbox });
    servers.push(cds);
    return cds;
  }
  const cql = (cds: RunningCds, expression: string) =>
    call(`${cds.url}/fhir/$cql`, { body: { resourceType: 'Parameters', parameter: [{ name: 'expression', valueString: expression }] } });

  it('answers, survives an expression that needs too much memory, and answers again', async () => {
    const cds = await serviceWith({ memoryMb: 384, timeoutMs: 60_000 });
    expect((await cql(cds, '1 + 1')).body.parameter[0].valueInteger).toBe(2);
    const huge = await cql(cds, 'Count(expand Interval[1, 100000000])');
    expect(huge.status).toBe(422);
    expect(outcomeTexts(huge.body)[0]).toMatch(/needed more than 384 MB of memory/);
    expect((await cql(cds, '1 + 2')).body.parameter[0].valueInteger).toBe(3);
    expect((await call(`${cds.url}/cds-services`)).status).toBe(200);
  }, 120_000);

  it('ends a call that takes longer than its deadline', async () => {
    // The first translation (the translator starting up in the worker) alone takes longer than 50 ms.
    const cds = await serviceWith({ memoryMb: 384, timeoutMs: 50 });
    const slow = await cql(cds, '1 + 1');
    expect(slow.status).toBe(504);
    expect(outcomeTexts(slow.body)[0]).toMatch(/took longer than 0.05 s/);
  }, 60_000);
});
