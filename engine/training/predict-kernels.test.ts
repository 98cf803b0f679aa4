import { describe, expect, it } from 'vitest';
import { createRandom } from '../kernels/random';
import { addLinear } from './linear-kernels';
import { sigmoid } from './fast-exp';
import { linearScores, sigmoidPairs } from './predict-kernels';

function randomColumns(p: number, rows: number, seed: number): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: p }, () => Float64Array.from({ length: rows }, () => random() * 20 - 10));
}

describe('linearScores', () => {
  // Odd row counts (a pair of rows per SIMD step), feature counts off a multiple of four (pad columns) and
  // of eight (a chunk), several outputs, and enough rows for several blocks of 4,096.
  it.each([
    [1, 1, 1],
    [3, 7, 1],
    [50, 25_001, 1],
    [5, 2_049, 3],
    [13, 8_193, 3],
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

describe('sigmoidPairs', () => {
  const expected = (scores: Float64Array) => {
    const out = new Float64Array(2 * scores.length);
    scores.forEach((s, r) => {
      const p = sigmoid(s);
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    });
    return out;
  };
  const run = (scores: Float64Array) => {
    const out = new Float64Array(2 * scores.length);
    expect(sigmoidPairs(scores, scores.length, out)).toBe(true);
    return out;
  };

  it.each([1, 2, 4_095, 4_096, 12_289])('gives the bits of fast-exp\'s sigmoid over %i rows of ordinary scores', (rows) => {
    const random = createRandom(rows);
    const scores = Float64Array.from({ length: rows }, () => (random() - 0.5) * 80);
    expect(run(scores)).toEqual(expected(scores));
  });

  it('fills the array its scores are the first half of, as a binary model\'s predictions do', () => {
    const random = createRandom(9);
    const scores = Float64Array.from({ length: 9_001 }, () => (random() - 0.5) * 30);
    scores[5_000] = NaN;
    const out = new Float64Array(2 * scores.length);
    out.set(scores);
    expect(sigmoidPairs(out, scores.length, out)).toBe(true);
    expect(out).toEqual(expected(scores));
  });

  it('takes fast-exp\'s own path for a block holding NaN, infinities or scores beyond ±708', () => {
    const special = [NaN, Infinity, -Infinity, 708, -708, 708.5, -708.5, 745.2, -745.2, 800, -800, 0, -0, 5e-324, 1e-300];
    const scores = Float64Array.from({ length: 9_000 }, (_, r) => (r < special.length ? special[r] : ((r * 7919) % 1400) - 700));
    scores[8_500] = NaN;
    const out = run(scores);
    expect(out).toEqual(expected(scores));
    expect(Object.is(out[2 * 11 + 1], 0.5)).toBe(true);
    expect(out[2 * 9]).toBe(0);
  });
});
