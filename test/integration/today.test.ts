// One "today" on every surface (issue 20). Pacific/Kiritimati (UTC+14) and Etc/GMT+12 (UTC−12)
// are 26 hours apart, so at any instant their dates differ — and one of them is always past a
// midnight that UTC has not reached (or the reverse): the default as-of date must follow the
// configured zone (TRIALCDS_TIME_ZONE, else the machine's, TZ) in the CLI, hooks, screening jobs
// and /fhir operations alike.
import { execFileSync } from 'node:child_process';
import type { Parameters } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import type { JobManager, JobRequest } from '../../src/batch/job-manager.js';
import { todayIn } from '../../src/domain/calendar-date.js';
import { evaluationWorkerScript } from '../../src/engine/pool/evaluation-pool.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { bundledEngine, expanderOf } from '../support/real-engine.js';
import { call, startCds, testConfig } from '../support/cds-server.js';

const ZONES = ['Pacific/Kiritimati', 'Etc/GMT+12'] as const;
const hookRequest = JSON.parse(readFileSync(`${PROJECT_ROOT}/examples/hook-request.json`, 'utf8'));
const patientFile = `${PROJECT_ROOT}/examples/lupus-nephritis-patient.json`;

/** The expected day, read around the call: a midnight crossed during it allows either day. */
async function expectToday(zone: string, asOf: () => Promise<string>): Promise<void> {
  const before = todayIn(zone);
  const got = await asOf();
  expect([before, todayIn(zone)]).toContain(got);
}

test('the two zones never agree (the test below would prove nothing otherwise)', () => {
  expect(todayIn(ZONES[0])).not.toBe(todayIn(ZONES[1]));
});

(evaluationWorkerScript() ? describe : describe.skip)('the CLI in a process of its own', () => {
  const evaluateAsOf = (env: NodeJS.ProcessEnv) => async () => {
    const out = execFileSync(process.execPath, ['dist/src/cli/main.js', 'evaluate', '--bundle', patientFile, '--trial', 'ln-cart-5-35'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return (JSON.parse(out) as { asOf: string }).asOf;
  };
  test.each(ZONES)('TZ=%s: today in the machine zone', async (zone) => {
    await expectToday(zone, evaluateAsOf({ TZ: zone }));
  });
  test.each(ZONES)('TRIALCDS_TIME_ZONE=%s wins over TZ=UTC', async (zone) => {
    await expectToday(zone, evaluateAsOf({ TZ: 'UTC', TRIALCDS_TIME_ZONE: zone }));
  });
  test('an unknown zone is exit 2 with the variable named', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['dist/src/cli/main.js', 'evaluate', '--bundle', patientFile], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, TRIALCDS_TIME_ZONE: 'Mars/Olympus_Mons' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      ({ status, stderr } = error as { status: number; stderr: string });
    }
    expect(status).toBe(2);
    expect(stderr).toContain('TRIALCDS_TIME_ZONE');
  });
});

describe.each(ZONES)('the service configured with %s', (zone) => {
  test('hooks, screening jobs and $evaluate-eligibility default to that day', async () => {
    const engine = await bundledEngine();
    const jobRequests: JobRequest[] = [];
    const screeningJobs = {
      start: (request: JobRequest) => (jobRequests.push(request), { id: 'job-1', state: 'queued' }),
    } as unknown as JobManager;
    const cds = await startCds({ engine, expandValueSet: expanderOf(engine), config: testConfig({ timeZone: zone }), screeningJobs });
    try {
      await expectToday(zone, async () => {
        const res = await call(`${cds.url}/cds-services/trial-eligibility`, { method: 'POST', body: hookRequest });
        return /as of (\d{4}-\d{2}-\d{2})/.exec(JSON.stringify(res.body))![1]!;
      });
      await expectToday(zone, async () => {
        await call(`${cds.url}/screening-jobs`, { method: 'POST', body: { fhirServer: 'http://127.0.0.1:9/fhir' } });
        return jobRequests[0]!.asOf;
      });
      await expectToday(zone, async () => {
        const bundle = JSON.parse(readFileSync(patientFile, 'utf8'));
        const body: Parameters = { resourceType: 'Parameters', parameter: [{ name: 'data', resource: bundle }] };
        const res = await call(`${cds.url}/fhir/ResearchStudy/ln-cart-5-35/$evaluate-eligibility`, { body });
        const attachment = (res.body as Parameters).parameter!.find((p) => p.name === 'report')!.valueAttachment!;
        return (JSON.parse(Buffer.from(attachment.data!, 'base64').toString('utf8')) as { asOf: string }).asOf;
      });
    } finally {
      await cds.close();
    }
  }, 60_000);
});
