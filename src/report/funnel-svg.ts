// The screening funnel of one trial: patients still in after each top-level criterion in seed
// order (the summary's remainingAfter) as horizontal bars, with what each criterion excluded on
// its own; the same numbers in a table beside it (for screen readers and for copying).
import type { TrialSummary } from '../batch/summary.js';
import { escapeHtml } from './html-text.js';

const BAR_MAX = 420;
const ROW_H = 22;
const LABEL_W = 70;

interface Step {
  id: string;
  remaining: number;
  excludedAlone: number;
  excluded: number;
}

function stepsOf(trial: TrialSummary): Step[] {
  return trial.criteria
    .filter((c) => c.remainingAfter !== undefined)
    .map((c) => ({
      id: c.id,
      remaining: c.remainingAfter!,
      excludedAlone: c.excludedAlone,
      excluded: c.excluded,
    }));
}

const fmt = (n: number) => n.toLocaleString('en-US');

function barRow(label: string, remaining: number, total: number, y: number, note: string): string {
  const width = total > 0 ? Math.max(remaining > 0 ? 1 : 0, Math.round((remaining / total) * BAR_MAX)) : 0;
  return [
    `<g class="step"><title>${escapeHtml(`${label}: ${fmt(remaining)} remaining${note}`)}</title>`,
    `<text x="${LABEL_W - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>`,
    `<rect x="${LABEL_W}" y="${y + 3}" width="${width}" height="${ROW_H - 6}" rx="2"></rect>`,
    `<text x="${LABEL_W + width + 6}" y="${y + 15}" class="n">${fmt(remaining)}${escapeHtml(note)}</text></g>`,
  ].join('');
}

export function funnelSvg(trial: TrialSummary): string {
  const steps = stepsOf(trial);
  const height = (steps.length + 1) * ROW_H + 4;
  const titleId = `funnel-title-${escapeHtml(trial.id)}`;
  const rows = [
    barRow('screened', trial.patients, trial.patients, 0, ''),
    ...steps.map((s, i) =>
      barRow(
        s.id,
        s.remaining,
        trial.patients,
        (i + 1) * ROW_H,
        s.excludedAlone ? ` (−${fmt(s.excludedAlone)} alone)` : '',
      ),
    ),
  ];
  return (
    `<svg class="funnel" role="img" aria-labelledby="${titleId}" viewBox="0 0 ${LABEL_W + BAR_MAX + 170} ${height}" width="${LABEL_W + BAR_MAX + 170}" height="${height}">` +
    `<title id="${titleId}">Screening funnel for ${escapeHtml(trial.id)}: ${fmt(trial.patients)} screened, ${fmt(steps.at(-1)?.remaining ?? trial.patients)} remain after every criterion</title>` +
    rows.join('') +
    '</svg>'
  );
}

export function funnelTable(trial: TrialSummary): string {
  const text = new Map(trial.criteria.map((c) => [c.id, c]));
  const rows = stepsOf(trial).map((s) => {
    const c = text.get(s.id)!;
    return `<tr><th scope="row">${escapeHtml(s.id)}</th><td>${fmt(s.remaining)}</td><td>${fmt(s.excluded)}</td><td>${fmt(s.excludedAlone)}</td><td>${fmt(c.unknown)}</td><td>${fmt(c.review)}</td></tr>`;
  });
  return (
    `<table class="funnel-table" data-trial="${escapeHtml(trial.id)}"><caption>Funnel of ${escapeHtml(trial.id)} (${fmt(trial.patients)} patients)</caption>` +
    '<thead><tr><th scope="col">criterion</th><th scope="col">remaining after</th><th scope="col">excluded</th><th scope="col">excluded alone</th><th scope="col">unknown</th><th scope="col">review</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
