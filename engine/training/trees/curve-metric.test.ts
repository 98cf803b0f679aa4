import { describe, expect, it } from 'vitest';
import { createRandom } from '../../kernels/random';
import { gradientBoosting } from '../gradient-boosting';
import type { CurvePoint, FitCallbacks, ModelFamily, TrainingSet } from '../model-family';
import { randomForest } from '../random-forest';
import { curveMetric } from './curve-metric';

describe('curveMetric', () => {
  it('scores classes by accuracy, worked out by hand', () => {
    const y = Int32Array.from([0, 1, 2, 1]);
    const probabilities = Float64Array.from([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.2, 0.3], [0.1, 0.1, 0.8]].flat());
    // Rows 0 and 1 right, rows 2 and 3 wrong.
    expect(curveMetric('classification', y, probabilities, 3, 0)).toBe(0.5);
    // Leaving out row 3 (divisor 0): 2 of 3.
    expect(curveMetric('classification', y, probabilities, 3, 0, Uint32Array.from([1, 1, 1, 0]))).toBeCloseTo(2 / 3, 12);
    // One output for two classes: class 1 above the threshold (a logit's 0).
    expect(curveMetric('classification', Int32Array.from([0, 1, 1]), Float64Array.from([-2, 0.5, -0.1]), 1, 0)).toBeCloseTo(2 / 3, 12);
    // Sums of two trees' probabilities: class 1 above half of the divisor (1.2 / 2 > ½, 0.8 / 2 < ½).
    expect(curveMetric('classification', Int32Array.from([1, 1]), Float64Array.from([1.2, 0.8]), 1, 0.5, 2)).toBe(0.5);
    expect(curveMetric('classification', Int32Array.from([0, 1]), Float64Array.from([0, 0]), 1, 0, new Uint32Array(2))).toBeUndefined();
  });

  it('scores numbers by R², worked out by hand', () => {
    // Mean 2, total squares 2, residual squares 0.25 + 0 + 0.25: R² = 1 − 0.5 / 2.
    expect(curveMetric('regression', Float64Array.from([1, 2, 3]), Float64Array.from([1.5, 2, 2.5]), 1, 0)).toBeCloseTo(0.75, 12);
    // Sums over 2 trees give the same.
    expect(curveMetric('regression', Float64Array.from([1, 2, 3]), Float64Array.from([3, 4, 5]), 1, 0, 2)).toBeCloseTo(0.75, 12);
    expect(curveMetric('regression', Float64Array.from([4, 4]), Float64Array.from([4, 4]), 1, 0)).toBeUndefined();
  });
});

/** Two classes by x₀ > 5, in three features, whole numbers so each value has its own bin. */
function separable(rows: number, seed: number): TrainingSet {
  const random = createRandom(seed);
  const columns = [0, 1, 2].map(() => Float64Array.from({ length: rows }, () => Math.floor(random() * 10)));
  return { task: 'classification', columns, rows, y: Int32Array.from(columns[0]!, (v) => (v > 5 ? 1 : 0)), classes: 2, seed: 3 };
}

describe('tree learning curves carry a score beside the loss', () => {
  it.each([
    ['gradient_boosting', gradientBoosting, { max_iter: 30 }],
    ['random_forest', randomForest, { n_estimators: 6, threads: 1 }],
  ] as [string, ModelFamily, Record<string, unknown>][])('%s: accuracy on the training and validation rows per tree or iteration', async (_id, family, params) => {
    const points: CurvePoint[] = [];
    const callbacks: FitCallbacks = { signal: new AbortController().signal, progress() {}, curve: (p) => points.push(p) };
    const { columns, rows, y } = separable(300, 2);
    await family.fit({ ...separable(1000, 1), validation: { columns, rows, y } }, family.params.parse(params), callbacks);
    expect(points.length).toBeGreaterThan(1);
    for (const p of points) {
      expect(p.metric).toBeGreaterThanOrEqual(0.5);
      expect(p.validationMetric).toBeGreaterThanOrEqual(0.5);
    }
    // A forest's training score is out-of-bag: a row scored by one or two trees may tie at ½.
    expect(points.at(-1)!.metric).toBeGreaterThan(0.95);
    expect(points.at(-1)!.validationMetric).toBe(1);
  });
});
