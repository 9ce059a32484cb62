// `npm start` as a newcomer meets it (issue 20): the service process says on stdout when it is
// ready and where; it is ready once the main thread has loaded the trials (the evaluation workers
// warm up afterwards, in the background), and a hook sent at once is answered exactly as one sent
// after the workers are warm.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { evaluationWorkerScript } from '../../src/engine/pool/evaluation-pool.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const built = evaluationWorkerScript() !== undefined;
if (!built) process.stderr.write('skipping the service start tests: run npm run build first\n');
const request = JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/hook-request.json`, 'utf8'));

async function hook(url: string, hookInstance: string) {
  const res = await fetch(`${url}/cds-services/trial-eligibility`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, hookInstance }),
  });
  // Cards and suggestions get fresh uuids per call; everything else must be the same.
  const body = JSON.parse(await res.text(), (key, value: unknown) => (key === 'uuid' ? undefined : value)) as { cards: unknown[] };
  return { status: res.status, cards: body.cards };
}

(built ? describe : describe.skip)('starting the service', () => {
  let service: ServiceProcess;
  afterAll(async () => service?.stop());

  test('the ready line names the URL; hooks before and after the pool is warm get the same cards', async () => {
    service = await startServiceProcess();
    // Generous for a loaded 2-core machine; unloaded it is 2–3 s (tsc no longer runs at start).
    expect(service.readyAfterMs).toBeLessThan(20_000);
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const early = await hook(service.url, 'a0000000-0000-4000-8000-000000000001');
    expect(early.status).toBe(200);
    expect(early.cards).toHaveLength(1);
    const warm = await service.waitFor(/^evaluation pool warm/);
    expect(warm.evaluationThreads).toBeGreaterThan(0);
    const later = await hook(service.url, 'a0000000-0000-4000-8000-000000000002');
    expect(later).toEqual(early);
  }, 90_000);
});

describe('npm start builds only a stale dist/', () => {
  test('with dist/ newer than every source the pre-start step builds nothing and takes well under a second', () => {
    if (!built) return;
    const preStart = () => execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // A source edited since the last build (a developer's checkout) is built once, here…
    preStart();
    // …after which dist/ is newer than every source: nothing to build.
    const started = performance.now();
    expect(preStart()).toBe('');
    expect(performance.now() - started).toBeLessThan(3000);
  }, 180_000);
});
