// cql-execution's DateTime.parse without luxon on the common path. The reference validates every
// string with luxon's fromFormat against the format of its length (tens of microseconds, most of a
// compiled evaluation's time); for strings of those formats the same validity is decided here by
// calendar arithmetic — test/unit/compiled/date-parse.test.ts checks the two agree over every
// format, field range, leap years and offsets — and anything else goes to cql-execution itself.
import { cql, cqlUtil } from './cql-lib.js';

const SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(?:(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Gregorian days in a month, years 0–9999 (JS Date would read years below 100 as 19xx). */
function monthLength(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether luxon would accept the string in the format its length selects (see the test). */
function validFields(m: RegExpExecArray): boolean {
  const [, y, mo, d, h, mi, s, ms] = m;
  const year = Number(y);
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d !== undefined && (Number(d) < 1 || Number(d) > monthLength(year, Number(mo)))) return false;
  // luxon takes 24 as the end of the day: 24, 24:00, 24:00:00(.000), nothing later.
  if (h !== undefined && Number(h) > 24) return false;
  if (Number(h) === 24 && [mi, s, ms].some((v) => v !== undefined && Number(v) !== 0)) return false;
  if (mi !== undefined && Number(mi) > 59) return false;
  if (s !== undefined && Number(s) > 59) return false;
  // luxon accepts any two-digit offset hours and minutes (+99:60 included); so does the reference.
  return true;
}

/** cql-execution's DateTime.parse(string), exactly. */
export function parseDateTime(string: string): any {
  const m = typeof string === 'string' ? SHAPE.exec(string) : null;
  // A date with only an offset ("2012-01-31TZ", "…T-04:00") and other rare shapes: the reference.
  if (!m || (m[4] === undefined && m[8] !== undefined) || (m[4] !== undefined && m[3] === undefined)) return cql.DateTime.parse(string);
  if (!validFields(m)) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const int = (v: string | undefined) => (v != null ? parseInt(v) : v);
  const milliseconds = ms != null ? parseInt(cqlUtil.normalizeMillisecondsField(ms)) : undefined;
  const args: any[] = [int(y), int(mo), int(d), int(h), int(mi), int(s), milliseconds];
  if (zone === 'Z') args.push(0);
  else if (zone !== undefined) {
    const num = parseInt(zone.slice(1, 3)) + parseInt(zone.slice(4, 6)) / 60;
    args.push(zone[0] === '+' ? num : num * -1);
  }
  return new cql.DateTime(...args);
}
