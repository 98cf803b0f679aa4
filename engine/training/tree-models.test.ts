import { describe, expect, it, vi } from 'vitest';
import type { ModelValue } from '../define-node';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { createRandom } from '../kernels/random';
import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import type { CurvePoint, FitCallbacks, ModelFamily, TrainingSet } from './model-family';
import { getModelFamily } from './model-families';
import { randomForest } from './random-forest';
import { binFeatures } from './trees/bin-features';
import { HistogramMemory } from './trees/histogram-memory';
import { asEnsemble, predictEnsemble, predictEnsembleBinned } from './trees/tree-ensemble';

const TREE_FAMILIES = [decisionTree, randomForest, gradientBoosting] as ModelFamily[];

function callbacks(signal = new AbortController().signal) {
  const progress: string[] = [];
  const curve: CurvePoint[] = [];
  const cb: FitCallbacks = { signal, progress: (_f, message) => progress.push(message), curve: (point) => curve.push(point) };
  return { cb, progress, curve };
}

/** rows × features uniform in [0, 10) (whole numbers when `whole`), column-major, and y = label(row values). */
function makeSet(rows: number, features: number, seed: number, label: (x: number[]) => number, task: TrainingSet['task'] = 'classification', classes = 2, whole = false): TrainingSet {
  const random = createRandom(seed);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const y = task === 'classification' ? new Int32Array(rows) : new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    y[r] = label(columns.map((column) => (column[r] = whole ? Math.floor(random() * 10) : random() * 10)));
  }
  return { task, columns, rows, y, classes: task === 'classification' ? classes : 0, seed: 7 };
}

const fit = (family: ModelFamily, data: TrainingSet, params: Record<string, unknown> = {}, signal?: AbortSignal) =>
  family.fit(data, family.params.parse(params), callbacks(signal).cb);

function accuracy(probabilities: Float64Array, y: Int32Array | Float64Array, classes: number): number {
  let right = 0;
  for (let r = 0; r < y.length; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[r * classes + k] > probabilities[r * classes + best]) best = k;
    if (best === y[r]) right++;
  }
  return right / y.length;
}

describe('tree model families', () => {
  it('are registered under their ids', () => {
    for (const family of TREE_FAMILIES) expect(getModelFamily(family.id)).toBe(family);
  });

  it('a decision tree of depth 1 reproduces the hand-built split y = x₀ > 3', async () => {
    const data = makeSet(400, 3, 1, (x) => (x[0] > 3 ? 1 : 0), 'classification', 2, true);
    const art = asEnsemble(await fit(decisionTree, data, { max_depth: 1 }));
    expect(art.feature[0]).toBe(0);
    expect(art.threshold[0]).toBe(3.5);
    expect([...art.feature.subarray(1)]).toEqual([-1, -1]);
    expect(accuracy(await decisionTree.predict(art, data.columns, data.rows), data.y, 2)).toBe(1);
  });

  it.each(TREE_FAMILIES.map((f) => [f.id, f] as const))('%s separates separable classes perfectly', async (_id, family) => {
    // Whole numbers, one bin each: with quantile bins, the two rows either side of a boundary can share a bin.
    const data = makeSet(2000, 4, 2, (x) => (x[1] > 5 && x[2] > 3 ? 1 : 0), 'classification', 2, true);
    const art = await fit(family, data, family === randomForest ? { n_estimators: 10, threads: 1 } : {});
    expect(accuracy(await family.predict(art, data.columns, data.rows), data.y, 2)).toBe(1);
  });

  it.each(TREE_FAMILIES.map((f) => [f.id, f] as const))('%s fits a step function (regression)', async (_id, family) => {
    const data = makeSet(2000, 3, 3, (x) => (x[0] < 2 ? -5 : x[0] < 6 ? 1 : 4), 'regression');
    const art = await fit(family, data, family === randomForest ? { n_estimators: 10, threads: 1 } : { max_iter: 200 });
    const predicted = (await family.predict(art, data.columns, data.rows)) as Float64Array;
    for (let r = 0; r < data.rows; r += 97) expect(predicted[r]).toBeCloseTo(data.y[r], 1);
  });

  it.each(TREE_FAMILIES.map((f) => [f.id, f] as const))('%s classifies three classes', async (_id, family) => {
    const data = makeSet(3000, 3, 4, (x) => (x[0] < 3 ? 0 : x[1] < 5 ? 1 : 2), 'classification', 3);
    const art = await fit(family, data, family === randomForest ? { n_estimators: 10, threads: 1 } : {});
    const probabilities = await family.predict(art, data.columns, data.rows);
    expect(probabilities.length).toBe(data.rows * 3);
    expect(probabilities[0] + probabilities[1] + probabilities[2]).toBeCloseTo(1, 9);
    expect(accuracy(probabilities, data.y, 3)).toBeGreaterThan(0.99);
  });

  it('gives the same trees for the same seed, threaded or not, and other trees for another seed', async () => {
    // Rows × trees at forest-fit's threading threshold (2M), so threads: 2 really grows the trees in two threads;
    // 2 of 6 features (sqrt) drawn per split, so each tree's draws must not depend on the trees its thread grew before.
    const data = makeSet(20_000, 6, 5, (x) => (x[0] + x[3] + x[4] > 15 ? 1 : 0));
    const params = { n_estimators: 100, max_depth: 4 };
    const one = asEnsemble(await fit(randomForest, data, { ...params, threads: 1 }));
    const two = asEnsemble(await fit(randomForest, data, { ...params, threads: 2 }));
    expect(two.feature).toEqual(one.feature);
    expect(two.threshold).toEqual(one.threshold);
    expect(two.value).toEqual(one.value);
    const other = asEnsemble(await fit(randomForest, { ...data, seed: 8 }, { ...params, threads: 1 }));
    expect(other.feature).not.toEqual(one.feature);
  });

  it.each([
    ['binary', (x: number[]) => (x[0] + x[3] * x[4] + x[8] > 30 ? 1 : 0), 'classification', 2],
    ['regression', (x: number[]) => x[0] + x[3] * x[4] + x[8], 'regression', 0],
    // Multinomial gradients need this thread's softmax: computed here, block by block, while the histograms use threads.
    ['3 classes', (x: number[]) => (x[0] + x[8] > 12 ? 2 : x[3] * x[4] > 25 ? 1 : 0), 'classification', 3],
  ] as const)('boosts the same trees (%s) whether its gradients and histograms are computed by one thread or several', async (_, label, task, classes) => {
    // Nine features make two chunks of histogram work; x8, alone in the last, takes part in the best splits. 20,000
    // rows make three blocks of gradients.
    const data = makeSet(20_000, 9, 16, label, task, classes);
    const one = asEnsemble(await fit(gradientBoosting, data, { max_iter: 8, threads: 1 }));
    const three = asEnsemble(await fit(gradientBoosting, data, { max_iter: 8, threads: 3 }));
    expect(one.feature.length).toBeGreaterThan(8 * 20);
    expect(one.feature.some((f) => f === 8)).toBe(true);
    expect(three.feature).toEqual(one.feature);
    expect(three.threshold).toEqual(one.threshold);
    expect(three.value).toEqual(one.value);
  });

  it('boosts the same trees with the histogram kernels and with the JavaScript loops (a runtime without WebAssembly threads)', async () => {
    const data = makeSet(3000, 6, 13, (x) => (x[0] + x[3] > 9 ? 1 : 0));
    for (const threads of [1, 2]) {
      const kernels = asEnsemble(await fit(gradientBoosting, data, { max_iter: 8, threads }));
      const create = vi.spyOn(HistogramMemory, 'create').mockReturnValue(null);
      try {
        const loops = asEnsemble(await fit(gradientBoosting, data, { max_iter: 8, threads }));
        expect(create).toHaveBeenCalled();
        expect(loops.feature).toEqual(kernels.feature);
        expect(loops.threshold).toEqual(kernels.threshold);
        expect(loops.value).toEqual(kernels.value);
      } finally {
        create.mockRestore();
      }
    }
  });

  it('reports "Tree k of n" progress and a curve point per tree or iteration, with validation loss', async () => {
    const data = makeSet(1000, 3, 6, (x) => (x[0] > 5 ? 1 : 0));
    const validation = makeSet(300, 3, 9, (x) => (x[0] > 5 ? 1 : 0));
    const cases: [ModelFamily, Record<string, unknown>, number][] = [[gradientBoosting, { max_iter: 5 }, 5], [randomForest, { n_estimators: 4, threads: 1 }, 4]];
    for (const [family, params, points] of cases) {
      const { cb, progress, curve } = callbacks();
      await family.fit({ ...data, validation }, family.params.parse(params), cb);
      expect(progress.at(-1)).toBe(`Tree ${points} of ${points}`);
      expect(curve).toHaveLength(points);
      expect(curve.every((p) => Number.isFinite(p.loss) && Number.isFinite(p.validationLoss))).toBe(true);
    }
  });

  it("boosting's curve on more than 10,000 rows reads a sample of them: its last loss and accuracy are the whole training set's within noise", async () => {
    // A noisy label, so the loss and accuracy are far from 0 and 1 and the sample's error shows.
    const noise = createRandom(5);
    const data = makeSet(30_000, 3, 12, (x) => (x[0] + x[1] + noise() * 6 > 13 ? 1 : 0));
    const { cb, curve } = callbacks();
    const art = await gradientBoosting.fit(data, gradientBoosting.params.parse({ max_iter: 10 }), cb);
    const probabilities = await gradientBoosting.predict(art, data.columns, data.rows);
    let logLoss = 0;
    for (let r = 0; r < data.rows; r++) logLoss -= Math.log(Math.max(1e-15, probabilities[2 * r + data.y[r]!]!)) / data.rows;
    const last = curve.at(-1)!;
    expect(last.loss).toBeCloseTo(logLoss, 1);
    expect(Math.abs(last.loss - logLoss) / logLoss).toBeLessThan(0.05);
    expect(last.metric).toBeCloseTo(accuracy(probabilities, data.y, 2), 1);
  });

  it('stops boosting early once the validation loss stops improving', async () => {
    const data = makeSet(2000, 3, 10, (x) => (x[0] > 5 ? 1 : 0));
    const validation = makeSet(500, 3, 11, (x) => (x[0] > 5 ? 1 : 0));
    const { cb, curve } = callbacks();
    await gradientBoosting.fit({ ...data, validation }, gradientBoosting.params.parse({ max_iter: 1000, learning_rate: 0.5 }), cb);
    expect(curve.length).toBeLessThan(1000);
  });

  it.each(TREE_FAMILIES.filter((f) => f !== decisionTree).map((f) => [f.id, f] as const))('%s stops at the next tree when cancelled', async (_id, family) => {
    const data = makeSet(20_000, 5, 12, (x) => (x[0] > 5 ? 1 : 0));
    const controller = new AbortController();
    const { cb, progress } = callbacks(controller.signal);
    cb.progress = (_f, message) => {
      progress.push(message);
      if (progress.length === 3) controller.abort(new Error('cancelled by the test'));
    };
    const params = family === randomForest ? { n_estimators: 200 } : { max_iter: 500 };
    await expect(family.fit(data, family.params.parse(params), cb)).rejects.toThrow('cancelled by the test');
    expect(progress.length).toBeLessThan(10);
  });

  it('predicts the same from raw values as from the training binning', async () => {
    const data = makeSet(3000, 4, 13, (x) => (Math.sin(x[0]) + x[1] / 5 > 1 ? 1 : 0));
    for (const family of TREE_FAMILIES) {
      const art = asEnsemble(await fit(family, data, family === randomForest ? { n_estimators: 5, threads: 1 } : { max_iter: 10 }));
      const binned = binFeatures(data.columns, data.rows, { maxBins: 255, seed: data.seed });
      expect(predictEnsembleBinned(art, binned.columns, data.rows)).toEqual(predictEnsemble(art, data.columns, data.rows));
    }
  });

  it('ranks the informative feature first in importance, summing to 1', async () => {
    const data = makeSet(2000, 4, 14, (x) => (x[2] > 4 ? 1 : 0));
    for (const family of TREE_FAMILIES) {
      const importance = family.importance!(await fit(family, data, family === randomForest ? { n_estimators: 5, threads: 1 } : { max_iter: 10 }), 4);
      expect(importance.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(importance.indexOf(Math.max(...importance))).toBe(2);
    }
  });

  it('round-trips through the port encoder with typed arrays intact', async () => {
    const data = makeSet(1500, 3, 15, (x) => (x[0] > 5 ? 1 : 0));
    for (const family of TREE_FAMILIES) {
      const artifact = await fit(family, data, family === randomForest ? { n_estimators: 3, threads: 1 } : { max_iter: 5 });
      const model: ModelValue = { kind: 'model', algorithm: family.id, task: 'classification', target: 'y', features: ['a', 'b', 'c'], classes: ['no', 'yes'], artifact, hyperparameters: {}, fitted: [], history: [] };
      const decoded = decodePortValue(encodePortValue(model)) as ModelValue;
      expect(decoded).toEqual(model);
      expect(asEnsemble(decoded.artifact).left).toBeInstanceOf(Int32Array);
      expect(await family.predict(decoded.artifact as typeof artifact, data.columns, data.rows)).toEqual(await family.predict(artifact, data.columns, data.rows));
    }
  });
});
