// The compiled engine parses FHIR dates without luxon; it must give exactly what cql-execution's
// DateTime.parse gives (same fields, same offset, same nulls) for every format, field range, leap
// year, hour-24 form and offset — and strings of other shapes go to cql-execution itself.
import { createRequire } from 'node:module';
import { parseDateTime } from '../../../src/engine/compiled/date-parse.js';

const require = createRequire(import.meta.url);
const cql = require('cql-execution');

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function strings(): string[] {
  const out: string[] = [];
  for (const y of [0, 1, 99, 100, 1900, 2000, 2023, 2024, 2100, 9999]) {
    out.push(pad(y, 4));
    for (let m = 0; m <= 13; m++) {
      out.push(`${pad(y, 4)}-${pad(m, 2)}`);
      for (const d of [0, 1, 28, 29, 30, 31, 32]) out.push(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    }
  }
  const zones = ['', 'Z', '+00:00', '-00:00', '+05:30', '-04:00', '+14:00', '+23:59', '+24:00', '+99:60'];
  for (const day of ['2024-02-29', '2023-02-28', '2024-12-31'])
    for (const h of [0, 9, 23, 24, 25])
      for (const z of zones) {
        out.push(`${day}T${pad(h, 2)}${z}`);
        for (const mi of [0, 59, 60]) {
          out.push(`${day}T${pad(h, 2)}:${pad(mi, 2)}${z}`);
          for (const s of [0, 59, 60]) {
            out.push(`${day}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${z}`);
            for (const ms of ['000', '001', '999']) out.push(`${day}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${ms}${z}`);
          }
        }
      }
  return out.concat(['', 'abc', '2024-1-01', '20240101', '2024-01-01 10:00', ' 2024-01-01', '2024-01-01T', '2024-01-01TZ', '2024-01-01T-04:00',
    '2024-01-01T10:00:00.5Z', '2024-01-01T10:00:00.1234Z', '2024-01-01T10+05', '2024-01-01T10:00:00+05', '2024-01-01T10:0', '2024-01-01T10:00:00Zjunk']);
}

test('agrees with cql-execution DateTime.parse on every shape the FHIR data can take', () => {
  const mismatches = strings().filter((s) => JSON.stringify(parseDateTime(s)) !== JSON.stringify(cql.DateTime.parse(s)) || (parseDateTime(s) === null) !== (cql.DateTime.parse(s) === null));
  expect(mismatches).toEqual([]);
});

test('keeps the reference behaviour for values of other types', () => {
  expect(parseDateTime(null as unknown as string)).toBeNull();
});
