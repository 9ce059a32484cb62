// Lexical validity of the FHIR R4 primitives a criterion computes with: dates, times and numbers.
// The regular expressions are the FHIR R4 datatype definitions (hl7.org/fhir/R4/datatypes.html),
// with one leniency real EHR exports need: a dateTime's time zone may be missing (both engines read
// such a value as local time).
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';

const PATTERNS: Record<string, RegExp> = {
  date: new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`),
  dateTime: new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE}?)?)?)?$`),
  instant: new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${ZONE}$`),
  time: new RegExp(`^${TIME}$`),
};

const INTEGER_TYPES: Record<string, number> = { integer: -2147483648, positiveInt: 1, unsignedInt: 0 };

/** A day that exists: 2026-02-30 matches the pattern but is no date. */
function isCalendarDay(value: string): boolean {
  // Every month has 28 days: only a later day needs the calendar (this runs for every date of a chart).
  if (value.length < 10 || value.slice(8, 10) <= '28') return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** Why `value` (already of the right JSON type) is not a valid FHIR `type`; undefined when it is. */
export function invalidPrimitive(value: unknown, type: string): string | undefined {
  const pattern = PATTERNS[type];
  if (pattern) {
    if (typeof value !== 'string' || !pattern.test(value) || !isCalendarDay(value)) return `is not a valid FHIR ${type}`;
    return undefined;
  }
  if (type === 'decimal') return typeof value === 'number' && Number.isFinite(value) ? undefined : 'is not a finite decimal';
  const min = INTEGER_TYPES[type];
  if (min !== undefined) {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 2147483647;
    return ok ? undefined : `is not a valid FHIR ${type}`;
  }
  return undefined;
}
