import { describe, expect, it } from 'vitest';
import { formatAgo } from './when';

describe('formatAgo', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  it('says how long ago within a day', () => {
    expect(formatAgo('2026-12-04T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-12-04T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-12-04T09:00:00Z', now)).toBe('3 h ago');
  });

  it('leaves an older time to the date format', () => {
    expect(formatAgo('2026-11-30T23:30:00Z', now)).toBeUndefined();
  });
});
