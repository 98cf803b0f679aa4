import { describe, expect, it } from 'vitest';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { createRandom } from '../kernels/random';
import type { ModelValue } from '../define-node';
import { loadTf } from './load-tf';
import type { CurvePoint, FitCallbacks, TrainingSet } from './model-family';
import { neuralNetwork, neuralNetworkParams } from './neural-network';

/** Two blobs far apart in 3 features: any working classifier separates them perfectly. */
function separable(rows: number, seed = 1): TrainingSet {
  const random = createRandom(seed);
  const columns = [0, 1, 2].map(() => new Float64Array(rows));
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 2;
    for (const c of columns) c[i] = (y[i] ? 100 : 80) + random() * 5;
  }
  return { task: 'classification', columns, rows, y, classes: 2, seed: 7 };
}

/** Two blobs that overlap in 2 features: about one row in ten sits on the other class's side. */
function overlapping(rows: number, seed: number): TrainingSet {
  const random = createRandom(seed);
  const columns = [0, 1].map(() => new Float64Array(rows));
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 2;
    for (const c of columns) c[i] = y[i] + (random() + random() + random() - 1.5);
  }
  return { task: 'classification', columns, rows, y, classes: 2, seed: 7 };
}

/** y = 3·a − 2·b + 5 with a little noise. */
function linear(rows: number, seed = 3): TrainingSet {
  const random = createRandom(seed);
  const a = Float64Array.from({ length: rows }, () => random() * 4 - 2);
  const b = Float64Array.from({ length: rows }, () => random() * 4 - 2);
  const y = Float64Array.from(a, (v, i) => 3 * v - 2 * b[i] + 5 + (random() - 0.5) * 0.01);
  return { task: 'regression', columns: [a, b], rows, y, classes: 0, seed: 7 };
}

function recorder(signal = new AbortController().signal): FitCallbacks & { points: CurvePoint[]; messages: string[] } {
  const points: CurvePoint[] = [];
  const messages: string[] = [];
  return { signal, points, messages, progress: (_f, message) => messages.push(message), curve: (p) => points.push(p) };
}

const params = (overrides: Record<string, unknown> = {}) => neuralNetworkParams.parse(overrides);

describe('neural network family', () => {
  it('separates separable classes perfectly, reporting epochs and a falling loss', async () => {
    const data = separable(200);
    const callbacks = recorder();
    const artifact = await neuralNetwork.fit(data, params({ epochs: 30 }), callbacks);
    const probabilities = await neuralNetwork.predict(artifact, data.columns, data.rows);
    const predicted = Array.from({ length: data.rows }, (_, r) => (probabilities[2 * r + 1] > probabilities[2 * r] ? 1 : 0));
    expect(predicted).toEqual(Array.from(data.y));
    expect(callbacks.messages[0]).toBe('Epoch 1 of 30');
    expect(callbacks.points.at(-1)!.loss).toBeLessThan(callbacks.points[0].loss);
  }, 30_000);

  it('fits a linear target in its own units', async () => {
    const data = linear(500);
    const artifact = await neuralNetwork.fit(data, params({ epochs: 150, learningRate: 0.01 }), recorder());
    const predicted = await neuralNetwork.predict(artifact, data.columns, data.rows);
    let worst = 0;
    predicted.forEach((p, i) => (worst = Math.max(worst, Math.abs(p - data.y[i]))));
    expect(predicted).toHaveLength(500);
    expect(worst).toBeLessThan(0.6);
  }, 60_000);

  it('gives the same weights for the same seed', async () => {
    const data = separable(100);
    const first = await neuralNetwork.fit(data, params({ epochs: 5 }), recorder());
    const second = await neuralNetwork.fit(data, params({ epochs: 5 }), recorder());
    expect(second.weights).toEqual(first.weights);
    const other = await neuralNetwork.fit({ ...data, seed: 8 }, params({ epochs: 5 }), recorder());
    expect(other.weights).not.toEqual(first.weights);
  }, 30_000);

  it('gives the same weights for the same seed with dropout, and other weights for another seed', async () => {
    const data = separable(100);
    const withDropout = params({ epochs: 4, dropout: 0.3, batchSize: 20 });
    const first = await neuralNetwork.fit(data, withDropout, recorder());
    const second = await neuralNetwork.fit(data, withDropout, recorder());
    expect(second.weights).toEqual(first.weights);
    const other = await neuralNetwork.fit({ ...data, seed: 8 }, withDropout, recorder());
    expect(other.weights).not.toEqual(first.weights);
    // Dropout really acts: without it the same seed gives other weights.
    const without = await neuralNetwork.fit(data, params({ epochs: 4, batchSize: 20 }), recorder());
    expect(without.weights).not.toEqual(first.weights);
  }, 30_000);

  it('holds the best validation epoch and stops when the validation loss stalls', async () => {
    const data = separable(300);
    const validation = separable(100, 2);
    const callbacks = recorder();
    await neuralNetwork.fit({ ...data, validation }, params({ epochs: 500, patience: 3 }), callbacks);
    expect(callbacks.points.every((p) => typeof p.validationLoss === 'number')).toBe(true);
    expect(callbacks.points.length).toBeLessThan(500);
  }, 60_000);

  it('reports accuracy per epoch on the training and validation rows, the validation one as predict scores it', async () => {
    const data = overlapping(400, 1);
    const validation = overlapping(200, 2);
    const callbacks = recorder();
    const artifact = await neuralNetwork.fit({ ...data, validation }, params({ epochs: 6, patience: 100, batchSize: 50 }), callbacks);
    for (const point of callbacks.points) {
      expect(point.metric).toBeGreaterThanOrEqual(0);
      expect(point.metric).toBeLessThanOrEqual(1);
    }
    expect(callbacks.points.at(-1)!.metric).toBeGreaterThan(0.6);
    // The model kept is the last epoch whose validation loss improved by the tolerance; its accuracy is that epoch's point.
    let best = Infinity;
    let kept = callbacks.points[0];
    for (const point of callbacks.points) if (point.validationLoss! < best - 1e-4) (best = point.validationLoss!), (kept = point);
    const probabilities = await neuralNetwork.predict(artifact, validation.columns, validation.rows);
    let right = 0;
    for (let r = 0; r < validation.rows; r++) if ((probabilities[2 * r + 1] > probabilities[2 * r] ? 1 : 0) === validation.y[r]) right++;
    expect(right / validation.rows).toBeLessThan(1);
    expect(kept.validationMetric).toBe(right / validation.rows);
  }, 30_000);

  it('reports R² per epoch for a numeric target, the validation one as predict scores it', async () => {
    const data = linear(300);
    const validation = linear(100, 4);
    const callbacks = recorder();
    const artifact = await neuralNetwork.fit({ ...data, validation }, params({ epochs: 3, patience: 100, learningRate: 0.01 }), callbacks);
    const predicted = await neuralNetwork.predict(artifact, validation.columns, validation.rows);
    const y = Array.from(validation.y);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    let residual = 0;
    let total = 0;
    y.forEach((v, i) => ((residual += (v - predicted[i]) ** 2), (total += (v - mean) ** 2)));
    expect(callbacks.points.map((p) => typeof p.metric)).toEqual(['number', 'number', 'number']);
    expect(callbacks.points.at(-1)!.metric).toBeGreaterThan(callbacks.points[0].metric!);
    const kept = callbacks.points.reduce((a, b) => (b.validationLoss! < a.validationLoss! ? b : a));
    expect(kept.validationMetric).toBeCloseTo(1 - residual / total, 5);
  }, 30_000);

  it('stops at the next epoch once cancelled', async () => {
    const controller = new AbortController();
    const callbacks = recorder(controller.signal);
    const curve = callbacks.curve;
    callbacks.curve = (p) => {
      curve(p);
      if (p.step === 2) controller.abort(new Error('Run cancelled.'));
    };
    await expect(neuralNetwork.fit(separable(100), params({ epochs: 100 }), callbacks)).rejects.toThrow('Run cancelled.');
    expect(callbacks.points).toHaveLength(2);
  }, 30_000);

  it('leaves the tensor count flat across 20 trainings and predictions', async () => {
    const tf = await loadTf();
    const data = separable(60);
    const validation = separable(20, 2);
    await neuralNetwork.fit(data, params({ epochs: 1 }), recorder());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const artifact = await neuralNetwork.fit({ ...data, validation, seed: i }, params({ epochs: 2, dropout: 0.2, optimizer: i % 2 ? 'sgd' : 'rmsprop' }), recorder());
      await neuralNetwork.predict(artifact, data.columns, data.rows);
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('predicts the same after the artifact goes through the port encoder', async () => {
    const data = separable(80);
    const artifact = await neuralNetwork.fit(data, params({ epochs: 3 }), recorder());
    const model: ModelValue = {
      kind: 'model', algorithm: 'neural_network', task: 'classification', target: 't', features: ['a', 'b', 'c'], classes: ['x', 'y'],
      artifact, hyperparameters: params({ epochs: 3 }), fitted: [], history: [],
    };
    const decoded = decodePortValue(encodePortValue(model)) as ModelValue;
    expect(await neuralNetwork.predict(decoded.artifact, data.columns, data.rows)).toEqual(await neuralNetwork.predict(artifact, data.columns, data.rows));
  }, 30_000);

  it('refuses hyperparameters out of range with zod messages', () => {
    const result = neuralNetworkParams.safeParse({ hiddenLayers: [], learningRate: 0 });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(expect.arrayContaining(['Add at least one hidden layer.', 'The learning rate must be above 0.']));
  });
});
