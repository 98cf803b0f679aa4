import type { LayersModel, Tensor, Tensor2D } from '@tensorflow/tfjs';
import { createRandom } from '../kernels/random';
import { loadTf, type Tf } from './load-tf';
import type { FitCallbacks, ModelArtifact, TrainingSet } from './model-family';
import type { NeuralNetworkParams } from './neural-network';
import { createSeededDropout } from './seeded-dropout';
import { shuffleInPlace } from './training-set';

type Activation = 'relu' | 'tanh' | 'sigmoid';
/**
 * Weights are [kernel, bias] per dense layer, kernels row-major (inputs × units) as TensorFlow holds them.
 * They are plain number lists until the port encoder stores typed arrays as binary buffers (the trees
 * branch); predict reads either.
 */
export type NeuralArtifact = {
  task: TrainingSet['task'];
  layers: { units: number; activation: Activation | 'softmax' | 'linear' }[];
  mean: number[];
  std: number[];
  /** Regression targets are standardised while fitting too; predictions are scaled back. */
  yMean: number;
  yStd: number;
  /** Kernel and bias of each layer; stored as binary buffers by the port encoder (older artifacts: number arrays). */
  weights: (Float32Array | number[])[];
};

/** Stop when the monitored loss has not improved by this much for `patience` epochs (scikit-learn's tol). */
const TOL = 1e-4;
/** Predictions run in large batches: small ones are dominated by per-op overhead. */
const PREDICT_BATCH = 16_384;

export async function fitNeuralNetwork(data: TrainingSet, params: NeuralNetworkParams, callbacks: FitCallbacks): Promise<ModelArtifact> {
  const tf = await loadTf();
  const classification = data.task === 'classification';
  const { mean, std } = standardization(data.columns, data.rows);
  const yScale = classification ? { mean: [0], std: [1] } : standardization([data.y as Float64Array], data.rows);
  const [yMean, yStd] = [yScale.mean[0], yScale.std[0]];
  const batchSize = params.batchSize ?? Math.min(200, data.rows);
  const layers: NeuralArtifact['layers'] = [
    ...params.hiddenLayers,
    { units: classification ? data.classes : 1, activation: classification ? 'softmax' : 'linear' },
  ];
  const model = buildModel(tf, data.columns.length, layers, params, batchSize, data.seed);
  const optimizer = makeOptimizer(tf, params);
  const tensors = toTensors(tf, data, mean, std, yMean, yStd);
  try {
    model.compile({ optimizer, loss: classification ? 'categoricalCrossentropy' : 'meanSquaredError' });
    const weights = await trainEpochs(tf, model, tensors, data, params, batchSize, callbacks, yStd * yStd);
    return { task: data.task, layers, mean, std, yMean, yStd, weights } satisfies NeuralArtifact;
  } finally {
    tensors.dispose();
    model.dispose();
    // model.dispose() leaves the optimizer it was handed.
    optimizer.dispose();
    // tfjs 4.22's MomentumOptimizer.dispose forgets its parent's learning-rate scalar (one tensor per fit);
    // instanceof cannot tell it apart: tfjs optimizers answer instanceof by duck typing.
    if (params.optimizer === 'sgd') tf.SGDOptimizer.prototype.dispose.call(optimizer);
  }
}

type Tensors = { x: Tensor2D; y: Tensor; validation?: [Tensor2D, Tensor]; dispose(): void };

function toTensors(tf: Tf, data: TrainingSet, mean: number[], std: number[], yMean: number, yStd: number): Tensors {
  const target = (y: Int32Array | Float64Array, rows: number): Tensor =>
    data.task === 'classification'
      ? tf.tidy(() => tf.oneHot(tf.tensor1d(y as Int32Array, 'int32'), data.classes).toFloat())
      : tf.tensor2d(Float32Array.from(y, (v) => (v - yMean) / yStd), [rows, 1]);
  const x = tf.tensor2d(rowMajor(data.columns, data.rows, mean, std), [data.rows, data.columns.length]);
  const y = target(data.y, data.rows);
  const v = data.validation;
  const validation: Tensors['validation'] = v && [tf.tensor2d(rowMajor(v.columns, v.rows, mean, std), [v.rows, v.columns.length]), target(v.y, v.rows)];
  return { x, y, validation, dispose: () => tf.dispose([x, y, ...(validation ?? [])]) };
}

/**
 * One `fit` call per epoch on rows reshuffled with the seed (TensorFlow's own shuffle uses Math.random),
 * checking cancel and early stopping between epochs. Returns the weights of the best epoch when a
 * validation set is monitored (as scikit-learn's early_stopping), else of the last one.
 */
async function trainEpochs(tf: Tf, model: LayersModel, t: Tensors, data: TrainingSet, params: NeuralNetworkParams, batchSize: number, callbacks: FitCallbacks, lossScale: number): Promise<Float32Array[]> {
  const random = createRandom(data.seed);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const classWeight = data.task === 'classification' && data.weights ? classWeights(data.y as Int32Array, data.weights, data.classes) : undefined;
  let best = Infinity;
  let bestWeights: Float32Array[] | undefined;
  let stale = 0;
  for (let epoch = 1; epoch <= params.epochs; epoch++) {
    if (callbacks.signal.aborted) throw callbacks.signal.reason;
    shuffleInPlace(order, random);
    const [x, y] = tf.tidy(() => {
      const rows = tf.tensor1d(order, 'int32');
      return [tf.gather(t.x, rows), tf.gather(t.y, rows)];
    });
    // Yielding to the event loop only between epochs: tfjs's default yields within one and was ~1.6× slower here.
    const history = await model.fit(x, y, { epochs: 1, batchSize, shuffle: false, verbose: 0, validationData: t.validation, classWeight, yieldEvery: 'epoch' });
    tf.dispose([x, y]);
    const loss = Number(history.history.loss[0]) * lossScale;
    const validationLoss = t.validation ? Number(history.history.val_loss[0]) * lossScale : undefined;
    callbacks.curve({ step: epoch, loss, ...(validationLoss !== undefined ? { validationLoss } : {}) });
    callbacks.progress(epoch / params.epochs, `Epoch ${epoch} of ${params.epochs}`);
    if (!Number.isFinite(loss)) throw new Error(`The neural network diverged at epoch ${epoch} (loss ${loss}). Lower the learning rate.`);
    const monitored = (validationLoss ?? loss) / lossScale;
    if (monitored < best - TOL) {
      best = monitored;
      stale = 0;
      if (t.validation) bestWeights = await readWeights(model);
    } else if (++stale >= params.patience) {
      break;
    }
  }
  return bestWeights ?? readWeights(model);
}

/** Copies of the current weights (getWeights hands out the variables themselves: never dispose them). */
async function readWeights(model: LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

function buildModel(tf: Tf, inputs: number, layers: NeuralArtifact['layers'], params: NeuralNetworkParams, batchSize: number, seed: number): LayersModel {
  // Dropout masks draw from their own stream, apart from the row shuffling's, both fixed by the seed.
  const dropoutRandom = createRandom(seed ^ 0x5eed);
  const nextSeed = () => Math.floor(dropoutRandom() * 2 ** 31);
  // scikit-learn adds alpha/2 · ‖W‖² / batch rows to each batch's loss; TensorFlow's l2 adds l2 · ‖W‖².
  const regularizer = params.alpha > 0 ? () => tf.regularizers.l2({ l2: params.alpha / (2 * batchSize) }) : () => undefined;
  const model = tf.sequential();
  layers.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        ...(i === 0 ? { inputShape: [inputs] } : {}),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        kernelRegularizer: regularizer(),
      }),
    );
    if (params.dropout > 0 && i < layers.length - 1) model.add(createSeededDropout(tf, params.dropout, nextSeed));
  });
  return model;
}

function makeOptimizer(tf: Tf, params: NeuralNetworkParams) {
  switch (params.optimizer) {
    case 'adam':
      return tf.train.adam(params.learningRate, 0.9, 0.999, 1e-8);
    case 'sgd':
      return tf.train.momentum(params.learningRate, 0.9, true);
    case 'rmsprop':
      return tf.train.rmsprop(params.learningRate);
  }
}

/** TensorFlow takes per-class weights; Train's 'balanced' row weights are the same for every row of a class. */
function classWeights(y: Int32Array, weights: Float64Array, classes: number): Record<number, number> {
  const out: Record<number, number> = {};
  for (let c = 0; c < classes; c++) out[c] = 1;
  y.forEach((c, row) => (out[c] = weights[row]));
  return out;
}

export async function predictNeuralNetwork(artifact: ModelArtifact, columns: Float64Array[], rows: number): Promise<Float64Array> {
  const tf = await loadTf();
  const a = artifact as unknown as NeuralArtifact;
  const out = new Float64Array(rows * (a.task === 'classification' ? a.layers.at(-1)!.units : 1));
  const step = PREDICT_BATCH;
  const kernels = tf.tidy(() => a.layers.map((layer, i) => {
    const inputs = i === 0 ? columns.length : a.layers[i - 1].units;
    return { kernel: tf.tensor2d(Float32Array.from(a.weights[2 * i]), [inputs, layer.units]), bias: tf.tensor1d(Float32Array.from(a.weights[2 * i + 1])), activation: layer.activation };
  }));
  try {
    for (let start = 0; start < rows; start += step) {
      const end = Math.min(rows, start + step);
      const slice = columns.map((c) => c.subarray(start, end));
      const result = tf.tidy(() => {
        let h: Tensor2D = tf.tensor2d(rowMajor(slice, end - start, a.mean, a.std), [end - start, columns.length]);
        for (const k of kernels) h = activate(tf, tf.add(tf.matMul(h, k.kernel), k.bias), k.activation);
        return h;
      });
      const values = await result.data();
      result.dispose();
      const offset = start * (out.length / rows);
      if (a.task === 'classification') out.set(values, offset);
      else for (let i = 0; i < values.length; i++) out[offset + i] = values[i] * a.yStd + a.yMean;
    }
  } finally {
    tf.dispose(kernels.flatMap((k) => [k.kernel, k.bias]));
  }
  return out;
}

function activate(tf: Tf, x: Tensor2D, activation: NeuralArtifact['layers'][number]['activation']): Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'softmax':
      return tf.softmax(x);
    case 'linear':
      return x;
  }
}

/** Mean and standard deviation per column (std 1 for a constant column, so it standardises to 0). */
function standardization(columns: readonly Float64Array[], rows: number): { mean: number[]; std: number[] } {
  const mean = columns.map((c) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += c[i];
    return s / rows;
  });
  const std = columns.map((c, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += (c[i] - mean[j]) ** 2;
    const sd = Math.sqrt(s / rows);
    return sd > 0 ? sd : 1;
  });
  return { mean, std };
}

/** Standardised features, row-major Float32: the layout a TensorFlow tensor takes without copying. */
function rowMajor(columns: readonly Float64Array[], rows: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const f = columns.length;
  const x = new Float32Array(rows * f);
  for (let j = 0; j < f; j++) {
    const c = columns[j];
    const m = mean[j];
    const inv = 1 / std[j];
    for (let i = 0; i < rows; i++) x[i * f + j] = (c[i] - m) * inv;
  }
  return x;
}
