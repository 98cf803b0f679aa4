import { describe, expect, it } from 'vitest';
import { BIN_SLOTS } from './histogram';
import { accumulateTouched, clearTouched } from './split-finder';

describe('accumulateTouched', () => {
  it('sums a small node into the bins its rows fall in and lists those bins in ascending order', () => {
    const column = Uint8Array.from([200, 3, 64, 3, 31, 32, 255, 0]);
    const rows = Uint32Array.from([7, 6, 5, 4, 3, 2, 1, 0]);
    // Gathered [weight, 1, sum] per row, in the node's row order.
    const ordered = new Float64Array(rows.length * 3);
    rows.forEach((row, i) => ordered.set([row + 1, 1, 10 * row], 3 * i));
    const hist = new Float64Array(BIN_SLOTS * 3);
    const touched = new Uint8Array(BIN_SLOTS);
    const seen = new Uint32Array(BIN_SLOTS / 32);

    const count = accumulateTouched(hist, column, rows, 0, rows.length, ordered, 3, touched, seen);

    expect(Array.from(touched.subarray(0, count))).toEqual([0, 3, 31, 32, 64, 200, 255]);
    expect(Array.from(hist.subarray(3 * 3, 3 * 3 + 3))).toEqual([2 + 4, 2, 10 + 30]);
    expect(Array.from(hist.subarray(255 * 3, 255 * 3 + 3))).toEqual([7, 1, 60]);
    expect(Array.from(seen)).toEqual(new Array(8).fill(0));

    clearTouched(hist, touched, count, 3);
    expect(hist.every((v) => v === 0)).toBe(true);
  });

  it('handles several outputs with the same bin order', () => {
    const column = Uint8Array.from([9, 1, 9]);
    const rows = Uint32Array.from([0, 1, 2]);
    const stride = 4;
    const ordered = Float64Array.from([1, 1, 1, 0, 1, 1, 0, 1, 2, 1, 1, 0]);
    const hist = new Float64Array(BIN_SLOTS * stride);
    const touched = new Uint8Array(BIN_SLOTS);
    const seen = new Uint32Array(BIN_SLOTS / 32);
    const count = accumulateTouched(hist, column, rows, 0, 3, ordered, stride, touched, seen);
    expect(Array.from(touched.subarray(0, count))).toEqual([1, 9]);
    expect(Array.from(hist.subarray(9 * stride, 10 * stride))).toEqual([3, 2, 2, 0]);
  });
});
