import cronParser from 'cron-parser';
import { isTimeZone } from './time-zone';

/**
 * Cron expressions of schedules, read in an IANA time zone. Five fields (minute hour day-of-month month
 * day-of-week), or six with a leading seconds field (seconds-level ticks, used by tests and demos).
 * Wall-clock times that a DST change skips run once, shifted forward; times it repeats run once.
 */
export class ScheduleInputError extends Error {
  constructor(
    message: string,
    readonly argument: 'cron' | 'timezone',
  ) {
    super(message);
  }
}

const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

export function checkTimeZone(timezone: string) {
  if (!isTimeZone(timezone)) {
    throw new ScheduleInputError(`"${timezone}" is not a time zone this server knows. Use an IANA name such as Europe/Paris, America/New_York or UTC.`, 'timezone');
  }
  return timezone;
}

/** The expression with single spaces, or a ScheduleInputError saying which part is wrong and how to fix it. */
export function normalizeCron(cron: string) {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new ScheduleInputError(
      `A cron expression has 5 fields (${FIELD_NAMES.join(', ')}), or 6 with seconds first; "${cron.trim()}" has ${fields.length}. Example: "0 2 * * *" runs every day at 02:00.`,
      'cron',
    );
  }
  const text = fields.join(' ');
  try {
    cronParser.parseExpression(text, { tz: 'UTC' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScheduleInputError(`The cron expression "${text}" is not valid: ${reason}. Fields are ${FIELD_NAMES.join(', ')}; e.g. "30 6 * * MON-FRI" is 06:30 on weekdays.`, 'cron');
  }
  return text;
}

/** The first `count` ticks strictly after `after`. */
export function nextTicks(cron: string, timezone: string, after: Date, count: number): Date[] {
  const it = cronParser.parseExpression(normalizeCron(cron), { tz: checkTimeZone(timezone), currentDate: after });
  const ticks: Date[] = [];
  for (let i = 0; i < count; i++) ticks.push(it.next().toDate());
  return ticks;
}

export const nextTick = (cron: string, timezone: string, after: Date) => nextTicks(cron, timezone, after, 1)[0]!;

/**
 * The ticks in (from, to]: the latest one, and how many there were (counted up to `cap`), for a scheduler
 * catching up after downtime.
 */
export function ticksBetween(cron: string, timezone: string, from: Date, to: Date, cap = 10_000) {
  const it = cronParser.parseExpression(normalizeCron(cron), { tz: checkTimeZone(timezone), currentDate: from, endDate: to });
  let latest: Date | undefined;
  let count = 0;
  while (count < cap && it.hasNext()) {
    latest = it.next().toDate();
    count++;
  }
  if (count === cap) latest = cronParser.parseExpression(normalizeCron(cron), { tz: timezone, currentDate: new Date(to.getTime() + 1) }).prev().toDate();
  return { latest, count, capped: count === cap };
}
