// Every shell command README.md and docs/*.md show, run as written (issue #20), each document from a fresh folder
// holding what a newcomer has at that point: a copy of examples/, the walkthrough's trial folder in
// my-trials/, a Bulk Data export in ./export, and the service running (`localhost:8080` and `$BASE`
// point at it; `trialcds` is the built CLI). Each must succeed (or answer the status its comment
// names, `# → 400`), and a transcript (`$ command` then output) must print what it shows, up to
// numbers and spacing. Commands that need the outside world (`ehr.example.org`, the public sandbox,
// placeholders) cannot run here: their subcommand, options and variables are checked instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { documentedCommands, normalizeOutput, type DocCommand } from '../support/doc-commands.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { evaluationWorkerScript } from '../../src/engine/pool/evaluation-pool.js';
import { idealCharts, writeExport } from './batch/fixtures.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const built = evaluationWorkerScript() !== undefined;
if (!built) process.stderr.write('skipping the documented-commands test: run npm run build first\n');

const DOCUMENTS = ['README.md', ...readdirSync(join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const commands: DocCommand[] = DOCUMENTS.flatMap((file) => documentedCommands(file, readFileSync(join(PROJECT_ROOT, file), 'utf8')));

/** Run by other tests or by CI itself; named here so that no documented command goes unchecked. */
const COVERED_ELSEWHERE: [RegExp, string][] = [
  [/^npm install && npm start$/, 'test/integration/service-start.test.ts starts the built service as npm start does; .ci/run installs'],
  [/^npm test$/, '.ci/run runs it'],
  [/^trialcds compile \S+ --watch$/, 'test/integration/cli-authoring.test.ts runs compile --watch as a real process'],
  [/^xdg-open \S+\.html$/, 'opens a desktop browser; test/integration/report/report-browser.test.ts opens the report in Chromium'],
];
/** Needs a host, a token or a value only the reader has. */
const OUTSIDE_WORLD = /example\.org|sandbox\.cds-hooks\.org|…|<[a-z-]+>/;

const coveredElsewhere = (c: DocCommand) => COVERED_ELSEWHERE.find(([pattern]) => pattern.test(c.command));
const runnable = commands.filter((c) => !coveredElsewhere(c) && !OUTSIDE_WORLD.test(c.command));

/** `trialcds <subcommand> … --flags`, environment assignments and `npm run --silent trialcds --` allowed in front. */
function cliCall(command: string): { subcommand?: string; flags: string[] } | undefined {
  const tokens = command.replace(/^npm run --silent trialcds --/, 'trialcds').split(/\s+/).filter((t) => !/^[A-Z_]+=/.test(t));
  if (tokens[0] !== 'trialcds') return undefined;
  const subcommand = tokens.slice(1).find((t, i, rest) => !t.startsWith('-') && !(rest[i - 1] ?? '').startsWith('--'));
  return { ...(subcommand ? { subcommand } : {}), flags: tokens.filter((t) => t.startsWith('--')).map((t) => t.split('=')[0]!) };
}

/** What a newcomer has in the checkout when a document starts: one fresh folder per document. */
function freshFolder(serviceDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialcds-newcomer-'));
  cpSync(join(PROJECT_ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  // The bundled trials' folders, as in a checkout (their cases are the documents' example patients).
  symlinkSync(join(PROJECT_ROOT, 'cql'), join(dir, 'cql'));
  // README "Authoring a trial" steps 1–4 create these files; their text is the example trial's.
  cpSync(join(PROJECT_ROOT, 'examples', 'authoring', 'example-hemoglobin'), join(dir, 'my-trials', 'example-hemoglobin'), { recursive: true });
  cpSync(writeExport(idealCharts()), join(dir, 'export'), { recursive: true });
  // The running service's feedback file, where `npm start` in this folder would put it.
  symlinkSync(join(serviceDir, '.trialcds'), join(dir, '.trialcds'));
  return dir;
}

const helpOf = (args: string[]) => execFileSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8' });

(built ? describe : describe.skip)('every command in README.md and docs/', () => {
  let work: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'trialcds-service-'));
    mkdirSync(join(work, 'bin'));
    writeFileSync(join(work, 'bin', 'trialcds'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(work, 'bin', 'trialcds'), 0o755);
    service = await startServiceProcess({
      TRIALCDS_LOCAL_TRIALS_DIR: join(work, 'local-trials'),
      TRIALCDS_FEEDBACK_STORE: join(work, '.trialcds', 'feedback.ndjson'),
      TRIALCDS_EVALUATION_THREADS: '1',
    });
    // docs/cds-hooks.md reads the feedback file: one card and one feedback record put it there.
    const hook = await fetch(`${service.url}/cds-services/trial-eligibility`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(join(PROJECT_ROOT, 'examples', 'hook-request.json')) });
    const card = ((await hook.json()) as { cards: { uuid: string }[] }).cards[0]!;
    await fetch(`${service.url}/cds-services/trial-eligibility/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: '2026-11-01T10:00:00Z' }] }),
    });
  }, 120_000);
  afterAll(async () => service?.stop());

  test('the documents show commands, and each is run here or named as covered elsewhere', () => {
    expect(commands.length).toBeGreaterThan(25);
    expect(runnable.length).toBeGreaterThan(20);
    for (const [pattern] of COVERED_ELSEWHERE) expect(commands.some((c) => pattern.test(c.command))).toBe(true);
  });

  test('every trialcds command names a real subcommand and real options', () => {
    const rootHelp = helpOf([]);
    for (const c of commands) {
      const call = cliCall(c.command);
      if (!call) continue;
      expect([c.where, call.subcommand && rootHelp.includes(`  ${call.subcommand} `)]).toEqual([c.where, true]);
      const help = `${rootHelp}\n${helpOf([call.subcommand!])}`;
      for (const flag of call.flags) expect([c.where, flag, help.includes(flag)]).toEqual([c.where, flag, true]);
    }
  });

  test('every variable a command sets is one the service or the CLI reads', () => {
    const sources = readdirSync(join(PROJECT_ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const config = sources.map((f) => readFileSync(join(PROJECT_ROOT, 'src', f), 'utf8')).join('\n');
    for (const c of commands)
      for (const [, name] of c.command.matchAll(/(?:^|\s)([A-Z][A-Z_]+)=/g)) if (name !== 'BASE') expect([c.where, name, config.includes(name!)]).toEqual([c.where, name, true]);
  });

  test('each runnable command succeeds as written, and a transcript prints what it shows', () => {
    const base = service.url;
    const folders = new Map<string, string>();
    for (const c of runnable) {
      const document = c.where.split(':')[0]!;
      if (!folders.has(document)) folders.set(document, freshFolder(work));
      const cwd = folders.get(document)!;
      const expectedStatus = /→\s*(\d{3})/.exec(c.comment ?? '')?.[1];
      let command = c.command.replace(/^npm run --silent trialcds --/, 'trialcds').replaceAll('localhost:8080', base.replace(/^http:\/\//, ''));
      const piped = /\|\s*jq|>\s*\S+$/.test(command);
      if (command.startsWith('curl ')) command = command.replace(/^curl /, piped || !expectedStatus ? 'curl --fail-with-body -w "\\n%{http_code}" ' : 'curl -w "\\n%{http_code}" ');
      if (piped) command = command.replace(/ -w "\\n%\{http_code\}"/, '');
      const run = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}`, BASE: `${base}/fhir` },
        timeout: 120_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect([c.where, c.command, run.status, run.status === 0 ? '' : output.slice(0, 800)]).toEqual([c.where, c.command, 0, '']);
      if (command.startsWith('curl ') && !piped) {
        const status = run.stdout.trimEnd().split('\n').at(-1);
        expect([c.where, status]).toEqual([c.where, expectedStatus ?? expect.stringMatching(/^2\d\d$/)]);
      }
      const actual = normalizeOutput(output);
      for (const line of c.shownOutput ?? []) expect([c.where, line, actual.includes(normalizeOutput(line))]).toEqual([c.where, line, true]);
    }
  }, 600_000);
});
