import { describe, expect, it } from 'vitest';
import { columnsOf, createNormal, recordingCallbacks } from './linear-test-data';
import { linearRegression } from './linear-regression';
import { getModelFamily } from './model-families';
import type { TrainingSet } from './model-family';

const defaults = linearRegression.params.parse({});

async function fit(data: TrainingSet, params: Partial<typeof defaults> = {}, callbacks = recordingCallbacks()) {
  return linearRegression.fit(data, { ...defaults, ...params }, callbacks);
}

/** y = 3·x1 − 2·x2 + 5 + noise (σ = 0.01), plus `irrelevant` pure-noise features. */
function knownLine(rows: number, irrelevant: number, seed: number): TrainingSet {
  const normal = createNormal(seed);
  const columns = Array.from({ length: 2 + irrelevant }, () => Float64Array.from({ length: rows }, () => 10 * normal()));
  const y = Float64Array.from({ length: rows }, (_, i) => 3 * columns[0][i] - 2 * columns[1][i] + 5 + 0.01 * normal());
  return { task: 'regression', columns, rows, y, classes: 0, seed };
}

/**
 * Twelve rows; the reference weights were computed once with scikit-learn 1.2.1 (/usr/bin/python3):
 * LinearRegression(), Ridge(alpha=1.0) and Lasso(alpha=0.5, tol=1e-12, max_iter=100000) fitted on X, y.
 */
const SMALL: TrainingSet = {
  task: 'regression',
  columns: columnsOf([[0.5, 1.2], [1.5, -0.3], [2.0, 0.8], [-1.0, 2.5], [0.0, 0.0], [3.1, -1.2], [-2.2, 0.4], [1.1, 1.9], [2.7, 2.2], [-0.6, -1.5], [0.9, -2.1], [-1.8, -0.7]]),
  rows: 12,
  y: Float64Array.from([1.0, 3.5, 2.2, -1.4, 0.3, 6.1, -2.5, 0.9, 2.8, 1.7, 4.0, -0.8]),
  classes: 0,
  seed: 0,
};

describe('linear_regression', () => {
  it('is registered, for regression', () => {
    expect(getModelFamily('linear_regression')).toBe(linearRegression);
    expect(linearRegression.tasks).toEqual(['regression']);
  });

  it('recovers known coefficients by ordinary least squares', async () => {
    const artifact = await fit(knownLine(500, 0, 1));
    expectClose(artifact.weights as Float64Array, [3, -2], 1e-3);
    expect(Math.abs((artifact.intercept as number) - 5)).toBeLessThan(1e-3);
    expect(artifact.note).toBeNull();
  });

  it('matches scikit-learn for OLS, ridge and lasso', async () => {
    const ols = await fit(SMALL);
    expectClose(ols.weights as Float64Array, [1.27363652775, -0.760221347146], 1e-9);
    expect(ols.intercept).toBeCloseTo(1.0280134865682027, 9);
    const ridge = await fit(SMALL, { penalty: 'ridge', alpha: 1 });
    expectClose(ridge.weights as Float64Array, [1.233383795437, -0.72869162955], 1e-9);
    expect(ridge.intercept).toBeCloseTo(1.040402806904397, 9);
    const lasso = await fit(SMALL, { penalty: 'lasso', alpha: 0.5, tol: 1e-12, maxIterations: 100_000 });
    expectClose(lasso.weights as Float64Array, [1.073751250668, -0.50749518661], 1e-8);
    expect(lasso.intercept).toBeCloseTo(1.0638939035842627, 8);
  });

  it('predicts intercept + X·w', async () => {
    const artifact = await fit(SMALL);
    const predictions = await linearRegression.predict(artifact, [Float64Array.from([0, 1]), Float64Array.from([0, 1])], 2);
    expect(predictions[0]).toBeCloseTo(1.0280134865682027, 9);
    expect(predictions[1]).toBeCloseTo(1.0280134865682027 + 1.27363652775 - 0.760221347146, 9);
  });

  it('shrinks weights more as the ridge penalty grows', async () => {
    const data = knownLine(200, 3, 2);
    const norms = [];
    for (const alpha of [0, 1e3, 1e5]) norms.push(l2(((await fit(data, { penalty: 'ridge', alpha })).weights as Float64Array)));
    expect(norms[1]).toBeLessThan(norms[0]);
    expect(norms[2]).toBeLessThan(0.5 * norms[1]);
  });

  it('zeroes irrelevant features with lasso and keeps the real ones', async () => {
    const callbacks = recordingCallbacks();
    const artifact = await fit(knownLine(400, 8, 3), { penalty: 'lasso', alpha: 0.5 }, callbacks);
    const weights = artifact.weights as Float64Array;
    expect(Array.from(weights.subarray(2))).toEqual(new Array(8).fill(0));
    expect(weights[0]).toBeGreaterThan(2.9);
    expect(weights[1]).toBeLessThan(-1.9);
    expect(callbacks.points.length).toBe(artifact.iterations);
    expect(callbacks.messages.at(-2)?.[1]).toMatch(/^Sweep \d+ of at most 1000$/);
    expect(callbacks.messages.at(-1)).toEqual([1, `Converged after ${artifact.iterations} sweeps`]);
  });

  it('fits collinear one-hot columns with a tiny ridge and a note, never NaN', async () => {
    const normal = createNormal(4);
    const rows = 90;
    const group = Int32Array.from({ length: rows }, (_, i) => i % 3);
    const oneHot = [0, 1, 2].map((g) => Float64Array.from(group, (v) => (v === g ? 1 : 0)));
    const x = Float64Array.from({ length: rows }, () => normal());
    const y = Float64Array.from(group, (g, i) => [1, 4, -2][g] + 2 * x[i] + 0.01 * normal());
    const callbacks = recordingCallbacks();
    const artifact = await fit({ task: 'regression', columns: [...oneHot, x], rows, y, classes: 0, seed: 0 }, {}, callbacks);
    const weights = artifact.weights as Float64Array;
    expect(weights.every(Number.isFinite)).toBe(true);
    expect(artifact.note).toMatch(/singular/);
    expect(callbacks.messages.some(([, message]) => /singular/.test(message))).toBe(true);
    const predictions = await linearRegression.predict(artifact, [...oneHot, x], rows);
    for (let i = 0; i < rows; i++) expect(Math.abs(predictions[i] - y[i])).toBeLessThan(0.05);
  });

  it('gives the same model for the same data', async () => {
    const data = knownLine(100, 2, 5);
    const [a, b] = [await fit(data, { penalty: 'lasso', alpha: 0.1 }), await fit(data, { penalty: 'lasso', alpha: 0.1 })];
    expect(Array.from(a.weights as Float64Array)).toEqual(Array.from(b.weights as Float64Array));
  });

  it('weighs rows by their weights: a doubled row counts as two', async () => {
    const weights = Float64Array.from({ length: 12 }, (_, i) => (i === 5 ? 2 : 1));
    const repeatedColumns = SMALL.columns.map((column) => Float64Array.from([...column, column[5]]));
    const repeated: TrainingSet = { ...SMALL, columns: repeatedColumns, rows: 13, y: Float64Array.from([...SMALL.y, SMALL.y[5]]) };
    for (const penalty of ['none', 'ridge', 'lasso'] as const) {
      const weighted = await fit({ ...SMALL, weights }, { penalty, alpha: 0.3, tol: 1e-12 });
      const expected = await fit(repeated, { penalty, alpha: 0.3, tol: 1e-12 });
      expectClose(weighted.weights as Float64Array, Array.from(expected.weights as Float64Array), 1e-8);
    }
  });

  it('stops a lasso at the next sweep once cancelled', async () => {
    const controller = new AbortController();
    const callbacks = recordingCallbacks(controller.signal);
    callbacks.curve = (point) => {
      callbacks.points.push(point);
      if (point.step === 1) controller.abort(new Error('cancelled by the user'));
    };
    await expect(fit(knownLine(300, 20, 6), { penalty: 'lasso', alpha: 1e-6, tol: 1e-14 }, callbacks)).rejects.toThrow('cancelled by the user');
    expect(callbacks.points.length).toBe(1);
  });

  it('ranks importance by |weight| × std', async () => {
    const data = knownLine(300, 1, 7);
    data.columns[1] = data.columns[1].map((v) => v / 100);
    data.y = Float64Array.from(data.y, (_, i) => 3 * data.columns[0][i] - 200 * data.columns[1][i]);
    const importance = linearRegression.importance!(await fit(data), 3);
    // x2 was scaled down 100× and its weight up 100×: the same effect per std as before, 2/3 of x1's.
    expect(importance[1] / importance[0]).toBeCloseTo(2 / 3, 1);
    expect(importance[2]).toBeLessThan(1e-6);
  });

  it('refuses a class target and out-of-range hyperparameters with clear messages', async () => {
    await expect(fit({ ...SMALL, task: 'classification', y: new Int32Array(12), classes: 2 })).rejects.toThrow(/predicts a number/);
    expect(defaults).toEqual({ penalty: 'none', alpha: 1, maxIterations: 1000, tol: 1e-4 });
    const issues = (input: object) => linearRegression.params.safeParse(input).error?.issues.map((issue) => issue.message);
    expect(issues({ alpha: -1 })).toEqual(['Alpha must be 0 or more: it is the penalty strength.']);
    expect(issues({ penalty: 'elasticnet' })).toEqual(['Penalty must be none (ordinary least squares), ridge or lasso.']);
    expect(issues({ maxIterations: 0 })).toEqual(['Max iterations must be at least 1.']);
    expect(issues({ tol: 0 })).toEqual(['Tolerance must be greater than 0, e.g. 0.0001.']);
  });
});

function l2(values: Float64Array): number {
  return Math.sqrt(values.reduce((total, v) => total + v * v, 0));
}

function expectClose(actual: Float64Array, expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(Math.abs(actual[i] - value)).toBeLessThan(tolerance));
}
