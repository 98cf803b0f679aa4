import { describe, expect, test } from 'vitest';
import { runDurationMs } from './run-format';

describe('runDurationMs', () => {
  const start = '2026-12-02T08:00:00.000Z';
  test('null before the run starts, the whole length once finished, the time so far while running', () => {
    expect(runDurationMs({ startedAt: null, finishedAt: null }, Date.parse(start))).toBeNull();
    expect(runDurationMs({ startedAt: start, finishedAt: '2026-12-02T08:00:07.250Z' }, Date.parse('2026-12-03T00:00:00Z'))).toBe(7_250);
    expect(runDurationMs({ startedAt: start, finishedAt: null }, Date.parse(start) + 42_000)).toBe(42_000);
  });
});
