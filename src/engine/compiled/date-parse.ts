// cql-execution's DateTime.parse without luxon on the common path. The reference validates every
// string with luxon's fromFormat against the format of its length (tens of microseconds, most of a
// compiled evaluation's time); for strings of those formats the same validity is decided here by
// calendar arithmetic — test/unit/compiled/date-parse.test.ts checks the two agree over every
// format, field range, leap years and offsets — and anything else goes to cql-execution itself.
import { cql, cqlUtil } from './cql-lib.js';

/** Fields of an ISO date/time string, read by position; undefined when the string has another shape. */
interface Fields {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** The fraction's three digits as written. */
  millis?: string;
  /** 'Z', or an offset written ±hh:mm. */
  zone?: string;
}

function digits(s: string, at: number, count: number): number | undefined {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  return value;
}

/** YYYY[-MM[-DD[Thh[:mm[:ss[.fff]]][Z|±hh:mm]]]] — the shapes the reference's formats take. */
function readFields(s: string): Fields | undefined {
  const year = digits(s, 0, 4);
  if (year === undefined) return undefined;
  const f: Fields = { year };
  let at = 4;
  const next = (sep: string, count: number): number | undefined => {
    if (s[at] !== sep) return undefined;
    const v = digits(s, at + 1, count);
    if (v !== undefined) at += 1 + count;
    return v;
  };
  if (at === s.length) return f;
  if ((f.month = next('-', 2)) === undefined) return undefined;
  if (at === s.length) return f;
  if ((f.day = next('-', 2)) === undefined) return undefined;
  if (at === s.length) return f;
  if ((f.hour = next('T', 2)) === undefined) return undefined;
  if (s[at] === ':' && (f.minute = next(':', 2)) === undefined) return undefined;
  if (f.minute !== undefined && s[at] === ':' && (f.second = next(':', 2)) === undefined) return undefined;
  if (f.second !== undefined && s[at] === '.') {
    if (digits(s, at + 1, 3) === undefined) return undefined;
    f.millis = s.slice(at + 1, at + 4);
    at += 4;
  }
  if (at === s.length) return f;
  if (s[at] === 'Z' && at + 1 === s.length) {
    f.zone = 'Z';
    return f;
  }
  const sign = s[at];
  if ((sign === '+' || sign === '-') && at + 6 === s.length && digits(s, at + 1, 2) !== undefined && s[at + 3] === ':' && digits(s, at + 4, 2) !== undefined) {
    f.zone = s.slice(at);
    return f;
  }
  return undefined;
}

/** Gregorian days in a month, years 0–9999 (JS Date would read years below 100 as 19xx). */
function monthLength(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether luxon would accept the string in the format its length selects (see the test). */
function validFields(f: Fields): boolean {
  if (f.month !== undefined && (f.month < 1 || f.month > 12)) return false;
  if (f.day !== undefined && (f.day < 1 || f.day > monthLength(f.year, f.month!))) return false;
  // luxon takes 24 as the end of the day: 24, 24:00, 24:00:00(.000), nothing later.
  if (f.hour !== undefined && f.hour > 24) return false;
  if (f.hour === 24 && ((f.minute ?? 0) !== 0 || (f.second ?? 0) !== 0 || Number(f.millis ?? 0) !== 0)) return false;
  if (f.minute !== undefined && f.minute > 59) return false;
  if (f.second !== undefined && f.second > 59) return false;
  // luxon accepts any two-digit offset hours and minutes (+99:60 included); so does the reference.
  return true;
}

/** cql-execution's DateTime.parse(string), exactly. */
export function parseDateTime(string: string): any {
  const f = typeof string === 'string' ? readFields(string) : undefined;
  if (!f) return cql.DateTime.parse(string);
  if (!validFields(f)) return null;
  const milliseconds = f.millis !== undefined ? parseInt(cqlUtil.normalizeMillisecondsField(f.millis)) : undefined;
  const args: any[] = [f.year, f.month, f.day, f.hour, f.minute, f.second, milliseconds];
  if (f.zone === 'Z') args.push(0);
  else if (f.zone !== undefined) {
    const num = parseInt(f.zone.slice(1, 3)) + parseInt(f.zone.slice(4, 6)) / 60;
    args.push(f.zone[0] === '+' ? num : num * -1);
  }
  return new cql.DateTime(...args);
}
