import { expect, test } from 'vitest';
import { formatDateTime } from './local-time';

test('UTC says its zone, in the same words whatever the process\'s own time zone and language', () => {
  const iso = '2026-11-30T23:30:05Z';
  expect(formatDateTime(iso, { utc: true })).toBe('Nov 30, 2026, 11:30 PM UTC');
  expect(formatDateTime(iso, { utc: true, dateOnly: true })).toBe('Nov 30, 2026 UTC');
  expect(formatDateTime(iso, { utc: true, seconds: true })).toBe('Nov 30, 2026, 11:30:05 PM UTC');
});

test('local time has no zone suffix and the same shape', () => {
  expect(formatDateTime('2026-11-30T23:30:05Z')).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M$/);
});
