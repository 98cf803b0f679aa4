import { afterEach, expect, test } from 'vitest';
import { formatDateTime } from './local-time';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

test('UTC says its zone, in the same words whatever the process\'s own time zone and language', () => {
  process.env.TZ = 'Asia/Tokyo';
  const iso = '2026-11-30T23:30:05Z';
  expect(formatDateTime(iso, { utc: true })).toBe('Nov 30, 2026, 11:30 PM UTC');
  expect(formatDateTime(iso, { utc: true, dateOnly: true })).toBe('Nov 30, 2026 UTC');
  expect(formatDateTime(iso, { utc: true, seconds: true })).toBe('Nov 30, 2026, 11:30:05 PM UTC');
});

test('local time is the viewer\'s own zone, without a suffix', () => {
  process.env.TZ = 'America/Los_Angeles';
  const iso = '2026-11-30T23:30:05Z';
  expect(formatDateTime(iso)).toBe('Nov 30, 2026, 3:30 PM');
  expect(formatDateTime(iso, { dateOnly: true })).toBe('Nov 30, 2026');
  expect(formatDateTime(iso, { timeOnly: true, seconds: true })).toBe('3:30:05 PM');
});
