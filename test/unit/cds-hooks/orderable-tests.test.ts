import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORDERABLE_TESTS } from '../../../src/cds-hooks/orderable-tests.js';

const VALUESETS = join(process.cwd(), 'valuesets');
const trials = (id: string) => JSON.parse(readFileSync(join(process.cwd(), 'cql/trials', id, 'trial.json'), 'utf8'));
const ids = (criteria: { id: string; criteria?: unknown[] }[]): string[] =>
  criteria.flatMap((c) => [c.id, ...ids((c.criteria ?? []) as { id: string }[])]);

describe('orderable tests for unknown criteria', () => {
  it.each(Object.entries(ORDERABLE_TESTS))('%s: every code is a LOINC member of the bundled value set it names, with its display', (trialId, table) => {
    const known = new Set(ids(trials(trialId).criteria));
    for (const [criterion, tests] of Object.entries(table)) {
      expect(known.has(criterion)).toBe(true);
      for (const test of tests) {
        const vs = JSON.parse(readFileSync(join(VALUESETS, `${test.valueSet}.json`), 'utf8'));
        const members = vs.compose.include.flatMap((i: { system: string; concept: { code: string; display: string }[] }) =>
          i.concept.map((c) => ({ ...c, system: i.system })),
        );
        const member = members.find((m: { code: string }) => m.code === test.code);
        expect(member).toMatchObject({ system: 'http://loinc.org' });
        // Displays are the value set's, with Mayo's reporting-name suffix dropped.
        expect(member.display.replace(/, S \(Mayo reporting name\)$/, ', Serum')).toBe(test.display);
      }
    }
  });
});
