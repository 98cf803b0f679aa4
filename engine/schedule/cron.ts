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
  let reason: string | undefined;
  try {
    reason = impossibleDate(cronParser.parseExpression(text, { tz: 'UTC' }).fields, fields);
  } catch (error) {
    reason = explainCronError(error instanceof Error ? error.message : String(error), fields);
  }
  if (reason !== undefined) {
    throw new ScheduleInputError(`The cron expression "${text}" is not valid: ${reason.replace(/\.+$/, '')}. Fields are ${FIELD_NAMES.join(', ')}; e.g. "30 6 * * MON-FRI" is 06:30 on weekdays.`, 'cron');
  }
  return text;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Days per month as cron-parser counts them: February has 29, so a 29 February schedule runs in leap years. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * cron-parser's complaint ("Constraint error, cannot repeat at every 0 time.") in plain words, naming the
 * field it is about; a kind not known here keeps the library's words.
 */
function explainCronError(message: string, fields: readonly string[]): string {
  if (/^Invalid explicit day of month definition/.test(message)) return neverRunsReason(fields) ?? message;
  const names = fields.length === 6 ? ['second', ...FIELD_NAMES] : FIELD_NAMES;
  const at = fields.findIndex((_, i) => failsAlone(fields, i));
  const what = plainCronError(message, names[at] ?? '');
  return at < 0 ? what : `in the ${names[at]} field (${fields[at]}), ${what}`;
}

function plainCronError(message: string, field: string): string {
  const names = field === 'month' ? ' or JAN to DEC' : field === 'day of week' ? ' or SUN to SAT (0 and 7 are both Sunday)' : '';
  let m: RegExpMatchArray | null;
  if ((m = message.match(/^Constraint error, cannot repeat at every (\S+) time/))) return `a step of ${m[1]} never repeats; use */1 or a step from 1 up, e.g. */15`;
  if ((m = message.match(/^Constraint error, got value (\S+) expected range (\d+)-(\d+)/))) return `${m[1]} is out of range; use ${m[2]} to ${m[3]}${names}`;
  if ((m = message.match(/^Constraint error, got range (\S+) expected range (\d+)-(\d+)/))) return `the range ${m[1]} goes outside ${m[2]} to ${m[3]}`;
  if ((m = message.match(/^Invalid range: (.*)$/))) return `the range ${m[1]} is not from a smaller number to a larger one; write it as e.g. 1-5`;
  if ((m = message.match(/^Invalid characters, got value: (.*)$/))) return `"${m[1]}" is not a number, * or a list (1,15), range (1-5) or step (*/15) of numbers${names}`;
  if ((m = message.match(/^Validation error, cannot resolve alias "(.*)"/))) return `"${m[1]!.toUpperCase()}" is not a name cron knows; use ${field === 'month' ? 'JAN to DEC' : 'SUN to SAT'}`;
  if ((m = message.match(/^Invalid repeat: (.*)$/))) return `"${m[1]}" has more than one step (/); write one, e.g. */15 or 0-30/5`;
  if (/^Invalid list value format/.test(message)) return 'a list has an empty item; separate values with single commas, e.g. 1,15';
  if (/^Constraint error, invalid dayOfWeek occurrence number/.test(message)) return 'the number after # is which weekday of the month, 1 to 5, e.g. MON#1 is the first Monday';
  if (/^Constraint error, invalid dayOfWeek `#`/.test(message)) return '# takes one weekday, not a list, range or step, e.g. FRI#2 is the second Friday';
  return message;
}

/** Whether field `i` is refused with every other field set to `*`: the field a complaint is about. */
function failsAlone(fields: readonly string[], i: number): boolean {
  try {
    cronParser.parseExpression(fields.map((f, j) => (j === i ? f : '*')).join(' '), { tz: 'UTC' });
    return false;
  } catch {
    return true;
  }
}

/** Why an expression that parses never fires: days of month that none of its months has (31 in February or April). */
function impossibleDate(parsed: cronParser.CronFields, fields: readonly string[]): string | undefined {
  const days = parsed.dayOfMonth;
  const anyWeekday = new Set(parsed.dayOfWeek.map((d) => d % 7)).size === 7;
  const longest = Math.max(...parsed.month.map((m) => DAYS_IN_MONTH[m - 1]!));
  // With a weekday named too, cron runs on either, so the weekday still fires.
  if (!anyWeekday || days.some((d) => typeof d !== 'number' || d <= longest)) return undefined;
  return neverRunsReason(fields);
}

function neverRunsReason(fields: readonly string[]): string | undefined {
  const n = fields.length;
  try {
    const days = cronParser.parseExpression(`0 0 ${fields[n - 3]} * *`, { tz: 'UTC' }).fields.dayOfMonth;
    const months = cronParser.parseExpression(`0 0 1 ${fields[n - 2]} *`, { tz: 'UTC' }).fields.month;
    const weekdays = cronParser.parseExpression(`0 0 1 * ${fields[n - 1]}`, { tz: 'UTC' }).fields.dayOfWeek;
    // cron-parser refuses these days even with a weekday named, on which such a schedule would still run.
    const outcome = new Set(weekdays.map((d) => d % 7)).size === 7 ? ', so this schedule would never run' : '';
    const said = (words: string[], joint: string) => (words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} ${joint} ${words.at(-1)}`);
    const dayWords = days.map(String);
    const dayText = dayWords.length === 1 ? `day ${dayWords[0]} never comes` : `days ${said(dayWords, 'and')} never come`;
    return `${dayText} in ${said(months.map((m) => MONTHS[m - 1]!), 'or')}${outcome}; use L for the last day of a month`;
  } catch {
    return undefined;
  }
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
