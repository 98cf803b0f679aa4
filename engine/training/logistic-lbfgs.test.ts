import { describe, expect, it } from 'vitest';
import { accuracy, blobs, columnsOf, recordingCallbacks } from './linear-test-data';
import { logisticRegression } from './logistic-lbfgs';
import { getModelFamily } from './model-families';
import type { TrainingSet } from './model-family';

const defaults = logisticRegression.params.parse({});

/**
 * Twelve rows; the reference weights below were computed once with scikit-learn 1.2.1 (/usr/bin/python3):
 * LogisticRegression(solver='newton-cg', tol=1e-14, max_iter=10000, C=…).fit(X, y).coef_ / .intercept_, the
 * exact optimum of the same objective lbfgs minimises (sklearn's lbfgs stops ~3e-6 away on ftol).
 */
const SMALL_X = [[0.5, 1.2], [1.5, -0.3], [2.0, 0.8], [-1.0, 2.5], [0.0, 0.0], [3.1, -1.2], [-2.2, 0.4], [1.1, 1.9], [2.7, 2.2], [-0.6, -1.5], [0.9, -2.1], [-1.8, -0.7]];
const smallSet = (y: number[], classes: number): TrainingSet => ({ task: 'classification', columns: columnsOf(SMALL_X), rows: 12, y: Int32Array.from(y), classes, seed: 0 });

async function fit(data: TrainingSet, params: Partial<typeof defaults> = {}, callbacks = recordingCallbacks()) {
  return logisticRegression.fit(data, { ...defaults, ...params }, callbacks);
}

describe('logistic_regression', () => {
  it('is registered first, for classification', () => {
    expect(getModelFamily('logistic_regression')).toBe(logisticRegression);
    expect(logisticRegression.tasks).toEqual(['classification']);
  });

  it('classifies linearly separable rows perfectly', async () => {
    const data = blobs([[-3, -3], [3, 3]], 100, 0.8, 1);
    const artifact = await fit(data);
    const probabilities = await logisticRegression.predict(artifact, data.columns, data.rows);
    expect(accuracy(probabilities, data.y as Int32Array, 2)).toBe(1);
    expect(artifact.converged).toBe(true);
  });

  it('matches scikit-learn on a binary problem', async () => {
    const artifact = await fit(smallSet([0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0], 2), { tol: 1e-10 });
    expectClose(artifact.weights as Float64Array, [0.816507595234, -0.509298153399], 1e-6);
    expectClose(artifact.intercepts as Float64Array, [-0.293949879967], 1e-6);
  });

  it('matches scikit-learn on a three-class problem, for C = 1 and C = 0.1', async () => {
    const y = [0, 1, 1, 2, 0, 1, 2, 2, 1, 0, 1, 2];
    const one = await fit(smallSet(y, 3), { tol: 1e-10 });
    expectClose(one.weights as Float64Array, [-0.233877408715, -0.138920880266, 1.207047368258, -0.531051472959, -0.973169959544, 0.669972353225], 1e-6);
    expectClose(one.intercepts as Float64Array, [0.395707877349, -0.501908491323, 0.106200613975], 1e-6);
    const tenth = await fit(smallSet(y, 3), { tol: 1e-10, C: 0.1 });
    expectClose(tenth.weights as Float64Array, [-0.080833549269, -0.067340237249, 0.38212544275, -0.11806246707, -0.301291893481, 0.185402704319], 1e-6);
    expectClose(tenth.intercepts as Float64Array, [-0.120225534366, 0.039531911906, 0.080693622459], 1e-6);
  });

  it('separates three blobs, with probabilities that sum to 1', async () => {
    const data = blobs([[0, 5], [-5, -3], [5, -3]], 80, 1, 2);
    const artifact = await fit(data);
    const probabilities = await logisticRegression.predict(artifact, data.columns, data.rows);
    expect(probabilities.length).toBe(data.rows * 3);
    expect(accuracy(probabilities, data.y as Int32Array, 3)).toBeGreaterThan(0.99);
    for (let i = 0; i < data.rows; i++) expect(probabilities[3 * i] + probabilities[3 * i + 1] + probabilities[3 * i + 2]).toBeCloseTo(1, 12);
  });

  it('gives the same model for the same data', async () => {
    const data = blobs([[0, 1], [1, 0], [1, 1]], 50, 1.5, 3);
    const [a, b] = [await fit(data), await fit(data)];
    expect(Array.from(a.weights as Float64Array)).toEqual(Array.from(b.weights as Float64Array));
    expect(Array.from(a.intercepts as Float64Array)).toEqual(Array.from(b.intercepts as Float64Array));
  });

  it('reports a falling loss per iteration, validation loss and progress up to 1', async () => {
    const data = { ...blobs([[0, 0], [1.5, 1.5]], 200, 1, 4), validation: { ...blobs([[0, 0], [1.5, 1.5]], 50, 1, 5) } };
    const callbacks = recordingCallbacks();
    const artifact = await fit(data, {}, callbacks);
    expect(callbacks.points.length).toBe(artifact.iterations);
    expect(callbacks.points.map((p) => p.step)).toEqual(callbacks.points.map((_, i) => i + 1));
    for (let i = 1; i < callbacks.points.length; i++) expect(callbacks.points[i].loss).toBeLessThanOrEqual(callbacks.points[i - 1].loss);
    expect(callbacks.points.every((p) => p.validationLoss !== undefined && p.validationLoss > 0)).toBe(true);
    expect(callbacks.messages.at(-1)).toEqual([1, `Converged after ${artifact.iterations} iterations`]);
  });

  it('stops at the next iteration once cancelled, throwing the signal reason', async () => {
    const controller = new AbortController();
    const callbacks = recordingCallbacks(controller.signal);
    const original = callbacks.curve;
    callbacks.curve = (point) => {
      original(point);
      if (point.step === 2) controller.abort(new Error('cancelled by the user'));
    };
    await expect(fit(blobs([[0, 0], [1, 1]], 200, 1, 6), { tol: 1e-12 }, callbacks)).rejects.toThrow('cancelled by the user');
    expect(callbacks.points.length).toBe(2);
  });

  it('weighs rows by their weights: a doubled row counts as two', async () => {
    const y = [0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0];
    const weights = Float64Array.from(y, (_, i) => (i === 3 ? 2 : 1));
    const weighted = await fit({ ...smallSet(y, 2), weights }, { tol: 1e-10 });
    const duplicated: TrainingSet = { task: 'classification', columns: columnsOf([...SMALL_X, SMALL_X[3]]), rows: 13, y: Int32Array.from([...y, y[3]]), classes: 2, seed: 0 };
    const repeated = await fit(duplicated, { tol: 1e-10 });
    expectClose(weighted.weights as Float64Array, Array.from(repeated.weights as Float64Array), 1e-6);
  });

  it('copes with a constant column, features on a 1e6 scale and a class with no rows', async () => {
    const data = blobs([[-1e6, 0], [1e6, 0]], 50, 3e5, 8);
    const constant = new Float64Array(data.rows).fill(42);
    const artifact = await fit({ ...data, columns: [...data.columns, constant], classes: 3 });
    const probabilities = await logisticRegression.predict(artifact, [...data.columns, constant], data.rows);
    expect(probabilities.every(Number.isFinite)).toBe(true);
    expect(accuracy(probabilities, data.y as Int32Array, 3)).toBeGreaterThan(0.95);
    expect((artifact.weights as Float64Array).filter((_, i) => i % 3 === 2)).toEqual(new Float64Array(3));
  });

  it('ranks importance by |weight| × std', async () => {
    const data = blobs([[-2, 0], [2, 0]], 100, 1, 7);
    const importance = logisticRegression.importance!(await fit(data), 2);
    expect(importance[0]).toBeGreaterThan(10 * importance[1]);
  });

  it('refuses a regression target and out-of-range hyperparameters with clear messages', async () => {
    const regression: TrainingSet = { task: 'regression', columns: columnsOf(SMALL_X), rows: 12, y: new Float64Array(12), classes: 0, seed: 0 };
    await expect(fit(regression)).rejects.toThrow(/predicts classes/);
    expect(defaults).toEqual({ C: 1, maxIterations: 100, tol: 1e-4 });
    const issues = (input: object) => logisticRegression.params.safeParse(input).error?.issues.map((issue) => issue.message);
    expect(issues({ C: 0 })).toEqual([expect.stringMatching(/^C must be greater than 0/)]);
    expect(issues({ maxIterations: 2.5 })).toEqual(['Max iterations must be a whole number.']);
    expect(issues({ tol: -1 })).toEqual(['Tolerance must be greater than 0, e.g. 0.0001.']);
    expect(issues({ C: 'big' })).toEqual(['C must be a number, e.g. 1.']);
  });
});

function expectClose(actual: Float64Array, expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(Math.abs(actual[i] - value)).toBeLessThan(tolerance));
}
