/// <reference lib="dom" />
// `trialcds report <results.ndjson>` rebuilds the report (and, when asked, the people's worklists)
// from a results file alone — after a resume or from concatenated shards — and refuses bad input
// with exit 2 and a precise message; `trialcds explain --html` writes one patient's checklist, which
// a real Chromium shows with every criterion of the trial.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EligibilityReport } from '../../../src/domain/criterion.js';
import { walkCriteria } from '../../../src/domain/rollup.js';
import { PROJECT_ROOT } from '../../../src/project-paths.js';
import { describeInBrowser, launchChromium } from '../../support/browser.js';
import { runTrialcds } from '../../support/run-cli.js';
import { AS_OF, population, writeExport } from '../batch/fixtures.js';

let dir: string;
let results: string;
const rowsOf = (html: string) => /<script type="application\/json" id="report-rows">([\s\S]*?)<\/script>/.exec(html)![1];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trialcds-report-cli-'));
  results = join(dir, 'results.ndjson');
  const run = await runTrialcds('screen', '--ndjson', writeExport(population()), '--as-of', AS_OF, '--out', results, '--workers', '0');
  expect(run.code).toBe(0);
}, 120_000);

describe('trialcds report', () => {
  it('rebuilds the same report rows and people’s worklists from the results file', async () => {
    const run = await runTrialcds('report', results, '--out', join(dir, 'rebuilt.html'), '--candidates', join(dir, 'c.csv'), '--ineligible', join(dir, 'i.csv'), '--summary', join(dir, 's.json'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`report → ${join(dir, 'rebuilt.html')}`);
    const rebuilt = readFileSync(join(dir, 'rebuilt.html'), 'utf8');
    expect(rowsOf(rebuilt)).toBe(rowsOf(readFileSync(`${results}.report.html`, 'utf8')));
    expect(rebuilt).toContain('rebuilt from results.ndjson');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(readFileSync(`${results}.candidates.csv`, 'utf8'));
    expect(readFileSync(join(dir, 'i.csv'), 'utf8')).toBe(readFileSync(`${results}.ineligible.csv`, 'utf8'));
    const summary = (p: string) => JSON.parse(readFileSync(p, 'utf8')).trials;
    expect(summary(join(dir, 's.json'))).toEqual(summary(`${results}.summary.json`));
  }, 60_000);

  it('rebuilds a report of concatenated shards, with every patient of both', async () => {
    const lines = readFileSync(results, 'utf8').split('\n').filter(Boolean);
    const merged = join(dir, 'merged.ndjson');
    writeFileSync(merged, lines.join('\n') + '\n');
    appendFileSync(merged, lines.map((l) => l.replace(/"patient":"Patient\/([^"]+)"/, '"patient":"Patient/shard2-$1"')).join('\n') + '\n');
    const run = await runTrialcds('report', merged);
    expect(run.code).toBe(0);
    const rows = JSON.parse(rowsOf(readFileSync(`${merged}.report.html`, 'utf8'))!) as unknown[][];
    expect(rows).toHaveLength(lines.length * 2);
    expect(run.stdout).toMatch(/patients screened 10 /);
  }, 60_000);

  it('refuses a missing file, a line that is not JSON, two as-of dates, an unknown trial and an output in no folder (exit 2)', async () => {
    const bad = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const first = readFileSync(results, 'utf8').split('\n')[0]!;
    const cases: [string[], RegExp][] = [
      [[join(dir, 'nope.ndjson')], /^trialcds: cannot read .*nope\.ndjson: no such file\n$/],
      [[bad('torn.ndjson', `${first}\n{"patient": "Patient/x", "asOf`)], /^trialcds: .*torn\.ndjson:2: not JSON \(a results file has one JSON report per line\)\n$/],
      [[bad('other.ndjson', '{"resourceType":"Patient","id":"x"}\n')], /other\.ndjson:1: not a screening results line \(needs "patient" and "asOf"\)/],
      [[bad('dates.ndjson', `${first}\n${first.replace(`"asOf":"${AS_OF}"`, '"asOf":"2026-01-01"')}\n`)], /lines screened as of 2026-11-01 and as of 2026-01-01: one report covers one as-of date/],
      [[bad('trial.ndjson', first.replace(/"id":"NCT06789107"/, '"id":"NCT00000000"') + '\n')], /unknown trial "NCT00000000"; known trials: /],
      [[bad('empty.ndjson', '\n')], /empty\.ndjson: no patient reports in the file/],
      [[results, '--out', join(dir, 'no-such-folder', 'r.html')], /--out .*r\.html: no folder .*no-such-folder/],
    ];
    for (const [args, message] of cases) {
      const run = await runTrialcds('report', ...args);
      expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(message)]);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});

describeInBrowser('trialcds explain --html', () => {
  it('writes the patient’s checklist: every criterion of the trial, offline, no console error', async () => {
    const trial = 'NCT06789107';
    const casePath = join(PROJECT_ROOT, 'cql', 'trials', trial, 'cases', 'ideal.json');
    const page = join(dir, 'checklist.html');
    const run = await runTrialcds('explain', '--case', casePath, '--trial', trial, '--html', page);
    expect(run.code).toBe(0);
    expect(existsSync(page)).toBe(true);
    const caseFile = JSON.parse(readFileSync(casePath, 'utf8')) as { asOf: string };
    const bundle = join(dir, 'ideal-bundle.json');
    writeFileSync(bundle, JSON.stringify((JSON.parse(readFileSync(casePath, 'utf8')) as { bundle: unknown }).bundle));
    const evaluated = JSON.parse((await runTrialcds('evaluate', '--bundle', bundle, '--trial', trial, '--as-of', caseFile.asOf)).stdout) as EligibilityReport;
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const url = pathToFileURL(page).href;
      const requests: string[] = [];
      const errors: string[] = [];
      tab.on('request', (r) => void (r.url() !== url && requests.push(r.url())));
      tab.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      tab.on('pageerror', (e) => errors.push(String(e)));
      await tab.goto(url);
      await tab.waitForSelector('#cl-body li.crit');
      const shown = await tab.$$eval(`#cl-body section[data-trial="${trial}"] li.crit`, (lis) => lis.map((li) => [(li as HTMLElement).dataset.criterion, (li as HTMLElement).dataset.status]));
      expect(shown).toEqual([...walkCriteria(evaluated.trials[0]!.criteria)].map((c) => [c.id, c.status]));
      expect(await tab.$$eval('#cl-body pre.cql span.ref[data-truth]', (s) => s.length)).toBeGreaterThan(0);
      expect(await tab.textContent('#cl-title')).toMatch(/^Patient \S+ \(age \d+, (female|male)\)$/);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('refuses an --html path in no folder (exit 2)', async () => {
    const casePath = join(PROJECT_ROOT, 'cql', 'trials', 'NCT06789107', 'cases', 'ideal.json');
    const run = await runTrialcds('explain', '--case', casePath, '--trial', 'NCT06789107', '--html', join(dir, 'missing', 'x.html'));
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/--html .*x\.html: no folder/)]);
  });
});
