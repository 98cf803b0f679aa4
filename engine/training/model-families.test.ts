import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../define-node';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { crossValidate } from './cross-validate';
import { blobs, createNormal, recordingCallbacks } from './linear-test-data';
import type { ModelFamily, Task, TrainingSet } from './model-family';
import { getModelFamily, learningCurveName, MODEL_FAMILIES } from './model-families';

/**
 * What every registered model family owes the Train node, checked in one loop so a new family cannot
 * skip it: cancel honoured before the fit and at its next epoch/iteration/tree, the same model for the
 * same seed, and the same predictions after the artifact goes through the port encoder (blob storage).
 */

/** Small, fast settings per family; `iterative` ones have several steps to stop between. */
const CASES: { id: string; params: Record<string, unknown>; iterative: boolean }[] = [
  { id: 'logistic_regression', params: { tol: 1e-12 }, iterative: true },
  { id: 'linear_regression', params: {}, iterative: false },
  { id: 'linear_regression', params: { penalty: 'lasso', alpha: 1e-4, tol: 1e-14 }, iterative: true },
  { id: 'decision_tree', params: {}, iterative: false },
  { id: 'random_forest', params: { n_estimators: 20, threads: 1 }, iterative: true },
  { id: 'gradient_boosting', params: { max_iter: 20 }, iterative: true },
  { id: 'neural_network', params: { epochs: 20, hiddenLayers: [{ units: 8, activation: 'relu' }] }, iterative: true },
];

/** Three overlapping blobs (classes), or a noisy plane (numbers), in 4 features. */
function dataFor(task: Task): TrainingSet {
  const set = blobs([[0, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0]], 150, 0.8, 5);
  if (task === 'classification') return set;
  const noise = createNormal(9);
  const y = Float64Array.from({ length: set.rows }, (_, r) => 2 * set.columns[0]![r]! - set.columns[1]![r]! + 0.5 * set.columns[2]![r]! + 0.1 * noise());
  return { ...set, task: 'regression', y, classes: 0 };
}

const cases = CASES.map((c) => {
  const family = getModelFamily(c.id)!;
  const task = family.tasks[0]!;
  const label = `${c.id}${c.params.penalty ? ` (${String(c.params.penalty)})` : ''}`;
  return [label, { ...c, family, task, params: family.params.parse(c.params) }] as const;
});

const fit = (family: ModelFamily, data: TrainingSet, params: Record<string, unknown>, callbacks = recordingCallbacks()) => family.fit(data, params, callbacks);

describe('every model family', () => {
  it('is covered here', () => {
    expect(new Set(CASES.map((c) => c.id))).toEqual(new Set(MODEL_FAMILIES.map((f) => f.id)));
  });

  it.each(cases)('%s: refuses to start once cancelled, throwing the signal reason', async (_label, { family, task, params }) => {
    const controller = new AbortController();
    controller.abort(new Error('Run cancelled.'));
    const callbacks = recordingCallbacks(controller.signal);
    await expect(fit(family, dataFor(task), params, callbacks)).rejects.toThrow('Run cancelled.');
    expect(callbacks.points).toEqual([]);
  });

  it.each(cases.filter(([, c]) => c.iterative))('%s: stops at its next epoch, iteration or tree once cancelled', async (_label, { family, task, params }) => {
    const controller = new AbortController();
    const callbacks = recordingCallbacks(controller.signal);
    const record = callbacks.curve;
    callbacks.curve = (point) => {
      record(point);
      if (callbacks.points.length === 2) controller.abort(new Error('Run cancelled.'));
    };
    await expect(fit(family, dataFor(task), params, callbacks)).rejects.toThrow('Run cancelled.');
    expect(callbacks.points).toHaveLength(2);
  }, 30_000);

  it.each(cases)('%s: gives the same model for the same seed', async (_label, { family, task, params }) => {
    const data = dataFor(task);
    const [a, b] = [await fit(family, data, params), await fit(family, data, params)];
    expect(b).toEqual(a);
    expect(await family.predict(b, data.columns, data.rows)).toEqual(await family.predict(a, data.columns, data.rows));
  }, 30_000);

  it.each(cases)('%s: predicts the same after its artifact round-trips through the port encoder', async (_label, { family, task, params }) => {
    const data = dataFor(task);
    const artifact = await fit(family, data, params);
    const model: ModelValue = { kind: 'model', algorithm: family.id, task, target: 'y', features: ['a', 'b', 'c', 'd'], classes: task === 'classification' ? ['p', 'q', 'r'] : [], artifact, hyperparameters: params, fitted: [], history: [] };
    const decoded = decodePortValue(encodePortValue(model)) as ModelValue;
    expect(decoded).toEqual(model);
    expect(await family.predict(decoded.artifact as typeof artifact, data.columns, data.rows)).toEqual(await family.predict(artifact, data.columns, data.rows));
  }, 30_000);
});

describe('learningCurveName', () => {
  it("names a bootstrapped forest's curve out-of-bag, every other model's training", () => {
    expect(learningCurveName('random_forest', getModelFamily('random_forest')!.params.parse({}))).toBe('Out-of-bag');
    expect(learningCurveName('random_forest', { n_estimators: 10 })).toBe('Out-of-bag');
    expect(learningCurveName('random_forest', { bootstrap: false })).toBe('Training');
    for (const id of ['logistic_regression', 'linear_regression', 'decision_tree', 'gradient_boosting', 'neural_network']) {
      expect(learningCurveName(id, getModelFamily(id)!.params.parse({})), id).toBe('Training');
    }
    expect(learningCurveName('no_such_model', {})).toBe('Training');
  });
});

describe('cross-validation', () => {
  it('stops within the fold it is cancelled in', async () => {
    const controller = new AbortController();
    const messages: string[] = [];
    const family = getModelFamily('gradient_boosting')!;
    const run = crossValidate(family, family.params.parse({ max_iter: 20 }), dataFor('classification'), ['p', 'q', 'r'], 5, {
      signal: controller.signal,
      progress(_f, message) {
        messages.push(message);
        // Three classes: a tree per class per iteration.
        if (message === 'Fold 1 of 5 · Tree 2 of 60') controller.abort(new Error('Run cancelled.'));
      },
    });
    await expect(run).rejects.toThrow('Run cancelled.');
    expect(messages.at(-1)).toBe('Fold 1 of 5 · Tree 2 of 60');
  });
});

describe('a large decision tree', () => {
  it('stops while its one tree is growing: it grows in a thread, so a cancel arriving mid-tree is heard', async () => {
    const rows = 100_000;
    const normal = createNormal(4);
    const columns = Array.from({ length: 20 }, () => Float64Array.from({ length: rows }, normal));
    const y = Int32Array.from({ length: rows }, (_, r) => (columns[0]![r]! + columns[1]![r]! + normal() > 0 ? 1 : 0));
    const controller = new AbortController();
    const family = getModelFamily('decision_tree')!;
    const fitting = fit(family, { task: 'classification', columns, rows, y, classes: 2, seed: 1 }, family.params.parse({}), recordingCallbacks(controller.signal));
    // Binning takes a fraction of this; growing the full tree takes seconds. Grown on this thread, the
    // tree would finish before the timer could fire, and the fit would resolve.
    setTimeout(() => controller.abort(new Error('Run cancelled.')), 300);
    await expect(fitting).rejects.toThrow('Run cancelled.');
  }, 60_000);
});
