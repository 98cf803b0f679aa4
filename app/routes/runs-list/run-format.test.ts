import { describe, expect, test } from 'vitest';
import { formatRelative, runDurationMs } from './run-format';

describe('runDurationMs', () => {
  const start = '2026-12-02T08:00:00.000Z';
  test('null before the run starts, the whole length once finished, the time so far while running', () => {
    expect(runDurationMs({ startedAt: null, finishedAt: null }, Date.parse(start))).toBeNull();
    expect(runDurationMs({ startedAt: start, finishedAt: '2026-12-02T08:00:07.250Z' }, Date.parse('2026-12-03T00:00:00Z'))).toBe(7_250);
    expect(runDurationMs({ startedAt: start, finishedAt: null }, Date.parse(start) + 42_000)).toBe(42_000);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-12-02T08:00:00Z');
  const ago = (ms: number) => formatRelative(new Date(now - ms).toISOString(), now);
  test.each([
    [3_000, 'just now'],
    [45_000, '45 seconds ago'],
    [5 * 60_000, '5 minutes ago'],
    [3 * 3_600_000, '3 hours ago'],
    [26 * 3_600_000, 'yesterday'],
    [40 * 86_400_000, 'last month'],
  ])('%i ms ago reads %s', (ms, text) => expect(ago(ms)).toBe(text));
});
