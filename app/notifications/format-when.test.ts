import { describe, expect, it } from 'vitest';
import { formatWhen } from './format-when';

describe('formatWhen', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  it('says how long ago within a day', () => {
    expect(formatWhen('2026-12-04T11:59:30Z', now)).toBe('just now');
    expect(formatWhen('2026-12-04T11:55:00Z', now)).toBe('5 min ago');
    expect(formatWhen('2026-12-04T09:00:00Z', now)).toBe('3 h ago');
  });

  it('writes an older time in UTC, whatever the process\'s own time zone and language', () => {
    expect(formatWhen('2026-11-30T23:30:00Z', now)).toBe('30 Nov 2026, 23:30 UTC');
  });
});
