// The worklists for people (a coordinator with a morning to call candidates): one row per patient
// with name, MRN, age and sex when the source has them, every trial's status on the row, and what
// to obtain de-duplicated across trials. Candidates (likely or possibly eligible for some trial)
// and patients ineligible for every trial go to separate files. The machine worklist (one row per
// patient and trial, worklist.ts) is unchanged.
import { createWriteStream } from 'node:fs';
import type { LabelledTrial } from './criterion-labels.js';
import { personRowOf, type PersonRow, type ResultsLine } from './person-row.js';
import { SpillSorter, streamPut } from './spill-sort.js';
import { csvField, csvRow, STATUS_RANK } from './worklist.js';

export interface Column {
  header: string;
  value: (row: PersonRow) => string;
}

export interface PeopleWorklistOptions {
  /** Source ids (with age and sex) only: no names, no MRNs. */
  deidentified?: boolean;
}

/** The columns, in order; other columns (e.g. time-aware dates) are added here, not in the writer. */
export function peopleColumns(trials: readonly LabelledTrial[], options: PeopleWorklistOptions, list: 'candidates' | 'ineligible'): Column[] {
  const who: Column[] = [
    { header: 'patient', value: (r) => r.patient },
    ...(options.deidentified
      ? []
      : [
          { header: 'name', value: (r: PersonRow) => r.person.name ?? '' },
          { header: 'mrn', value: (r: PersonRow) => r.person.mrn ?? '' },
        ]),
    { header: 'age', value: (r) => r.age ?? '' },
    { header: 'sex', value: (r) => r.person.sex ?? '' },
  ];
  const statuses: Column[] = trials.map((t, i) => ({ header: t.id, value: (r) => r.statuses[i] ?? '' }));
  const work: Column[] =
    list === 'candidates'
      ? [
          { header: 'data_to_obtain', value: (r) => r.obtain },
          { header: 'to_review', value: (r) => r.review },
        ]
      : [{ header: 'excluded_by', value: (r) => r.excludedBy }];
  return [...who, ...statuses, ...work];
}

/** The lines above the header: the file holds patient data, and what every candidate needs anyway. */
export function noticeLines(trials: readonly LabelledTrial[], asOf: string, options: PeopleWorklistOptions): string[] {
  const what = options.deidentified ? 'source ids, ages and sexes; no names or MRNs' : 'names, MRNs, ages and sexes';
  const lines = [`CONTAINS PATIENT DATA (${what}), screened as of ${asOf}: keep it where patient records may be kept.`];
  const shared = trials
    .filter((t) => t.sharedReview.length)
    .map((t) => `${t.id}: ${t.sharedReview.map((c) => `${c.id} ${c.label}`).join(', ')}`);
  if (shared.length) lines.push(`Not repeated on each row: every candidate also needs, in person, ${shared.join('; ')} (full texts in the summary JSON).`);
  return lines;
}

class PeopleFile {
  readonly sorter = new SpillSorter();
  constructor(readonly columns: Column[]) {}

  add(row: PersonRow, key: number): void {
    this.sorter.push(key, row.patient, 0, csvRow(this.columns.map((c) => c.value(row))));
  }

  async write(path: string, notice: readonly string[]): Promise<void> {
    const out = createWriteStream(path);
    const put = streamPut(out);
    try {
      for (const line of notice) await put(csvField(line) + '\r\n');
      await put(csvRow(this.columns.map((c) => c.header)) + '\r\n');
      await this.sorter.drain((text) => put(text + '\r\n'));
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
  }
}

/**
 * Candidates most promising first: best status over the trials, then fewest things to obtain,
 * then patient id. Ineligible patients by id.
 */
export class PeopleWorklistBuilder {
  private readonly candidates: PeopleFile;
  private readonly ineligible: PeopleFile;
  private asOf = '';

  constructor(
    private readonly trials: readonly LabelledTrial[],
    private readonly options: PeopleWorklistOptions = {},
  ) {
    this.candidates = new PeopleFile(peopleColumns(trials, options, 'candidates'));
    this.ineligible = new PeopleFile(peopleColumns(trials, options, 'ineligible'));
  }

  addReport(line: ResultsLine): void {
    this.asOf ||= line.asOf;
    const row = personRowOf(line, this.trials);
    if (row.best === 'ineligible') this.ineligible.add(row, 0);
    else this.candidates.add(row, STATUS_RANK[row.best] * 10_000 + Math.min(row.obtainCount, 9999));
  }

  async write(paths: { candidates: string; ineligible: string }, asOf = this.asOf): Promise<void> {
    const notice = noticeLines(this.trials, asOf, this.options);
    await this.candidates.write(paths.candidates, notice);
    await this.ineligible.write(paths.ineligible, notice.slice(0, 1));
  }
}

/** Where the people's worklists go: the named files, else beside `base` (the results file). */
export function peopleOutputs(base: string, flags: { candidates?: string; ineligible?: string; deidentified?: boolean }) {
  return {
    candidatesPath: flags.candidates ?? `${base}.candidates.csv`,
    ineligiblePath: flags.ineligible ?? `${base}.ineligible.csv`,
    ...(flags.deidentified ? { deidentified: true } : {}),
  };
}
