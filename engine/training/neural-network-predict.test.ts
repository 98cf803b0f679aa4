import { describe, expect, it } from 'vitest';
import { createRandom } from '../kernels/random';
import type { ModelArtifact } from './model-family';
import { predictNeuralNetwork, predictOnKernels, predictOnTf, type NeuralArtifact } from './neural-network-fit';

type Layer = NeuralArtifact['layers'][number];

/** A network with random weights (no fit needed to compare two forward passes) and features to feed it. */
function network(task: NeuralArtifact['task'], features: number, layers: Layer[], rows: number, seed: number) {
  const random = createRandom(seed);
  const weights: Float32Array[] = [];
  layers.forEach((layer, i) => {
    const inputs = i === 0 ? features : layers[i - 1].units;
    const scale = 1.5 / Math.sqrt(inputs);
    weights.push(Float32Array.from({ length: inputs * layer.units }, () => (random() * 2 - 1) * scale));
    weights.push(Float32Array.from({ length: layer.units }, () => random() - 0.5));
  });
  const mean = Array.from({ length: features }, () => random() * 10);
  const std = Array.from({ length: features }, () => 0.5 + random() * 3);
  const columns = mean.map((m, j) => Float64Array.from({ length: rows }, () => m + (random() * 2 - 1) * 2 * std[j]));
  const artifact: NeuralArtifact = { task, layers, mean, std, yMean: 12.5, yStd: 3.25, weights };
  return { artifact: artifact as unknown as ModelArtifact, columns };
}

function maxDifference(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('neural network prediction on the SIMD kernels', () => {
  // Shapes off the kernel's tiles: units not a multiple of 4 or 8, rows not a multiple of 4, several blocks.
  it.each([
    ['classification, 2 × 64 relu (the default), 2 classes', 'classification', 50, [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 2, activation: 'softmax' }], 2_501],
    ['classification, tanh 13 → sigmoid 5, 3 classes', 'classification', 7, [{ units: 13, activation: 'tanh' }, { units: 5, activation: 'sigmoid' }, { units: 3, activation: 'softmax' }], 1_037],
    ['regression, relu 9 → tanh 4', 'regression', 3, [{ units: 9, activation: 'relu' }, { units: 4, activation: 'tanh' }, { units: 1, activation: 'linear' }], 5],
    ['regression, one row', 'regression', 1, [{ units: 1, activation: 'sigmoid' }, { units: 1, activation: 'linear' }], 1],
  ] as const)('%s: TensorFlow.js\'s outputs to float32 rounding', async (_name, task, features, layers, rows) => {
    const { artifact, columns } = network(task, features, [...layers], rows, features * 7 + rows);
    const ours = predictOnKernels(artifact as unknown as NeuralArtifact, columns, rows);
    if (!ours) throw new Error('WebAssembly SIMD is missing: the kernels were not run.');
    const reference = await predictOnTf(artifact, columns, rows);
    expect(maxDifference(ours, reference)).toBeLessThan(2e-6);
    if (task === 'classification') {
      const classes = layers.at(-1)!.units;
      for (let r = 0; r < rows; r++) {
        let total = 0;
        for (let k = 0; k < classes; k++) total += ours[r * classes + k];
        expect(total).toBeCloseTo(1, 5);
      }
    }
  });

  it('reads weights stored as number lists (older artifacts) as the typed arrays', async () => {
    const { artifact, columns } = network('classification', 4, [{ units: 6, activation: 'relu' }, { units: 2, activation: 'softmax' }], 40, 5);
    const asLists = { ...artifact, weights: (artifact.weights as Float32Array[]).map((w) => Array.from(w)) } as unknown as ModelArtifact;
    expect(await predictNeuralNetwork(asLists, columns, 40)).toEqual(await predictNeuralNetwork(artifact, columns, 40));
  });
});
