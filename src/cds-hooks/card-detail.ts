import type { CriterionResult, CriterionStatus, TrialResult, TrialStatus } from '../domain/criterion.js';

export const STATUS_LABEL: Record<TrialStatus, string> = {
  'likely-eligible': 'Likely eligible',
  'possibly-eligible': 'Possibly eligible',
  ineligible: 'Not eligible',
};

const SECTIONS: { status: CriterionStatus; heading: string }[] = [
  { status: 'unknown', heading: 'Data to obtain (criteria that cannot be decided yet)' },
  { status: 'review', heading: 'Needs review by the study team' },
  { status: 'fail', heading: 'Not met' },
  { status: 'pass', heading: 'Criteria met' },
];

/** Leaf-most criteria with this status: a parent is replaced by its children that carry it. */
export function leavesWithStatus(criteria: readonly CriterionResult[], status: CriterionStatus): CriterionResult[] {
  return criteria.flatMap((c) => {
    if (c.status !== status) return [];
    const children = c.criteria ? leavesWithStatus(c.criteria, status) : [];
    return children.length > 0 ? children : [c];
  });
}

const BRIEF_SECTIONS: { status: CriterionStatus; heading: string }[] = [
  { status: 'fail', heading: 'Not met' },
  { status: 'unknown', heading: 'Data missing' },
  { status: 'review', heading: 'A person must judge' },
];

const BRIEF_FOOTER = '_Pre-screening from structured EHR data; the study team confirms eligibility. Full checklist: see the links._';

/**
 * The card's detail for a busy clinician (issue 15): the status line; what blocks, what is
 * missing, what a person must judge (one line each, leaf criteria); the met criteria on one line
 * with a count. Reasons are shortened, then items folded, until it fits `maxChars`.
 */
export function briefDetail(trial: TrialResult, asOf: string, maxChars: number): string {
  for (const [reasonChars, maxItems] of BRIEF_STEPS) {
    const text = briefLines(trial, asOf, reasonChars, maxItems).join('\n');
    if (text.length <= maxChars) return text;
  }
  return truncate(briefLines(trial, asOf, 50, 0).join(' '), maxChars);
}

/** Shorten reasons first, down to 90 characters (still readable); then fold items; then shorten more. */
const BRIEF_STEPS: [number, number][] = [
  [220, Infinity], [140, Infinity], [90, Infinity], [90, 8], [90, 6], [90, 5], [90, 4], [70, 4], [70, 3], [50, 3], [50, 2], [50, 1], [50, 0],
];

function briefLines(trial: TrialResult, asOf: string, reasonChars: number, maxItems: number): string[] {
  const lines = [`**${STATUS_LABEL[trial.status]}** as of ${asOf}${trialDatesText(trial)}.`];
  for (const { status, heading } of BRIEF_SECTIONS) {
    const group = leavesWithStatus(trial.criteria, status);
    if (group.length === 0) continue;
    lines.push('', `**${heading}** (${group.length})`);
    for (const c of group.slice(0, maxItems)) lines.push(`- **${md(c.id)}** ${md(truncate(c.reason || c.text, reasonChars))}`);
    if (group.length > maxItems) lines.push(`- … and ${group.length - maxItems} more`);
  }
  const met = trial.criteria.filter((c) => c.status === 'pass').map((c) => c.id);
  if (met.length > 0) lines.push('', `**Met:** ${met.length} criteria (${md(truncate(met.join(', '), 120))}).`);
  lines.push('', BRIEF_FOOTER);
  return lines;
}

function trialDatesText(trial: TrialResult): string {
  const parts: string[] = [];
  if (trial.eligibleFrom) parts.push(`eligible from ${trial.eligibleFrom} if nothing else changes`);
  if (trial.reassessBy) parts.push(`reassess by ${trial.reassessBy}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

export function countByStatus(criteria: readonly CriterionResult[]): Record<CriterionStatus, number> {
  const counts: Record<CriterionStatus, number> = { pass: 0, fail: 0, unknown: 0, review: 0 };
  for (const c of criteria) counts[c.status]++;
  return counts;
}

/**
 * The card's Markdown detail: top-level criteria grouped by status (unknown first, since that is
 * what a clinician can act on), each with its reason (values and dates come from the engine) and
 * evidence, and sub-criteria nested under their parent with their own status.
 */
export function cardDetail(label: string, trial: TrialResult, asOf: string): string {
  const counts = countByStatus(trial.criteria);
  const lines = [
    `**${md(label)}**: ${md(trial.title)}`,
    '',
    `${STATUS_LABEL[trial.status]} as of ${asOf}: ${counts.pass} criteria met, ${counts.unknown} need data, ` +
      `${counts.review} need review${counts.fail ? `, ${counts.fail} not met` : ''}.`,
  ];
  for (const { status, heading } of SECTIONS) {
    const group = trial.criteria.filter((c) => c.status === status);
    if (group.length === 0) continue;
    lines.push('', `#### ${heading}`, '');
    for (const c of group) lines.push(...criterionLines(c, 0));
  }
  lines.push('', '_Automated pre-screening from structured EHR data; the study team confirms eligibility._');
  return lines.join('\n');
}

function criterionLines(c: CriterionResult, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const status = depth > 0 ? ` _(${c.status})_` : '';
  const evidence =
    c.evidence.length > 0
      ? ` (evidence: ${c.evidence.slice(0, 5).map(md).join(', ')}${c.evidence.length > 5 ? ', …' : ''})`
      : '';
  const reason = c.reason ? ` — ${md(truncate(c.reason, 300))}` : '';
  const out = [`${indent}- **${md(c.id)}**${status} ${md(truncate(c.text, 140))}${reason}${evidence}`];
  for (const child of c.criteria ?? []) out.push(...criterionLines(child, depth + 1));
  return out;
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Escapes what GitHub-flavoured Markdown would interpret inside a list item: emphasis, code,
 * links and images (brackets), tables, strikethrough, and `<`/`>` so engine text never becomes HTML.
 */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}
