import { describe, expect, it } from 'vitest';
import { binaryLogLoss, multinomialLogLoss, squaredError, type BoostingLoss } from './boosting-loss';

/** The root's totals as the grower adds them up: each array's values in row order. */
function addedInOrder(values: Float64Array): number {
  let total = 0;
  for (let r = 0; r < values.length; r++) total += values[r]!;
  return total;
}

describe('boosting losses', () => {
  const rows = 1000;
  const scoresFor = (groups: number) => Float64Array.from({ length: rows * groups }, (_, i) => Math.sin(i * 0.37) * 3);
  it.each([
    ['squared error', squaredError, 1, Float64Array.from({ length: rows }, (_, r) => Math.cos(r) * 10)],
    ['binary log loss', binaryLogLoss(), 1, Int32Array.from({ length: rows }, (_, r) => r % 3 === 0 ? 1 : 0)],
    ['multinomial log loss', multinomialLogLoss(3), 3, Int32Array.from({ length: rows }, (_, r) => r % 3)],
  ] as [string, BoostingLoss, number, Int32Array | Float64Array][])('%s returns the totals of the gradients it wrote, bit for bit, with and without row weights', (_, loss, groups, y) => {
    const scores = scoresFor(groups);
    for (const weights of [undefined, Float64Array.from({ length: rows }, (_, r) => 0.5 + (r % 4))]) {
      loss.prepare(scores);
      for (let group = 0; group < groups; group++) {
        const out = { weight: new Float64Array(rows), sums: new Float64Array(rows) };
        const totals = loss.gradients(scores, y, weights, group, out, 0, rows);
        expect(Object.is(totals.weight, addedInOrder(out.weight))).toBe(true);
        expect(Object.is(totals.sum, addedInOrder(out.sums))).toBe(true);
        expect(totals.weight).toBeGreaterThan(0);
      }
    }
  });
});
