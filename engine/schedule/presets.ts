/**
 * Schedule presets and plain-English descriptions of cron expressions. Pure string work with no cron
 * library, so the browser bundle can use it as the user types.
 */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export type SchedulePreset =
  | { kind: 'hourly'; minute: number }
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'weekly'; day: number; hour: number; minute: number }
  | { kind: 'custom'; cron: string };

export function presetCron(p: SchedulePreset): string {
  switch (p.kind) {
    case 'hourly':
      return `${p.minute} * * * *`;
    case 'daily':
      return `${p.minute} ${p.hour} * * *`;
    case 'weekly':
      return `${p.minute} ${p.hour} * * ${p.day}`;
    case 'custom':
      return p.cron.trim().split(/\s+/).join(' ');
  }
}

const NUM = '(\\d{1,2})';
const HOURLY = new RegExp(`^${NUM} \\* \\* \\* \\*$`);
const DAILY = new RegExp(`^${NUM} ${NUM} \\* \\* \\*$`);
const WEEKLY = new RegExp(`^${NUM} ${NUM} \\* \\* ([0-7])$`);
const inRange = (n: number, max: number) => n >= 0 && n <= max;

/** The preset a cron expression is, so the form reopens on the same choice; anything else is custom. */
export function readPreset(cron: string): SchedulePreset {
  const text = cron.trim().split(/\s+/).join(' ');
  let m = HOURLY.exec(text);
  if (m && inRange(+m[1]!, 59)) return { kind: 'hourly', minute: +m[1]! };
  m = DAILY.exec(text);
  if (m && inRange(+m[1]!, 59) && inRange(+m[2]!, 23)) return { kind: 'daily', minute: +m[1]!, hour: +m[2]! };
  m = WEEKLY.exec(text);
  if (m && inRange(+m[1]!, 59) && inRange(+m[2]!, 23)) return { kind: 'weekly', minute: +m[1]!, hour: +m[2]!, day: +m[3]! % 7 };
  return { kind: 'custom', cron: text };
}

const pad = (n: number) => String(n).padStart(2, '0');
export const clockTime = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;

/** "Every day at 02:00 Europe/Paris", "Every 10 seconds", or the expression itself when no phrase fits. */
export function describeSchedule(cron: string, timezone: string): string {
  const preset = readPreset(cron);
  switch (preset.kind) {
    case 'hourly':
      return preset.minute === 0 ? 'Every hour, on the hour' : `Every hour at ${pad(preset.minute)} minutes past`;
    case 'daily':
      return `Every day at ${clockTime(preset.hour, preset.minute)} ${timezone}`;
    case 'weekly':
      return `Every ${WEEKDAYS[preset.day]} at ${clockTime(preset.hour, preset.minute)} ${timezone}`;
    case 'custom':
      return describeCustom(preset.cron, timezone);
  }
}

function describeCustom(text: string, timezone: string) {
  const every = (n: string, unit: string) => (n === '1' ? `Every ${unit}` : `Every ${n} ${unit}s`);
  let m = /^(?:\*|\*\/(\d+)) \* \* \* \* \*$/.exec(text);
  if (m) return every(m[1] ?? '1', 'second');
  m = /^(?:0 )?(?:\*|\*\/(\d+)) \* \* \* \*$/.exec(text);
  if (m && text.split(' ').length === (text.startsWith('0 ') ? 6 : 5)) return every(m[1] ?? '1', 'minute');
  m = new RegExp(`^${NUM} ${NUM} \\* \\* 1-5$`).exec(text);
  if (m) return `Every weekday (Monday to Friday) at ${clockTime(+m[2]!, +m[1]!)} ${timezone}`;
  return `Cron "${text}" in ${timezone}`;
}
