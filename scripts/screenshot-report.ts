// Regenerates the README's pictures of the coordinator's report (`npm run screenshot:report`):
// screens a generated population (bench/population, seed 7: nobody real), opens the report from
// disk in headless Chromium and writes docs/report-worklist.png, docs/report-funnel.png and
// docs/report-checklist.png.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeNdjsonExport } from '../bench/population/generate.js';
import { screenPopulation } from '../src/batch/screen-population.js';
import { loadEngine } from '../src/engine/load-engine.js';
import { PROJECT_ROOT } from '../src/project-paths.js';
import { hasChromium, launchChromium, CHROMIUM } from './chromium.js';

const AS_OF = '2026-11-01';
const PATIENTS = 80;
const docs = (name: string) => join(PROJECT_ROOT, 'docs', name);

async function writeReport(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'trialcds-screenshot-'));
  await writeNdjsonExport(join(dir, 'export'), { count: PATIENTS, seed: 7, asOf: AS_OF, lupusShare: 0.6 });
  const engine = await loadEngine();
  await screenPopulation({
    input: { kind: 'ndjson', dir: join(dir, 'export') },
    engine,
    expand: (url) => engine.valueSets.get(url)?.codes,
    engineSpec: {},
    asOf: AS_OF,
    resultsPath: join(dir, 'results.ndjson'),
    reportPath: join(dir, 'report.html'),
    workers: 0,
  });
  return join(dir, 'report.html');
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const report = await writeReport();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(report).href);
    await page.waitForSelector('#wl tbody tr');
    await page.$eval('#worklist', (el) => el.scrollIntoView());
    await page.screenshot({ path: docs('report-worklist.png') });
    await (await page.$('#funnels article .funnel-pair'))!.screenshot({ path: docs('report-funnel.png') });
    await page.click('#wl tbody tr:first-child button.open');
    await page.click('#cl-body section li.crit:has(pre.cql span.ref) summary');
    await page.$eval('#cl-body section li.crit:has(pre.cql span.ref)', (el) => el.scrollIntoView());
    await page.screenshot({ path: docs('report-checklist.png') });
  } finally {
    await browser.close();
  }
  process.stdout.write(`wrote ${['report-worklist.png', 'report-funnel.png', 'report-checklist.png'].map(docs).join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshot:report: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
