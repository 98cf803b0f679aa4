import { describe, expect, it } from 'vitest';
import { createRandom } from '../kernels/random';
import { addLinear } from './linear-kernels';
import { linearScores } from './predict-kernels';

function randomColumns(p: number, rows: number, seed: number): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: p }, () => Float64Array.from({ length: rows }, () => random() * 20 - 10));
}

describe('linearScores', () => {
  // Odd row counts (a pair of rows per SIMD step), feature counts off a multiple of four (pad columns),
  // several outputs, and enough rows for several blocks (1,024 rows per block below ~128 features; 4 at 60,000).
  it.each([
    [1, 1, 1],
    [3, 7, 1],
    [50, 25_001, 1],
    [5, 2_049, 3],
    [130, 3_001, 2],
    [60_001, 9, 1],
    [9, 1_025, 2],
    [1_030, 1_500, 3],
  ])('%i features × %i rows, %i outputs: the same bits as addLinear', (p, rows, outputs) => {
    const columns = randomColumns(p, rows, p * 31 + rows);
    const random = createRandom(rows);
    const weights = Float64Array.from({ length: outputs * p }, () => random() - 0.5);
    const intercepts = Float64Array.from({ length: outputs }, () => random() * 3);
    const expected = new Float64Array(outputs * rows);
    for (let k = 0; k < outputs; k++) {
      const z = expected.subarray(k * rows, (k + 1) * rows).fill(intercepts[k]);
      addLinear(columns, weights.subarray(k * p, (k + 1) * p), z);
    }
    const out = new Float64Array(outputs * rows);
    linearScores(columns, rows, weights, intercepts, out);
    expect(out).toEqual(expected);
  });

  it('is not disturbed by NaN left in the kernels\' memory by an earlier call', () => {
    const poisoned = [Float64Array.from({ length: 64 }, () => NaN)];
    linearScores(poisoned, 64, Float64Array.of(1), Float64Array.of(0), new Float64Array(64));
    const columns = randomColumns(3, 64, 1);
    const out = new Float64Array(64);
    linearScores(columns, 64, Float64Array.of(1, 2, 3), Float64Array.of(0.5), out);
    expect(out.every(Number.isFinite)).toBe(true);
  });
});
