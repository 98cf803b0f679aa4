import { describe, expect, it } from 'vitest';
import { describeSchedule, presetCron, readPreset, type SchedulePreset } from './presets';

describe('schedule presets', () => {
  it.each<[SchedulePreset, string]>([
    [{ kind: 'hourly', minute: 15 }, '15 * * * *'],
    [{ kind: 'daily', hour: 2, minute: 0 }, '0 2 * * *'],
    [{ kind: 'weekly', day: 1, hour: 9, minute: 30 }, '30 9 * * 1'],
    [{ kind: 'custom', cron: ' */5  * * * * * ' }, '*/5 * * * * *'],
  ])('%j is %s and reads back the same', (preset, cron) => {
    expect(presetCron(preset)).toBe(cron);
    expect(readPreset(cron)).toEqual(preset.kind === 'custom' ? { kind: 'custom', cron } : preset);
  });

  it('treats out-of-range numbers as custom', () => expect(readPreset('0 25 * * *').kind).toBe('custom'));

  it.each([
    ['0 2 * * *', 'Europe/Paris', 'Every day at 02:00 Europe/Paris'],
    ['30 9 * * 1', 'UTC', 'Every Monday at 09:30 UTC'],
    ['0 9 * * 7', 'UTC', 'Every Sunday at 09:00 UTC'],
    ['0 * * * *', 'UTC', 'Every hour, on the hour'],
    ['5 * * * *', 'UTC', 'Every hour at 05 minutes past'],
    ['*/10 * * * * *', 'UTC', 'Every 10 seconds'],
    ['* * * * * *', 'UTC', 'Every second'],
    ['*/15 * * * *', 'UTC', 'Every 15 minutes'],
    ['* * * * *', 'UTC', 'Every minute'],
    ['0 7 * * 1-5', 'Asia/Tokyo', 'Every weekday (Monday to Friday) at 07:00 Asia/Tokyo'],
    ['0 0 1 * *', 'UTC', 'Cron "0 0 1 * *" in UTC'],
  ])('describes %s in %s', (cron, tz, text) => expect(describeSchedule(cron, tz)).toBe(text));
});
