// Loading trial folders as data: CQL without ELM, stale ELM, folder-local value sets, two folders.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Patient } from 'fhir/r4';
import { compilePath, defaultLibraryDirs, writeElm } from '../../../src/cql-toolchain/compile.js';
import { loadEngine } from '../../../src/engine/load-engine.js';
import { PROJECT_ROOT, TRIALS_DIR } from '../../../src/project-paths.js';

const FIXTURE = resolve('test/fixtures/fourth-trial/pilot-lupus-adult');
const TRIAL = 'pilot-lupus-adult';
const AS_OF = '2026-11-01';
const aged = (years: number): Patient => ({ resourceType: 'Patient', id: 'p1', birthDate: `${2026 - years}-01-01` });

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'trialcds-folders-'));
  cpSync(FIXTURE, join(root, TRIAL), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function ageStatus(years: number): Promise<string> {
  const engine = await loadEngine({ trialsDir: root });
  const report = await engine.evaluate({ patient: aged(years), resources: [] }, { asOf: AS_OF });
  return report.trials[0]!.criteria.find((c) => c.id === 'I1')!.status;
}

describe('a trial folder', () => {
  it('with CQL and no ELM is compiled when it is loaded', async () => {
    const engine = await loadEngine({ trialsDir: root });
    expect(engine.trials.map((t) => t.manifest.id)).toEqual([TRIAL]);
    expect(engine.loadedTrials[0]!.cqlSources.get('PilotLupusAdult')).toContain('library PilotLupusAdult');
  }, 60_000);

  it('with ELM older than its CQL runs the CQL, not the stale ELM', async () => {
    const cqlPath = join(root, TRIAL, 'PilotLupusAdult.cql');
    compilePath(cqlPath, defaultLibraryDirs(PROJECT_ROOT, cqlPath)).forEach(writeElm);
    expect(await ageStatus(62)).toBe('fail');
    writeFileSync(cqlPath, readFileSync(cqlPath, 'utf8').replace('E."Age Between"(18, 60)', 'E."Age Between"(18, 65)'));
    expect(await ageStatus(62)).toBe('pass');
  }, 60_000);

  it('with its own copy of a bundled value set url but other codes is refused, naming the url', async () => {
    writeFileSync(
      join(root, TRIAL, 'valuesets', 'clash.json'),
      JSON.stringify({ resourceType: 'ValueSet', url: 'urn:trialcds:valueset:dx-sle', status: 'active', compose: { include: [{ system: 'http://snomed.info/sct', concept: [{ code: '1' }] }] } }),
    );
    await expect(loadEngine({ trialsDir: root })).rejects.toThrow(/urn:trialcds:valueset:dx-sle has other codes/);
  }, 60_000);

  it('with a CQL error is refused with file:line:col', async () => {
    const cqlPath = join(root, TRIAL, 'PilotLupusAdult.cql');
    writeFileSync(cqlPath, readFileSync(cqlPath, 'utf8').replace('(18, 60)', '(18, '));
    await expect(loadEngine({ trialsDir: root })).rejects.toThrow(/PilotLupusAdult\.cql:\d+:\d+: /);
  }, 60_000);
});

describe('a local trials folder next to the bundled one', () => {
  it('adds its trials to the bundled ones; a missing folder adds none', async () => {
    const both = await loadEngine({ localTrialsDir: root });
    expect(both.trials.map((t) => t.manifest.id)).toContain(TRIAL);
    expect(both.trials).toHaveLength(4);
    const none = await loadEngine({ localTrialsDir: join(root, 'absent') });
    expect(none.trials).toHaveLength(3);
  }, 60_000);

  it('may not define a trial id the bundled folder has', async () => {
    cpSync(join(TRIALS_DIR, 'NCT06789107'), join(root, 'NCT06789107'), { recursive: true });
    await expect(loadEngine({ localTrialsDir: root })).rejects.toThrow(/NCT06789107 is defined twice/);
  }, 60_000);
});
