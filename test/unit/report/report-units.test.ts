// The report's pieces on their own: the CQL-as-HTML of a define (references marked, text escaped),
// the compact rows (checklist aligned with the trial's criteria, no birth dates, shared review items
// left off), the funnel's numbers (summary → chart and table), and the people's row (labels
// de-duplicated across trials, ages, names and MRNs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElmLibraryJson } from '../../../src/artifacts/elm.js';
import { itemsText, labelledTrialOf } from '../../../src/batch/criterion-labels.js';
import { ageOn, personOf } from '../../../src/batch/person.js';
import { decisiveCriteria, personRowOf } from '../../../src/batch/person-row.js';
import { SummaryBuilder } from '../../../src/batch/summary.js';
import type { CriterionResult, EligibilityReport, TrialResult } from '../../../src/domain/criterion.js';
import type { TrialManifest } from '../../../src/domain/trial.js';
import { PROJECT_ROOT } from '../../../src/project-paths.js';
import { defineSourcesHtml } from '../../../src/report/cql-html.js';
import { funnelSvg, funnelTable } from '../../../src/report/funnel-svg.js';
import { rowsOf, withoutBirthDate } from '../../../src/report/report-rows.js';
import { pageTrialOf } from '../../../src/report/report-trials.js';

const trialDir = (id: string) => join(PROJECT_ROOT, 'cql', 'trials', id);
const manifestOf = (id: string) => JSON.parse(readFileSync(join(trialDir(id), 'trial.json'), 'utf8')) as TrialManifest;

describe('defineSourcesHtml', () => {
  const library = {
    library: {
      identifier: { id: 'T' },
      statements: {
        def: [
          { name: 'B', type: 'ExpressionDef', expression: { type: 'Literal', localId: '1' } },
          {
            name: 'A',
            type: 'ExpressionDef',
            annotation: [{ type: 'Annotation', s: { r: '9', s: [{ value: ['/* I1 — the note */\n', 'define ', '"A"', ': '] }, { r: '5', s: [{ value: ['"B"'] }] }, { value: [' and 1 < 2 & "x"'] }, { r: '7', s: [{ value: ['Other."B"'] }] }] } }],
            expression: {
              type: 'And',
              localId: '9',
              operand: [
                { type: 'ExpressionRef', localId: '5', name: 'B' },
                { type: 'ExpressionRef', localId: '7', name: 'B', libraryName: 'Other' },
              ],
            },
          },
          { name: 'F', type: 'FunctionDef', expression: { type: 'Null' } },
          { name: 'NoSource', type: 'ExpressionDef', expression: { type: 'Null' } },
        ],
      },
    },
  } as unknown as ElmLibraryJson;

  it('marks references to the library’s own defines, escapes the text and drops the leading comment', () => {
    expect(defineSourcesHtml(library, ['A']).A).toBe('define &#34;A&#34;: <span class="ref" data-ref="B">&#34;B&#34;</span> and 1 &#60; 2 &#38; &#34;x&#34;Other.&#34;B&#34;');
  });

  it('leaves out defines without an annotation, and functions', () => {
    expect(defineSourcesHtml(library, ['NoSource', 'F', 'Missing'])).toEqual({});
  });

  it('marks, in a bundled trial, the defines a criterion rests on', () => {
    const elm = JSON.parse(readFileSync(join(trialDir('NCT06789107'), 'elm', 'NCT06789107.json'), 'utf8')) as ElmLibraryJson;
    const html = defineSourcesHtml(elm, ['E9']).E9!;
    expect(html).toMatch(/^define &#34;E9&#34;:/);
    expect([...html.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1])).toContain('IgG Result');
    expect(html).not.toMatch(/<(?!\/?span)/);
  });
});

const leaf = (id: string, status: CriterionResult['status'], reason = `${id} ${status}`, kind: CriterionResult['kind'] = 'inclusion'): CriterionResult => ({ id, kind, text: `text of ${id}`, status, reason, evidence: status === 'fail' ? [`Observation/${id}`] : [] });
const parent = (id: string, status: CriterionResult['status'], criteria: CriterionResult[]): CriterionResult => ({ ...leaf(id, status), criteria });

/** A result for NCT06789107 with every criterion of its manifest: the given statuses, else pass. */
function resultFor(manifest: TrialManifest, statuses: Record<string, CriterionResult['status']>, status: TrialResult['status']): TrialResult {
  const build = (defs: TrialManifest['criteria']): CriterionResult[] =>
    defs.map((d) => {
      const s = statuses[d.id] ?? (d.result === 'review' ? 'review' : 'pass');
      const reason = d.id === 'I1' ? 'born 2012-06-03, 14 years old on 2026-11-01' : `${d.id} ${s}`;
      return d.criteria ? parent(d.id, s, build(d.criteria)) : leaf(d.id, s, reason, d.kind);
    });
  return { id: manifest.id, title: manifest.title, status, criteria: build(manifest.criteria), expressionValues: { 'IgG Result': ['value', 'born 2012-06-03, 7 g/L'] } };
}

describe('rowsOf (the page’s compact rows)', () => {
  const manifest = manifestOf('NCT06789107');
  const page = pageTrialOf({ manifest });
  const labelled = labelledTrialOf(manifest);
  const table: string[] = [];
  const intern = (text: string) => (table.includes(text) ? table.indexOf(text) : table.push(text) - 1);
  const line: EligibilityReport = { patient: 'Patient/p1', asOf: '2026-11-01', trials: [resultFor(manifest, { I5: 'unknown', 'I3.3': 'unknown', I3: 'pass', 'I7.5': 'review', I7: 'review' }, 'possibly-eligible')] };
  const [row] = rowsOf({ ...line, person: { name: 'Doe, Jane', mrn: 'M1', birthDate: '2012-06-03', sex: 'female' } }, [page], [labelled], intern);
  const text = (t: number | string) => (typeof t === 'number' ? table[t]! : t);

  it('is one row per patient with age and sex, never the name, MRN or birth date', () => {
    expect(row!.slice(0, 5)).toEqual(['p1', '14', 'female', 1, 1]);
    expect(JSON.stringify(row) + table.join()).not.toMatch(/Jane|M1|2012-06-03/);
  });

  it('carries one check per criterion of the trial, in the page’s order, with reasons without the birth date', () => {
    const [, status, unknown, review, failed, checks, values] = row![7][0]!;
    expect(status).toBe(1);
    expect(checks).toHaveLength(page.criteria.length);
    expect(checks.map((c) => c![0]).join('')).toMatch(/^p/);
    expect(text(checks[0]![1])).toBe('14 years old on 2026-11-01');
    expect(unknown).toEqual(['I3.3', 'I5']);
    // I9 (consent), E8, E20, E22 are review for everyone: the trial says them once, not the row.
    expect(review).toEqual(['I7.5']);
    expect(failed).toEqual([]);
    expect(text(values['IgG Result']![1])).toBe('7 g/L');
  });

  it('lists what to obtain in plain words, leaving out an unknown under an alternative that passed', () => {
    expect(text(row![5])).toBe('SLEDAI-2K score');
    expect(text(row![6])).toBe('platelet count');
  });

  it('withoutBirthDate keeps the age', () => {
    expect(withoutBirthDate('born 2010-03-04, 16 years old on 2026-11-01; born 2010, x')).toBe('16 years old on 2026-11-01; x');
  });
});

describe('the funnel numbers', () => {
  const top = (e1: CriterionResult['status'], e2: CriterionResult['status'], e3: CriterionResult['status']): EligibilityReport => ({
    patient: 'Patient/x',
    asOf: '2026-11-01',
    trials: [{ id: 'T', title: 'T trial', status: [e1, e2, e3].includes('fail') ? 'ineligible' : 'likely-eligible', criteria: [leaf('I1', e1), parent('I2', e2, [leaf('I2.1', e2)]), leaf('E1', e3, '', 'exclusion')] }],
  });
  const summary = new SummaryBuilder();
  for (const report of [top('pass', 'pass', 'pass'), top('fail', 'pass', 'pass'), top('pass', 'fail', 'fail'), top('pass', 'unknown', 'fail'), top('pass', 'pass', 'review')]) summary.addReport(report);
  const trial = summary.build({ asOf: '2026-11-01', source: 't', complete: true, sourceProblems: { count: 0, samples: [] } }).trials[0]!;

  it('counts who remains after each top-level criterion in order, and what each excluded alone', () => {
    const byId = Object.fromEntries(trial.criteria.map((c) => [c.id, c]));
    expect([byId.I1!.remainingAfter, byId.I2!.remainingAfter, byId.E1!.remainingAfter]).toEqual([4, 3, 2]);
    expect([byId.I1!.excludedAlone, byId.I2!.excludedAlone, byId.E1!.excludedAlone]).toEqual([1, 0, 1]);
    expect(byId['I2.1']!.remainingAfter).toBeUndefined();
    expect(byId.E1!.text).toBe('text of E1');
  });

  it('draws those numbers in the chart and the table', () => {
    const svg = funnelSvg(trial);
    expect(svg).toContain('<title id="funnel-title-T">Screening funnel for T: 5 screened, 2 remain after every criterion</title>');
    expect([...svg.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1])).toEqual(['screened: 5 remaining', 'I1: 4 remaining (−1 alone)', 'I2: 3 remaining', 'E1: 2 remaining (−1 alone)']);
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([420, 336, 252, 168]);
    const rows = [...funnelTable(trial).matchAll(/<tr><th scope="row">([^<]+)<\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/g)].map((m) => m.slice(1).join(' '));
    expect(rows).toEqual(['I1 4 1 1', 'I2 3 1 0', 'E1 2 2 1']);
  });
});

describe('the people’s row', () => {
  it('de-duplicates what to obtain across trials, saying which trials need it', () => {
    const items = [
      { trial: 'A', label: 'SLEDAI-2K score' },
      { trial: 'B', label: 'SLEDAI-2K score' },
      { trial: 'C', label: 'SLEDAI-2K score' },
      { trial: 'C', label: 'anti-Sm antibody' },
      { trial: 'A', label: 'eGFR' },
      { trial: 'C', label: 'eGFR' },
    ];
    expect(itemsText(items, 3)).toBe('SLEDAI-2K score (all 3 trials); anti-Sm antibody (C); eGFR (A, C)');
    expect(itemsText(items.slice(0, 1), 1)).toBe('SLEDAI-2K score');
  });

  it('takes the criteria a status rests on, not children of a parent settled otherwise', () => {
    const criteria = [parent('I3', 'pass', [leaf('I3.1', 'pass'), leaf('I3.2', 'unknown')]), parent('I7', 'unknown', [leaf('I7.1', 'unknown'), leaf('I7.2', 'pass')]), leaf('I5', 'unknown')];
    expect(decisiveCriteria(criteria, 'unknown').map((c) => c.id)).toEqual(['I7.1', 'I5']);
  });

  it('has one status per trial and what excluded the patient from an ineligible trial', () => {
    const manifest = manifestOf('NCT06789107');
    const line = { patient: 'Patient/p2', asOf: '2026-11-01', trials: [resultFor(manifest, { E9: 'fail', I5: 'unknown' }, 'ineligible')] };
    const row = personRowOf(line, [labelledTrialOf(manifest), labelledTrialOf(manifestOf('ln-cart-5-35'))]);
    expect(row.statuses).toEqual(['ineligible', undefined]);
    expect(row.best).toBe('ineligible');
    expect(row.excludedBy).toBe('NCT06789107: E9 IgG level');
    expect(row.obtain).toBe('');
  });
});

describe('person facts', () => {
  it('takes the official name and the MR identifier, never an SSN', () => {
    const facts = personOf({
      resourceType: 'Patient',
      name: [{ use: 'old', family: 'Old', period: { end: '2020' } }, { use: 'official', family: 'Doe', given: ['Jane', 'Q'] }],
      identifier: [
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] }, value: '999-00-1111' },
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'MRN7' },
      ],
      birthDate: '2012-06-03',
      gender: 'female',
    });
    expect(facts).toEqual({ name: 'Doe, Jane Q', mrn: 'MRN7', birthDate: '2012-06-03', sex: 'female' });
    expect(personOf({ resourceType: 'Patient', identifier: [{ type: { text: 'SSN' }, value: '1' }] })).toEqual({});
    expect(personOf({ resourceType: 'Patient', identifier: [{ value: 'local-1' }] }).mrn).toBe('local-1');
  });

  it('counts age in whole years on the as-of date, as a range for a partial birth date', () => {
    expect(ageOn('2012-06-03', '2026-06-02')).toBe('13');
    expect(ageOn('2012-06-03', '2026-06-03')).toBe('14');
    expect(ageOn('2012-06', '2026-06-15')).toBe('13–14');
    expect(ageOn('2012-05', '2026-06-15')).toBe('14');
    expect(ageOn('2012', '2026-06-15')).toBe('13–14');
    expect(ageOn('2027-01-01', '2026-06-15')).toBeUndefined();
    expect(ageOn(undefined, '2026-06-15')).toBeUndefined();
  });
});
