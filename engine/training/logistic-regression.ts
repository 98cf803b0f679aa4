import type { ModelValue } from '../define-node';
import { createRandom } from '../kernels/random';
import { loadTf } from './load-tf';

/**
 * Multinomial logistic regression as a single softmax Dense layer in TensorFlow.js. Weights start at
 * zero and rows are shuffled once with a fixed seed, so the same data and settings give the same model.
 */
export type LogisticOptions = { epochs: number; learningRate: number; l2: number; batchSize: number };
export type TrainCallbacks = { onEpoch(epoch: number, loss: number, accuracy: number): void; signal: AbortSignal };
export type LogisticArtifact = { topology: unknown; weightSpecs: unknown; weights: number[] };

/** Predictions run in large batches: the default of 32 is ~200× slower on 100k rows. */
const PREDICT_BATCH = 8192;

export async function trainLogisticRegression(
  x: Float32Array,
  y: Int32Array,
  shape: { rows: number; features: number; classes: number },
  options: LogisticOptions,
  callbacks: TrainCallbacks,
): Promise<{ artifact: LogisticArtifact; history: ModelValue['history'] }> {
  const tf = await loadTf();
  const order = shuffledRows(shape.rows);
  const xs = tf.tensor2d(reorderRows(x, order, shape.features), [shape.rows, shape.features]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(order, (r) => y[r]), 'int32'), shape.classes).toFloat());
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: shape.classes,
        inputShape: [shape.features],
        activation: 'softmax',
        kernelInitializer: 'zeros',
        kernelRegularizer: options.l2 > 0 ? tf.regularizers.l2({ l2: options.l2 }) : undefined,
      }),
    ],
  });
  const history: ModelValue['history'] = [];
  // model.dispose() leaves an optimizer it was handed; it is disposed below so long-lived workers do not leak.
  const optimizer = tf.train.adam(options.learningRate);
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(xs, ys, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          const loss = Number(logs?.loss ?? NaN);
          const accuracy = Number(logs?.acc ?? logs?.accuracy ?? NaN);
          history.push({ epoch: epoch + 1, loss, accuracy });
          callbacks.onEpoch(epoch + 1, loss, accuracy);
          if (callbacks.signal.aborted) model.stopTraining = true;
        },
      },
    });
    return { artifact: await saveArtifact(model), history };
  } finally {
    xs.dispose();
    ys.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

/** Class probabilities, row-major (rows × classes). */
export async function predictProbabilities(artifact: LogisticArtifact, x: Float32Array, rows: number, features: number): Promise<Float32Array> {
  const tf = await loadTf();
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifact.topology as object,
      weightSpecs: artifact.weightSpecs as import('@tensorflow/tfjs').io.WeightsManifestEntry[],
      weightData: new Float32Array(artifact.weights).buffer,
    }),
  );
  const xs = tf.tensor2d(x, [rows, features]);
  try {
    const output = model.predict(xs, { batchSize: PREDICT_BATCH }) as import('@tensorflow/tfjs').Tensor;
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  } finally {
    xs.dispose();
    model.dispose();
  }
}

async function saveArtifact(model: import('@tensorflow/tfjs').LayersModel): Promise<LogisticArtifact> {
  const tf = await loadTf();
  let artifact: LogisticArtifact | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      const data = saved.weightData;
      const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
      artifact = { topology: saved.modelTopology, weightSpecs: saved.weightSpecs, weights: Array.from(new Float32Array(buffer ?? new ArrayBuffer(0))) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifact) throw new Error('TensorFlow.js did not hand over the trained weights.');
  return artifact;
}

function shuffledRows(rows: number): Int32Array {
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const random = createRandom(1);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function reorderRows(x: Float32Array, order: Int32Array, features: number): Float32Array {
  const out = new Float32Array(x.length);
  order.forEach((row, i) => out.set(x.subarray(row * features, (row + 1) * features), i * features));
  return out;
}
