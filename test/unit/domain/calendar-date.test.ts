// "Today" near midnight (issue 20): one instant, the calendar date of the configured time zone.
import { loadConfig } from '../../../src/config.js';
import { isTimeZone, machineTimeZone, todayIn } from '../../../src/domain/calendar-date.js';

describe('todayIn: the calendar date of an instant in a time zone', () => {
  test.each([
    ['2026-12-31T23:30:00Z', 'UTC', '2026-12-31'],
    ['2026-12-31T23:30:00Z', 'Europe/Paris', '2027-01-01'],
    ['2026-12-31T23:30:00Z', 'America/New_York', '2026-12-31'],
    ['2027-01-01T00:30:00Z', 'America/Los_Angeles', '2026-12-31'],
    ['2027-01-01T00:30:00Z', 'UTC', '2027-01-01'],
    ['2026-03-29T00:59:59Z', 'Europe/London', '2026-03-29'],
    ['2026-06-30T13:59:59Z', 'Pacific/Kiritimati', '2026-07-01'],
    ['2026-06-30T11:59:59Z', 'Etc/GMT+12', '2026-06-29'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(todayIn(zone, new Date(instant))).toBe(day);
  });

  test('unknown zones are refused, IANA names and UTC accepted', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('TRIALCDS_TIME_ZONE', () => {
  test('defaults to the machine zone (TZ; a child process proves it: test/integration/today.test.ts)', () => {
    expect(loadConfig({}).timeZone).toBe(machineTimeZone());
  });

  test('a configured zone wins over the machine zone', () => {
    expect(loadConfig({ TRIALCDS_TIME_ZONE: 'America/Chicago' }).timeZone).toBe('America/Chicago');
  });

  test('an unknown zone stops the service naming the variable', () => {
    expect(() => loadConfig({ TRIALCDS_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/TRIALCDS_TIME_ZONE: an IANA time zone/);
  });
});
