// The static parts of the report page (everything but the rows): header, funnels, the worklist's
// controls and the checklist dialog. Rows and the script are streamed after these by the builder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScreeningSummary, TrialSummary } from '../batch/summary.js';
import { PROJECT_ROOT } from '../project-paths.js';
import { funnelSvg, funnelTable } from './funnel-svg.js';
import { escapeHtml, scriptJson } from './html-text.js';
import type { PageTrial } from './report-trials.js';
import { STATUS_ORDER } from './report-rows.js';

const ASSETS = join(PROJECT_ROOT, 'src', 'report', 'assets');
let assets: { css: string; js: string } | undefined;

/** The page's stylesheet and script, inlined (the file opens from disk, offline). */
export function reportAssets(): { css: string; js: string } {
  return (assets ??= {
    css: readFileSync(join(ASSETS, 'report.css'), 'utf8'),
    js: readFileSync(join(ASSETS, 'report.js'), 'utf8'),
  });
}

/** Nothing may be loaded from anywhere: the page is its own world. */
export const REPORT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const fmt = (n: number) => n.toLocaleString('en-US');

function statusCounts(trials: readonly TrialSummary[]): string {
  const head = STATUS_ORDER.map((s) => `<th scope="col">${s}</th>`).join('');
  const rows = trials.map(
    (t) =>
      `<tr><th scope="row">${escapeHtml(t.id)}</th>${STATUS_ORDER.map((s) => `<td data-status="${s}">${fmt(t.status[s])}</td>`).join('')}<td>${fmt(t.patients)}</td></tr>`,
  );
  return `<table class="counts"><caption>Patients per status</caption><thead><tr><th scope="col">trial</th>${head}<th scope="col">patients</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function sourceProblems(summary: ScreeningSummary): string {
  const { count, samples } = summary.sourceProblems;
  if (!count) return '<p>Source problems: none.</p>';
  const items = samples.map((p) => `<li>${escapeHtml(`${p.where}: ${p.message}`)}</li>`).join('');
  return `<details class="problems"><summary>Source problems: ${fmt(count)}</summary><ul>${items}</ul></details>`;
}

function header(summary: ScreeningSummary, trials: readonly PageTrial[]): string {
  const p = summary.patients;
  const run = summary.run
    ? `${summary.run.seconds.toFixed(1)} s (${summary.run.patientsPerSecond.toFixed(1)} patients/s)`
    : '—';
  const facts: [string, string][] = [
    ['population', summary.source],
    ['as of', summary.asOf],
    ['trials', trials.map((t) => t.id).join(', ')],
    [
      'patients',
      `${fmt(p.screened)} screened · ${fmt(p.evaluated)} evaluated · ${fmt(p.errors)} could not be evaluated`,
    ],
    ['run time', run],
    ['run', summary.complete ? 'complete' : 'interrupted: counts cover the patients finished so far'],
  ];
  return (
    '<header><h1>Trial screening report</h1><dl class="facts">' +
    facts.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('') +
    `</dl>${statusCounts(summary.trials)}${sourceProblems(summary)}</header>`
  );
}

function funnels(summary: ScreeningSummary, trials: readonly PageTrial[]): string {
  const articles = summary.trials.map((t) => {
    const page = trials.find((p) => p.id === t.id);
    const shared = page?.sharedReview.length
      ? `<p class="shared"><strong>Every candidate also needs, in person:</strong> ${page.sharedReview.map((c) => `<span title="${escapeHtml(c.text)}">${escapeHtml(`${c.id} ${c.label}`)}</span>`).join(', ')} (not repeated on each row).</p>`
      : '';
    return `<article class="trial" id="trial-${escapeHtml(t.id)}"><h3>${escapeHtml(t.id)} — ${escapeHtml(t.title)}</h3><div class="funnel-pair">${funnelSvg(t)}${funnelTable(t)}</div>${shared}</article>`;
  });
  return `<section id="funnels" aria-labelledby="funnels-h"><h2 id="funnels-h">Screening funnel</h2>${articles.join('')}</section>`;
}

function worklist(trials: readonly PageTrial[]): string {
  const trialOptions = trials.map((t, i) => `<option value="${i}">${escapeHtml(t.id)}</option>`).join('');
  const statusOptions = STATUS_ORDER.map((s, i) => `<option value="${i}">${s}</option>`).join('');
  const trialCount = trials.length;
  const column = (key: string, label: string) =>
    `<th scope="col" aria-sort="none"><button type="button" data-sort="${key}">${label}</button></th>`;
  return (
    '<section id="worklist" aria-labelledby="worklist-h"><h2 id="worklist-h">Worklist</h2>' +
    `<p class="hint">One row per patient, with every trial's status. Most promising first: likely-eligible for some trial, then possibly-eligible with the fewest things to obtain. Patients ineligible for every trial are a separate list: Status → ineligible${trialCount > 1 ? ' (with no trial chosen)' : ''}. A status filter with a trial chosen applies to that trial. Click a column to sort; Enter on a patient opens the checklist; ↑/↓ move between rows.</p>` +
    '<div class="controls">' +
    `<label>Trial <select id="f-trial"><option value="">all trials</option>${trialOptions}</select></label>` +
    `<label>Status <select id="f-status"><option value="candidates" selected>candidates (likely + possibly)</option>${statusOptions}<option value="all">all</option></select></label>` +
    '<label>Patient id <input id="f-patient" type="search" autocomplete="off"></label>' +
    '<span id="wl-count" aria-live="polite"></span></div>' +
    '<h3 id="wl-list"></h3>' +
    '<noscript><p>The worklist and checklists need JavaScript (inline; nothing is downloaded).</p></noscript>' +
    '<table id="wl"><thead><tr>' +
    column('patient', 'patient') +
    column('age', 'age') +
    column('sex', 'sex') +
    column('status', 'trials and status') +
    column('obtain', 'data to obtain') +
    column('review', 'to review for this patient') +
    '</tr></thead><tbody></tbody></table>' +
    '<nav class="pager" aria-label="worklist pages"><button type="button" id="wl-prev">Previous page</button> <span id="wl-page"></span> <button type="button" id="wl-next">Next page</button></nav>' +
    '</section>' +
    '<dialog id="checklist" aria-labelledby="cl-title"><div class="cl-head"><h2 id="cl-title"></h2><button type="button" id="cl-close">Close</button></div><div id="cl-body"></div></dialog>'
  );
}

/** A population's report (funnels and worklist) or one patient's checklist (`explain --html`). */
export type PageMode = 'population' | 'patient';

function patientPage(summary: ScreeningSummary, trials: readonly PageTrial[]): string {
  return (
    `<header><h1>Trial eligibility checklist</h1><dl class="facts"><dt>as of</dt><dd>${escapeHtml(summary.asOf)}</dd>` +
    `<dt>trials</dt><dd>${escapeHtml(trials.map((t) => t.id).join(', '))}</dd></dl></header>` +
    '<noscript><p>The checklist needs JavaScript (inline; nothing is downloaded).</p></noscript>' +
    '<main id="patient"><h2 id="cl-title"></h2><div id="cl-body"></div></main>'
  );
}

/** Everything before the rows' JSON. */
export function pageStart(summary: ScreeningSummary, trials: readonly PageTrial[], mode: PageMode = 'population'): string {
  const title = mode === 'patient' ? 'Eligibility checklist' : 'Screening report';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_PAGE_CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${title} · as of ${escapeHtml(summary.asOf)}</title><style>${reportAssets().css}</style></head><body>` +
    '<p class="phi" role="note"><strong>This file contains patient data.</strong> Patients appear by the source’s ids only, with age and sex (no names, no MRNs, no birth dates; ages over 89 as 90+), and their screening results. Keep it where patient records may be kept.</p>' +
    (mode === 'patient' ? patientPage(summary, trials) : header(summary, trials) + funnels(summary, trials) + worklist(trials)) +
    `<script type="application/json" id="report-trials">${scriptJson(trials)}</script>` +
    '<script type="application/json" id="report-rows">['
  );
}

/** Everything after the rows' JSON. */
export function pageEnd(strings: readonly string[]): string {
  return (
    `]</script><script type="application/json" id="report-strings">${scriptJson(strings)}</script>` +
    `<script>${reportAssets().js}</script></body></html>\n`
  );
}
