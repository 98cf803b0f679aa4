import { describe, expect, it } from 'vitest';
import { allFinite } from './all-finite';

describe('allFinite', () => {
  it('is true for finite values, extremes and signed zeros included, and for no values', () => {
    expect(allFinite(new Float64Array())).toBe(true);
    expect(allFinite(Float64Array.of(-0, 0, 1e308, -1e308, Number.MIN_VALUE, Number.MAX_VALUE, 5e-324))).toBe(true);
  });

  it.each([NaN, Infinity, -Infinity])('finds %s at every position of every length up to nine', (bad) => {
    for (let length = 1; length <= 9; length++) {
      for (let at = 0; at < length; at++) {
        const values = Float64Array.from({ length }, (_, i) => i + 0.5);
        values[at] = bad;
        expect(allFinite(values), `${bad} at ${at} of ${length}`).toBe(false);
      }
    }
  });

  it('is not fooled by infinities of both signs in different sums', () => {
    expect(allFinite(Float64Array.of(Infinity, -Infinity, 1, 2))).toBe(false);
    expect(allFinite(Float64Array.of(Infinity, 1, 2, 3, -Infinity))).toBe(false);
  });
});
