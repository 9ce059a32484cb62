// Issue 9 item 3: a new trial is data. A fourth trial (CQL + manifest + value sets + a case, no ELM)
// is dropped into a running service's local trials folder, or POSTed as a FHIR Bundle, and shows up
// in discovery, hook evaluation, screening and /fhir; a broken trial is refused and nothing changes.
import { PROJECT_ROOT } from '../../../src/project-paths.js';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bundle, Patient, Resource } from 'fhir/r4';
import { screenPopulation } from '../../../src/batch/screen-population.js';
import { loadEngine, type EngineOptions } from '../../../src/engine/load-engine.js';
import { ReloadableEngine } from '../../../src/engine/reloadable-engine.js';
import { createTrialInstaller } from '../../../src/knowledge/install-trial.js';
import { trialArtifacts } from '../../../src/knowledge/trial-artifacts.js';
import { trialBundle } from '../../../src/knowledge/trial-bundle.js';
import { call, outcomeTexts, patientViewRequest, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';
import { DEFAULT_CARD_SETTINGS } from '../../../src/config.js';
import { prefetchFor } from '../../support/real-engine.js';
import { writeExport } from '../batch/fixtures.js';

const FIXTURE = resolve('test/fixtures/fourth-trial/pilot-lupus-adult');
const TRIAL = 'pilot-lupus-adult';
const SERVICE = `trial-${TRIAL}`;
const caseFile = JSON.parse(readFileSync(join(FIXTURE, 'cases/adult-with-sle.json'), 'utf8')) as { asOf: string; bundle: Bundle };
const chart = caseFile.bundle.entry!.map((e) => e.resource!) as Resource[];
const patient = chart[0] as Patient;

let localDir: string;
let engine: ReloadableEngine;
let cds: RunningCds;

beforeAll(async () => {
  localDir = mkdtempSync(join(tmpdir(), 'trialcds-local-trials-'));
  const engineOptions: EngineOptions & { localTrialsDir: string } = { localTrialsDir: localDir };
  engine = new ReloadableEngine(await loadEngine(engineOptions), () => loadEngine(engineOptions));
  cds = await startCds({
    engine,
    expandValueSet: (url) => engine.valueSets.get(url)?.codes,
    reloadTrials: () => engine.reload(),
    installTrialBundle: createTrialInstaller({ engine, engineOptions }),
    now: () => new Date(`${caseFile.asOf}T12:00:00Z`),
    // Per-trial services (TRIALCDS_PER_TRIAL_SERVICES) show the new trial's own service in discovery.
    config: testConfig({ cards: { ...DEFAULT_CARD_SETTINGS, perTrialServices: true } }),
  });
}, 60_000);

afterAll(async () => {
  await cds?.close();
  rmSync(localDir, { recursive: true, force: true });
});

const serviceIds = async () => ((await call(`${cds.url}/cds-services`)).body.services as { id: string }[]).map((s) => s.id);
const reload = () => call(`${cds.url}/admin/reload`, { method: 'POST', body: {} });

async function hookCriteria(): Promise<Record<string, string>> {
  const discovery = (await call(`${cds.url}/cds-services`)).body.services as { id: string; prefetch: Record<string, string> }[];
  const service = discovery.find((s) => s.id === SERVICE)!;
  const prefetch = prefetchFor(service.prefetch, patient, chart.slice(1));
  const res = await call(`${cds.url}/cds-services/${SERVICE}`, { body: patientViewRequest(patient.id!, { prefetch }) });
  expect(res.status).toBe(200);
  expect(res.body.cards).toHaveLength(1);
  const report = await engine.evaluate({ patient, resources: chart.slice(1) }, { asOf: caseFile.asOf, trialIds: [TRIAL] });
  return Object.fromEntries(report.trials[0]!.criteria.map((c) => [c.id, c.status]));
}

describe('adding a fourth trial as a folder', () => {
  it('is absent before the folder is dropped in', async () => {
    expect(await serviceIds()).not.toContain(SERVICE);
    expect((await call(`${cds.url}/fhir/ResearchStudy/${TRIAL}`)).status).toBe(404);
    // Warms the operations' per-engine caches, which a reload must not leave stale.
    expect((await call(`${cds.url}/fhir/Library/PilotLupusAdult/$evaluate`, { body: { resourceType: 'Parameters' } })).status).toBe(404);
  });

  it('appears in discovery, evaluation and /fhir after a reload (its CQL compiled at load)', async () => {
    cpSync(FIXTURE, join(localDir, TRIAL), { recursive: true });
    const res = await reload();
    expect(res.status).toBe(200);
    expect(res.body.trials).toContain(TRIAL);
    expect(res.body.trials).toHaveLength(4);
    expect(await serviceIds()).toContain(SERVICE);
    expect(await hookCriteria()).toEqual({ I1: 'pass', I2: 'pass', I3: 'review' });
    const study = await call(`${cds.url}/fhir/ResearchStudy/${TRIAL}`);
    expect(study.status).toBe(200);
    expect(study.body.title).toContain('Pilot');
    const library = await call(`${cds.url}/fhir/Library/PilotLupusAdult`);
    expect(library.body.content.map((c: { contentType: string }) => c.contentType)).toEqual(
      expect.arrayContaining(['text/cql', 'application/elm+json']),
    );
    const vs = await call(`${cds.url}/fhir/ValueSet/$expand?url=${encodeURIComponent('urn:trialcds:valueset:pilot-sle')}`);
    expect(vs.body.expansion.contains[0].code).toBe('55464009');
  }, 60_000);

  it("runs its library through Library/$evaluate with its own value sets", async () => {
    const res = await call(`${cds.url}/fhir/Library/PilotLupusAdult/$evaluate`, {
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'subject', valueString: `Patient/${patient.id}` },
          { name: 'expression', valueString: 'Has SLE' },
          { name: 'data', resource: caseFile.bundle },
        ],
      },
    });
    expect(res.status).toBe(200);
    const hasSle = (res.body.parameter as { name: string; part?: { name: string; valueString?: string }[] }[]).find((p) => p.name === 'Has SLE');
    expect(hasSle?.part?.find((p) => p.name === 'status')?.valueString).toBe('pass');
  }, 60_000);

  it('is screened with the other trials', async () => {
    const out = mkdtempSync(join(tmpdir(), 'trialcds-fourth-screen-'));
    const summary = await screenPopulation({
      input: { kind: 'ndjson', dir: writeExport([chart]) },
      engine,
      expand: (url) => engine.valueSets.get(url)?.codes,
      engineSpec: {},
      asOf: caseFile.asOf,
      resultsPath: join(out, 'results.ndjson'),
      worklistPath: join(out, 'worklist.csv'),
      summaryPath: join(out, 'summary.json'),
      workers: 0,
    });
    expect(JSON.stringify(summary)).toContain(TRIAL);
    const line = JSON.parse(readFileSync(join(out, 'results.ndjson'), 'utf8').trim()) as { trials: { id: string; status: string }[] };
    expect(line.trials.find((t) => t.id === TRIAL)?.status).toBe('likely-eligible');
    rmSync(out, { recursive: true, force: true });
  }, 60_000);

  it('refuses a broken trial folder with the compile error, and keeps serving the loaded trials', async () => {
    const broken = join(localDir, 'broken-trial');
    cpSync(FIXTURE, broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(broken, 'trial.json'), 'utf8')) as { id: string; library: { name: string } };
    writeFileSync(join(broken, 'trial.json'), JSON.stringify({ ...manifest, id: 'broken-trial', library: { ...manifest.library, name: 'BrokenTrial' } }));
    rmSync(join(broken, 'PilotLupusAdult.cql'));
    writeFileSync(join(broken, 'BrokenTrial.cql'), "library BrokenTrial version '0.1.0'\nusing FHIR version '4.0.1'\ncontext Patient\ndefine \"Adult\": AgeInYears( >= 18\n");
    rmSync(join(broken, 'valuesets'), { recursive: true });
    const res = await reload();
    expect(res.status).toBe(422);
    expect(outcomeTexts(res.body).join(' ')).toMatch(/BrokenTrial\.cql:4:\d+/);
    expect(await serviceIds()).toContain(SERVICE);
    expect(await serviceIds()).not.toContain('trial-broken-trial');
    rmSync(broken, { recursive: true });
  }, 60_000);
});

describe('adding a trial by POSTing its FHIR Bundle', () => {
  let bundle: Bundle;
  beforeAll(async () => {
    const loaded = engine.loadedTrials.find((t) => t.manifest.id === TRIAL)!;
    bundle = trialBundle(trialArtifacts(loaded, engine.valueSets));
    rmSync(join(localDir, TRIAL), { recursive: true });
    expect((await reload()).body.trials).not.toContain(TRIAL);
  }, 60_000);

  it('installs the trial: folder written, trial served, evaluation unchanged', async () => {
    const res = await call(`${cds.url}/fhir`, { body: bundle, headers: { 'Content-Type': 'application/fhir+json' } });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('transaction-response');
    expect(existsSync(join(localDir, TRIAL, 'trial.json'))).toBe(true);
    expect(await serviceIds()).toContain(SERVICE);
    expect(await hookCriteria()).toEqual({ I1: 'pass', I2: 'pass', I3: 'review' });
  }, 60_000);

  it('refuses a Bundle whose CQL does not compile, leaving the installed trial as it was', async () => {
    const broken = structuredClone(bundle);
    const library = broken.entry!.map((e) => e.resource!).find((r) => r.resourceType === 'Library' && r.id === 'PilotLupusAdult') as {
      content: { contentType: string; data: string }[];
    };
    const cql = Buffer.from(library.content.find((c) => c.contentType === 'text/cql')!.data, 'base64').toString('utf8');
    library.content = [{ contentType: 'text/cql', data: Buffer.from(cql.replace('E."Age Between"(18, 60)', 'E."Age Between"(18,')).toString('base64') }];
    const res = await call(`${cds.url}/fhir`, { body: broken });
    expect(res.status).toBe(422);
    // Named inside the trial, never by a path of the server's disk (issue 20).
    expect(outcomeTexts(res.body).join(' ')).toMatch(new RegExp(`(^|[ :])${TRIAL}/PilotLupusAdult\\.cql:\\d+:\\d+`));
    expect(outcomeTexts(res.body).join(' ')).not.toContain(localDir);
    expect(await hookCriteria()).toEqual({ I1: 'pass', I2: 'pass', I3: 'review' });
    expect(readdirNoStaging(localDir)).toEqual([TRIAL]);
  }, 60_000);

  it('refuses to replace a bundled trial', async () => {
    const loaded = engine.loadedTrials.find((t) => t.manifest.id === 'NCT06789107')!;
    const res = await call(`${cds.url}/fhir`, { body: trialBundle(trialArtifacts(loaded, engine.valueSets)) });
    expect(res.status).toBe(422);
    expect(outcomeTexts(res.body).join(' ')).toContain('bundled with the service');
    expect(outcomeTexts(res.body).join(' ')).not.toContain(PROJECT_ROOT);
  }, 60_000);
});

function readdirNoStaging(dir: string): string[] {
  return readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
}
