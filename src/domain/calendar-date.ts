// One notion of "today" for every surface (issue 20): the CLI, screening jobs, hooks and the /fhir
// operations all take the default as-of date from here, in one time zone — the service's configured
// one (TRIALCDS_TIME_ZONE), else the machine's. Before, the CLI and jobs used the UTC date and the
// hooks local time, so near midnight the same patient was screened against two different days.

/** The machine's IANA time zone (honours the TZ environment variable). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A YYYY-MM-DD formatter for `timeZone` (built once: hooks ask on every call). Throws RangeError for an unknown zone. */
function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `name` is a time zone this runtime knows (`Europe/Paris`, `UTC`, …). */
export function isTimeZone(name: string): boolean {
  try {
    dateFormatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) at instant `now` in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = dateFormatter(timeZone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
