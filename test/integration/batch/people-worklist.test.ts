// The worklists for people: one row per patient with name, MRN, age and sex, every trial's status,
// what to obtain de-duplicated across trials; patients ineligible everywhere in their own file; and
// the summary's criterion texts. Built from a real screening of an NDJSON export.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patient, Resource } from 'fhir/r4';
import { screenPopulation } from '../../../src/batch/screen-population.js';
import type { ScreeningSummary } from '../../../src/batch/summary.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { ndjsonScreenOptions, population, writeExport } from './fixtures.js';

let engine: LoadedEngine;
let exportDir: string;
const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** The fixture population with names, an MRN and an SSN (which must never be taken for the MRN). */
function namedPopulation(): Resource[][] {
  return population().map((chart) =>
    chart.map((r) => {
      if (r.resourceType !== 'Patient') return r;
      const p = r as Patient;
      return {
        ...p,
        name: [{ use: 'official', family: `Family-${p.id}`, given: ['Ada', 'M'] }],
        identifier: [
          { type: { coding: [{ system: V2, code: 'SS' }] }, value: '999-00-1234' },
          { type: { coding: [{ system: V2, code: 'MR' }] }, value: `MRN-${p.id}` },
        ],
      } satisfies Patient;
    }),
  );
}

/** CSV rows as arrays (quoted fields with commas handled), after the notice lines. */
function csv(path: string): { notice: string[]; header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').split('\r\n').filter(Boolean).map(fields);
  const at = lines.findIndex((l) => l[0] === 'patient');
  return { notice: lines.slice(0, at).map((l) => l[0]!), header: lines[at]!, rows: lines.slice(at + 1) };
}

function fields(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line)) {
    out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    if (!m[2]) break;
  }
  return out;
}

async function screen(out: string, deidentified = false): Promise<ScreeningSummary> {
  return screenPopulation(
    ndjsonScreenOptions(engine, exportDir, out, {
      summaryPath: join(out, 'summary.json'),
      people: { candidatesPath: join(out, 'candidates.csv'), ineligiblePath: join(out, 'ineligible.csv'), deidentified },
    }),
  );
}

beforeAll(async () => {
  engine = await loadEngine();
  exportDir = writeExport(namedPopulation());
});

describe('the people’s worklists', () => {
  let out: string;
  let summary: ScreeningSummary;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'trialcds-people-'));
    summary = await screen(out);
  });

  it('say they hold patient data, and name once per trial the review items every candidate shares', () => {
    const { notice } = csv(join(out, 'candidates.csv'));
    expect(notice[0]).toMatch(/^CONTAINS PATIENT DATA \(names, MRNs, ages and sexes\), screened as of 2026-11-01/);
    expect(notice[1]).toContain(
      'NCT06789107: I9 informed consent, E8 recurrent or chronic infections (judgement), E20 other clinical trials in the last 3 months, E22 investigator judgement',
    );
    expect(notice[1]).toMatch(/ln-cart-5-35: I7 contraception, I8 informed consent, I9 .*, I10 .*, E14 .*, E18 /);
  });

  it('have one row per candidate with name, MRN (not the SSN), age, sex and every trial’s status', () => {
    const { header, rows } = csv(join(out, 'candidates.csv'));
    expect(header).toEqual(['patient', 'name', 'mrn', 'age', 'sex', ...summary.trials.map((t) => t.id), 'data_to_obtain', 'to_review']);
    const results = readFileSync(join(out, 'results.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const candidates = results.filter((r) => r.trials.some((t: { status: string }) => t.status !== 'ineligible'));
    expect(rows.map((r) => r[0]).sort()).toEqual(candidates.map((r) => r.patient.replace('Patient/', '')).sort());
    for (const row of rows) {
      const line = results.find((r) => r.patient === `Patient/${row[0]}`)!;
      expect(row.slice(1, 3)).toEqual([`Family-${row[0]}, Ada M`, `MRN-${row[0]}`]);
      expect(row[4]).toBe(line.person.sex);
      expect(row.slice(5, 5 + summary.trials.length)).toEqual(summary.trials.map((t) => line.trials.find((x: { id: string }) => x.id === t.id).status));
    }
    expect(rows.flat().join()).not.toContain('999-00-1234');
    // Most promising first: a likely-eligible row never follows a possibly-eligible-only one.
    const best = rows.map((r) => (r.slice(5, 8).includes('likely-eligible') ? 0 : 1));
    expect(best).toEqual([...best].sort());
  });

  it('list the data to obtain once, with the trials that need it', () => {
    const { rows } = csv(join(out, 'candidates.csv'));
    const obtain = rows.map((r) => r.at(-2)!).join('; ');
    // The ideal charts of one trial lack what only the others ask for, never what all three ask for twice.
    for (const text of rows.map((r) => r.at(-2)!)) {
      const labels = text.split('; ').map((item) => item.replace(/ \([^)]*\)$/, ''));
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(obtain).toMatch(/\((all 3 trials|[\w-]+(, [\w-]+)?)\)/);
    expect(obtain).not.toMatch(/\bI\d|E\d/);
  });

  it('put patients ineligible for every trial in their own file, with what excluded them', () => {
    const { header, rows } = csv(join(out, 'ineligible.csv'));
    expect(header).toEqual(['patient', 'name', 'mrn', 'age', 'sex', ...summary.trials.map((t) => t.id), 'excluded_by']);
    expect(rows.map((r) => r[0]).sort()).toEqual(['plain-1', 'plain-2']);
    expect(rows[0]!.slice(3, 5)).toEqual(['36', 'female']);
    expect(rows[0]!.at(-1)).toBe(
      'ln-cart-5-35: I1 age (date of birth), I2 renal biopsy class (within 24 months); NCT07233642: I2 SLE diagnosis and treatment history; NCT06789107: I2 SLE diagnosis, I4 Treatment Resistance, I6 Stable Standard Treatment',
    );
    expect(csv(join(out, 'candidates.csv')).rows.map((r) => r[0])).not.toContain('plain-1');
  });

  it('carry each criterion’s text beside its id in the summary', () => {
    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ScreeningSummary;
    const i5 = written.trials.find((t) => t.id === 'NCT06789107')!.criteria.find((c) => c.id === 'I5')!;
    expect(i5.text).toBe('SLEDAI-2000 Score: ≥ 6 based on the SLEDAI-2000 scoring system.');
    expect(written.trials.every((t) => t.criteria.every((c) => c.text.length > 0))).toBe(true);
  });

  it('with --deidentified: ids, ages and sexes only, in the CSVs and in the results', async () => {
    const deid = mkdtempSync(join(tmpdir(), 'trialcds-people-'));
    await screen(deid, true);
    const results = readFileSync(join(deid, 'results.ndjson'), 'utf8');
    expect(results).not.toMatch(/Family-|MRN-|"birthDate"|"name"/);
    expect(results).toContain('"person":{"age":"36","sex":"female"}');
    expect(csv(join(deid, 'ineligible.csv')).rows[0]!.slice(0, 3)).toEqual(['plain-1', '36', 'female']);
    for (const file of ['candidates.csv', 'ineligible.csv']) {
      const text = readFileSync(join(deid, file), 'utf8');
      expect(text).not.toMatch(/Family-|MRN-/);
      expect(csv(join(deid, file)).header.slice(0, 3)).toEqual(['patient', 'age', 'sex']);
      expect(csv(join(deid, file)).notice[0]).toContain('source ids, ages and sexes; no names or MRNs');
    }
  });
});
