import { describe, expect, it } from 'vitest';
import { formatCell, magnitudeOf } from './format-cell';

describe('formatCell', () => {
  it('rounds to six significant digits and keeps integers, text, missing and dates readable', () => {
    expect(formatCell(0.1 + 0.2)).toBe('0.3');
    expect(formatCell(1234567)).toBe('1234567');
    expect(formatCell('Adelie')).toBe('Adelie');
    expect(formatCell(null)).toBe('');
    expect(formatCell(Date.UTC(2024, 0, 31), 'date')).toBe('2024-01-31');
  });

  it('shows rounding residue next to its column\'s magnitude as 0, and small values of a small column as they are', () => {
    const magnitude = magnitudeOf({ min: -1.7, max: 2.4 });
    expect(magnitude).toBe(2.4);
    expect(formatCell(-8.881784197001252e-16, undefined, magnitude)).toBe('0');
    expect(formatCell(3e-5, undefined, magnitude)).toBe('0.00003');
    expect(formatCell(-8.881784197001252e-16, undefined, magnitudeOf({ min: 0, max: 1e-15 }))).toBe('-8.88178e-16');
    expect(formatCell(-8.881784197001252e-16)).toBe('-8.88178e-16');
    // A column holding 1/0 has no magnitude to compare with: its small values stay as they are.
    expect(magnitudeOf({ min: -1, max: Infinity })).toBeUndefined();
    expect(formatCell(0.25, undefined, magnitudeOf({ min: -1, max: Infinity }))).toBe('0.25');
  });
});
