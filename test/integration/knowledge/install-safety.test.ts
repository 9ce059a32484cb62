// What a trial upload or import must never do: lose the previous trial, run logic other than the
// CQL it carries, let one file silently replace another, or crash on a malformed Bundle.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bundle, Library } from 'fhir/r4';
import { loadEngine } from '../../../src/engine/load-engine.js';
import { recoverInterruptedInstalls, swapFolder, withStagedTrial } from '../../../src/knowledge/install-trial.js';
import { trialArtifacts } from '../../../src/knowledge/trial-artifacts.js';
import { artifactsFromBundle, trialBundle } from '../../../src/knowledge/trial-bundle.js';

const FIXTURE = resolve('test/fixtures/fourth-trial/pilot-lupus-adult');
const TRIAL = 'pilot-lupus-adult';
let bundle: Bundle;
let work: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'trialcds-safety-src-'));
  cpSync(FIXTURE, join(root, TRIAL), { recursive: true });
  const engine = await loadEngine({ trialsDir: root });
  bundle = trialBundle(trialArtifacts(engine.loadedTrials[0]!, engine.valueSets));
}, 60_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'trialcds-safety-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const libraryOf = (b: Bundle, name: string) => b.entry!.map((e) => e.resource!).find((r) => r.resourceType === 'Library' && (r as Library).name === name) as Library;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const text = (data: string) => Buffer.from(data, 'base64').toString('utf8');

describe('swapping a trial folder in', () => {
  it('puts the previous folder back when the new one cannot be moved into place', () => {
    const target = join(work, TRIAL);
    mkdirSync(target);
    writeFileSync(join(target, 'trial.json'), '{"old":true}');
    expect(() => swapFolder(join(work, 'no-such-staged-folder'), target, join(work, '.previous'))).toThrow();
    expect(readFileSync(join(target, 'trial.json'), 'utf8')).toBe('{"old":true}');
  });

  it('after a crash between the two renames, the previous folder is recovered at the next start', () => {
    const backup = join(work, '.staging-abc', '.previous');
    cpSync(FIXTURE, backup, { recursive: true });
    recoverInterruptedInstalls(work);
    expect(readdirSync(work)).toEqual([TRIAL]);
    expect(existsSync(join(work, TRIAL, 'trial.json'))).toBe(true);
  });
});

describe('a trial Bundle', () => {
  it('runs the CQL it carries, not an ELM that claims to match it', async () => {
    const tampered = structuredClone(bundle);
    const own = libraryOf(tampered, 'PilotLupusAdult');
    const elmContent = own.content!.find((c) => c.contentType === 'application/elm+json')!;
    const elm = JSON.parse(text(elmContent.data!));
    elm.library.statements.def.push({ name: 'Injected Not In CQL', context: 'Patient', accessLevel: 'Public', expression: { type: 'Null' } });
    elmContent.data = b64(JSON.stringify(elm));
    const artifacts = artifactsFromBundle(tampered);
    await withStagedTrial(artifacts, work, {}, async (staged) => {
      const written = JSON.parse(readFileSync(join(staged, 'elm', 'PilotLupusAdult.json'), 'utf8'));
      expect(written.library.statements.def.map((d: { name: string }) => d.name)).not.toContain('Injected Not In CQL');
      expect(written.library.statements.def.map((d: { name: string }) => d.name)).toContain('Adult');
    });
  }, 60_000);

  it('refuses two Libraries of one name, and CQL that declares another library', () => {
    const twice = structuredClone(bundle);
    twice.entry!.push({ resource: { ...libraryOf(twice, 'PilotLupusAdult'), id: 'Other', url: 'urn:other' } });
    expect(() => artifactsFromBundle(twice)).toThrow(/Library\.name "PilotLupusAdult" is also used by/);
    const renamed = structuredClone(bundle);
    const own = libraryOf(renamed, 'PilotLupusAdult');
    const cql = own.content!.find((c) => c.contentType === 'text/cql')!;
    cql.data = b64(text(cql.data!).replace('library PilotLupusAdult', 'library SomethingElse'));
    return expect(withStagedTrial(artifactsFromBundle(renamed), work, {}, async () => undefined)).rejects.toThrow(
      /its CQL declares library SomethingElse, not PilotLupusAdult/,
    );
  });

  it('malformed where a list belongs is a bad-input error, not a crash', () => {
    const odd = structuredClone(bundle);
    const group = odd.entry!.find((e) => e.resource?.resourceType === 'Group')!.resource as unknown as Record<string, unknown>;
    group.characteristic = { not: 'a list' };
    expect(() => artifactsFromBundle(odd)).toThrow(expect.objectContaining({ name: 'BadInputError' }));
  });
});

describe('a trial folder', () => {
  it('with two files declaring one library is refused, naming both', async () => {
    const root = join(work, 'trials');
    cpSync(FIXTURE, join(root, TRIAL), { recursive: true });
    cpSync(join(root, TRIAL, 'PilotLupusAdult.cql'), join(root, TRIAL, 'PilotLupusAdult_old.cql'));
    await expect(loadEngine({ trialsDir: root })).rejects.toThrow(/library PilotLupusAdult is declared by two files: .*PilotLupusAdult(_old)?\.cql and .*\.cql/);
  });
});
