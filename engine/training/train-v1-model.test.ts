import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../define-node';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { getModelFamily } from './model-families';
import { loadTf } from './load-tf';
import { predictRecords } from './predict-records';

const features = ['a', 'b', 'c'];
const records = [
  { a: 1, b: -2, c: 0.5 },
  { a: -3, b: 0.25, c: 2 },
  { a: 0, b: 0, c: 0 },
  { a: 10, b: 4, c: -7 },
];

/** A layers model saved as Train v1 saved it: the topology, weight specs and the weights as a number list. */
async function saveAsV1(model: LayersModel): Promise<Record<string, unknown>> {
  const tf = await loadTf();
  let artifact: Record<string, unknown> = {};
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      const data = saved.weightData;
      const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
      artifact = { topology: saved.modelTopology, weightSpecs: saved.weightSpecs, weights: Array.from(new Float32Array(buffer!)) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifact;
}

/** Train v1's model: one softmax Dense layer, with fixed weights standing in for training. */
async function v1Model(classes: string[], hidden = 0) {
  const tf = await loadTf();
  const model = tf.sequential();
  if (hidden) model.add(tf.layers.dense({ units: hidden, inputShape: [features.length], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: classes.length, activation: 'softmax', ...(hidden ? {} : { inputShape: [features.length] }), kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), biasInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 3 }) }));
  const x = tf.tensor2d(records.flatMap((r) => features.map((f) => r[f as keyof typeof r])), [records.length, features.length]);
  const output = model.predict(x) as Tensor;
  const expected = Array.from(await output.data());
  tf.dispose([x, output]);
  // The port value as Train v1 wrote it: no hyperparameters, a history of { epoch, loss, accuracy }.
  const stored = {
    kind: 'model', algorithm: 'logistic_regression', task: 'classification', target: 'y', features, classes,
    artifact: await saveAsV1(model), fitted: [], history: [{ epoch: 1, loss: 0.9, accuracy: 0.5 }, { epoch: 2, loss: 0.7, accuracy: 0.75 }],
  } as unknown as ModelValue;
  model.dispose();
  return { stored, expected };
}

const probabilitiesOf = (predictions: Awaited<ReturnType<typeof predictRecords>>) => predictions.flatMap((p) => ('probabilities' in p ? p.probabilities.map((q) => q.probability) : []));

describe('models saved by Train v1 (TensorFlow.js logistic regression)', () => {
  it.each([
    ['three classes', ['x', 'y', 'z']],
    ['two classes', ['no', 'yes']],
  ])('are read as the logistic_regression family with %s, predicting as the TensorFlow model did', async (_name, classes) => {
    const { stored, expected } = await v1Model(classes);
    const model = decodePortValue(encodePortValue(stored)) as ModelValue;
    expect(model.artifact.weights).toBeInstanceOf(Float64Array);
    expect(model.history).toEqual([{ step: 1, loss: 0.9, metric: 0.5 }, { step: 2, loss: 0.7, metric: 0.75 }]);
    expect(model.hyperparameters).toEqual({});
    const predicted = probabilitiesOf(await predictRecords(model, records));
    expect(predicted).toHaveLength(expected.length);
    predicted.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 5));
    // Converted models did not record their features' spread: no built-in importance, with the reason.
    expect(() => getModelFamily('logistic_regression')!.importance!(model.artifact, features.length)).toThrow('older version of Pipewright (Train v1)');
  }, 30_000);

  it('that do not map onto the family are refused with a retrain message', async () => {
    const { stored } = await v1Model(['x', 'y'], 4);
    const model = decodePortValue(encodePortValue(stored)) as ModelValue;
    await expect(predictRecords(model, records)).rejects.toThrow('Retrain this model: it was trained by an older version of Pipewright (Train v1)');
  }, 30_000);
});
