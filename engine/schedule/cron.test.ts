import { describe, expect, it } from 'vitest';
import { nextTicks, normalizeCron, ScheduleInputError, ticksBetween } from './cron';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('schedule cron', () => {
  it('gives the next five ticks in the schedule time zone', () => {
    const ticks = nextTicks('0 2 * * *', 'Europe/Paris', new Date('2026-01-10T12:00:00Z'), 5);
    expect(iso(ticks)).toEqual(['2026-01-11T01:00:00.000Z', '2026-01-12T01:00:00.000Z', '2026-01-13T01:00:00.000Z', '2026-01-14T01:00:00.000Z', '2026-01-15T01:00:00.000Z']);
  });

  it('runs a wall-clock time that the spring DST change skips once, an hour later', () => {
    // 2026-03-29 02:00 in Paris jumps to 03:00: 02:30 does not exist that day.
    const ticks = nextTicks('30 2 * * *', 'Europe/Paris', new Date('2026-03-27T12:00:00Z'), 3);
    expect(iso(ticks)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('runs a wall-clock time that the autumn DST change repeats only once', () => {
    // 2026-10-25 03:00 in Paris goes back to 02:00: 02:30 happens twice.
    const ticks = nextTicks('30 2 * * *', 'Europe/Paris', new Date('2026-10-24T12:00:00Z'), 2);
    expect(iso(ticks)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('keeps weekly ticks at the local time across a US DST change', () => {
    const ticks = nextTicks('0 9 * * 1', 'America/New_York', new Date('2026-03-01T00:00:00Z'), 2);
    expect(iso(ticks)).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });

  it('accepts a leading seconds field', () => {
    const ticks = nextTicks('*/5 * * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), 3);
    expect(iso(ticks)).toEqual(['2026-01-01T00:00:05.000Z', '2026-01-01T00:00:10.000Z', '2026-01-01T00:00:15.000Z']);
  });

  it('normalizes spacing', () => expect(normalizeCron('  0   2 * *  * ')).toBe('0 2 * * *'));

  it.each([
    ['* * *', /5 fields .* has 3/],
    ['', /has 0/],
    ['* * * * * * *', /has 7/],
    ['61 * * * *', /not valid: in the minute field \(61\), 61 is out of range; use 0 to 59\. Fields are/],
    ['0 0 31 2 *', /not valid: day 31 never comes in February, so this schedule would never run/],
    ['a * * * *', /not valid: in the minute field \(a\), "a" is not a number, \* or a list/],
  ])('refuses %j saying why', (cron, message) => {
    const error = (() => {
      try {
        normalizeCron(cron);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScheduleInputError);
    expect((error as ScheduleInputError).argument).toBe('cron');
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['*/0 * * * *', 'in the minute field (*/0), a step of 0 never repeats; use */1 or a step from 1 up, e.g. */15'],
    ['0 */0 * * *', 'in the hour field (*/0), a step of 0 never repeats; use */1 or a step from 1 up, e.g. */15'],
    ['0 0 31 2 *', 'day 31 never comes in February, so this schedule would never run; use L for the last day of a month'],
    ['0 0 30,31 FEB *', 'days 30 and 31 never come in February, so this schedule would never run; use L for the last day of a month'],
    ['0 0 31 2,4 *', 'day 31 never comes in February or April, so this schedule would never run; use L for the last day of a month'],
    ['0 0 30 2 MON', 'day 30 never comes in February; use L for the last day of a month'],
    ['0 25 * * *', 'in the hour field (25), 25 is out of range; use 0 to 23'],
    ['0 0 * * 8', 'in the day of week field (8), 8 is out of range; use 0 to 7 or SUN to SAT (0 and 7 are both Sunday)'],
    ['50-70 * * * *', 'in the minute field (50-70), the range 50-70 goes outside 0 to 59'],
    ['5-1 * * * *', 'in the minute field (5-1), the range 5-1 is not from a smaller number to a larger one; write it as e.g. 1-5'],
    ['0 0 1 XYZ *', 'in the month field (XYZ), "XYZ" is not a name cron knows; use JAN to DEC'],
    ['0 0 * * MON#6', 'in the day of week field (MON#6), the number after # is which weekday of the month, 1 to 5, e.g. MON#1 is the first Monday'],
    ['*/0 * * * * *', 'in the second field (*/0), a step of 0 never repeats; use */1 or a step from 1 up, e.g. */15'],
  ])('explains %j in plain words, with one full stop and the fields hint', (cron, reason) => {
    expect(() => normalizeCron(cron)).toThrow(`The cron expression "${cron}" is not valid: ${reason}. Fields are minute, hour, day of month, month, day of week; e.g. "30 6 * * MON-FRI" is 06:30 on weekdays.`);
    expect(() => normalizeCron(cron)).not.toThrow(/\.\.|Constraint error|Invalid explicit/);
  });

  it('accepts days some of its months have, the last day (L), 29 February and a day OR a weekday', () => {
    for (const cron of ['0 0 31 2,3 *', '0 0 L 2 *', '0 0 29 2 *', '0 0 31 2,4 1', '0 0 30 4 *']) expect(normalizeCron(cron)).toBe(cron);
  });

  it('refuses an unknown time zone with an example of a good one', () => {
    expect(() => nextTicks('0 2 * * *', 'Mars/Olympus', new Date(), 1)).toThrow(/"Mars\/Olympus" is not a time zone .* Europe\/Paris/);
  });

  it('counts the ticks missed between two instants and names the latest', () => {
    const r = ticksBetween('0 * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T03:30:00Z'));
    expect(r).toEqual({ latest: new Date('2026-01-01T03:00:00Z'), count: 3, capped: false });
    const none = ticksBetween('0 * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:30:00Z'));
    expect(none.count).toBe(0);
    const capped = ticksBetween('* * * * * *', 'UTC', new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'), 100);
    expect(capped).toEqual({ latest: new Date('2026-01-02T00:00:00Z'), count: 100, capped: true });
  });
});
