import { describe, expect, it } from 'vitest';
import { formatDateMean } from './format';

const day = (iso: string) => Date.parse(iso);

describe('formatDateMean', () => {
  it('rounds a whole-day column\'s mean to the nearest day', () => {
    // The cars sample's Year: 1970-01-01 … 1982-01-01, mean 1975-12-30T13:49:57.044Z.
    expect(formatDateMean(day('1975-12-30T13:49:57.044Z'), day('1970-01-01'), day('1982-01-01'))).toBe('1975-12-31');
    expect(formatDateMean(day('1975-12-30T11:59:00Z'), day('1970-01-01'), day('1982-01-01'))).toBe('1975-12-30');
  });

  it('keeps the time, to the minute, when the column holds times of day', () => {
    expect(formatDateMean(day('2024-05-01T08:30:29.900Z'), day('2024-05-01T06:15:00Z'), day('2024-05-02'))).toBe('2024-05-01T08:30:00Z');
    expect(formatDateMean(day('2024-05-01T08:30:30Z'), day('2024-05-01T06:15:00Z'), day('2024-05-02'))).toBe('2024-05-01T08:31:00Z');
  });

  it('writes a dash for a column without values', () => {
    expect(formatDateMean(null, null, null)).toBe('—');
  });
});
