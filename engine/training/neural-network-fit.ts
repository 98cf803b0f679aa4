import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { createRandom } from '../kernels/random';
import { loadTf, type Tf } from './load-tf';
import { mlpOptimizer } from './mlp-optimizers';
import { initialParameters, mlpShape, mlpTrainer, splitParameters, type MlpPass, type MlpTrainer } from './mlp-trainer';
import type { FitCallbacks, ModelArtifact, TrainingSet } from './model-family';
import type { NeuralNetworkParams } from './neural-network';
import { forwardDense, type DenseLayer } from './predict-kernels';
import { shuffleInPlace } from './training-set';
import { curveMetric } from './trees/curve-metric';

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
  const batchSize = Math.min(params.batchSize ?? 200, data.rows);
  const layers: NeuralArtifact['layers'] = [
    ...params.hiddenLayers,
    { units: classification ? data.classes : 1, activation: classification ? 'softmax' : 'linear' },
  ];
  const shape = mlpShape(data.columns.length, layers);
  const random = createRandom(data.seed);
  const optimizer = mlpOptimizer(tf, params.optimizer, params.learningRate, shape.size);
  const trainer = mlpTrainer(tf, shape, initialParameters(shape, random), optimizer, { alpha: params.alpha, dropout: params.dropout });
  const tensors = toTensors(tf, data, mean, std, yMean, yStd);
  try {
    const theta = await trainEpochs(tf, trainer, tensors, data, params, batchSize, random, callbacks, { mean: yMean, std: yStd });
    return { task: data.task, layers, mean, std, yMean, yStd, weights: splitParameters(shape, theta) } satisfies NeuralArtifact;
  } finally {
    tensors.dispose();
    trainer.dispose();
    optimizer.dispose();
  }
}

/**
 * Training rows as row-major float32 in JS (features standardised, classes one-hot, per-row class
 * weights): each batch uploads its rows as a small tensor. On the wasm backend a slice or gather of one
 * large device tensor costs far more than the batch's step (slice copies its whole input out of wasm
 * memory; gather walks every element with generic index arithmetic). Validation rows go up once.
 */
type Tensors = { rows: BatchRows[]; validation?: { x: Tensor3D; y: Tensor3D }; dispose(): void };

function toTensors(tf: Tf, data: TrainingSet, mean: number[], std: number[], yMean: number, yStd: number): Tensors {
  const target = (y: Int32Array | Float64Array): Float32Array => {
    if (data.task === 'regression') return Float32Array.from(y, (v) => (v - yMean) / yStd);
    const oneHot = new Float32Array(y.length * data.classes);
    y.forEach((c, row) => (oneHot[row * data.classes + c] = 1));
    return oneHot;
  };
  const width = data.task === 'classification' ? data.classes : 1;
  const rows = [new BatchRows(tf, rowMajor(data.columns, data.rows, mean, std), data.columns.length), new BatchRows(tf, target(data.y), width)];
  // Train's 'balanced' row weights are the same for every row of a class; regression has none.
  if (data.task === 'classification' && data.weights) rows.push(new BatchRows(tf, Float32Array.from(data.weights), 1));
  const v = data.validation;
  const validation = v && { x: tf.tensor3d(rowMajor(v.columns, v.rows, mean, std), [1, v.rows, v.columns.length]), y: tf.tensor3d(target(v.y), [1, v.rows, width]) };
  return { rows, validation, dispose: () => validation && tf.dispose([validation.x, validation.y]) };
}

class BatchRows {
  private readonly shuffled: Float32Array;
  constructor(
    private readonly tf: Tf,
    private readonly values: Float32Array,
    private readonly width: number,
  ) {
    this.shuffled = new Float32Array(values.length);
  }

  /** Lays the rows out in `order` for this epoch. */
  shuffle(order: Int32Array): this {
    const w = this.width;
    for (let i = 0; i < order.length; i++) this.shuffled.set(this.values.subarray(order[i] * w, order[i] * w + w), i * w);
    return this;
  }

  tensor(start: number, end: number): Tensor3D {
    return this.tf.tensor3d(this.shuffled.subarray(start * this.width, end * this.width), [1, end - start, this.width]);
  }
}

/**
 * Epochs over rows reshuffled with the seed, in batches of `batchSize`; the losses and the batches'
 * outputs stay on the device and are read once per epoch, when cancel and early stopping are checked and
 * the curve is reported with the epoch's loss and metric (accuracy or R²) on the training rows (as each
 * batch was predicted before its step, as Keras reports them) and on the validation rows. Returns the
 * parameters of the best epoch when a validation set is monitored (as scikit-learn's early_stopping),
 * else of the last one.
 */
async function trainEpochs(tf: Tf, trainer: MlpTrainer, t: Tensors, data: TrainingSet, params: NeuralNetworkParams, batchSize: number, random: () => number, callbacks: FitCallbacks, target: TargetScale): Promise<Float32Array> {
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const dropout = params.dropout > 0 ? () => params.hiddenLayers.map(() => Math.floor(random() * 2 ** 31)) : () => undefined;
  const lossScale = target.std * target.std;
  const epochY = data.y instanceof Int32Array ? new Int32Array(data.rows) : new Float64Array(data.rows);
  let best = Infinity;
  let bestTheta: Float32Array | undefined;
  let stale = 0;
  for (let epoch = 1; epoch <= params.epochs; epoch++) {
    if (callbacks.signal.aborted) throw callbacks.signal.reason;
    shuffleInPlace(order, random);
    const epochRows = t.rows.map((r) => r.shuffle(order));
    const passes: MlpPass[] = [];
    for (let start = 0; start < data.rows; start += batchSize) {
      const end = Math.min(start + batchSize, data.rows);
      const [x, y, weight] = epochRows.map((r) => r.tensor(start, end));
      passes.push(trainer.step({ x, y, weight }, dropout()));
      tf.dispose([x, y, ...(weight ? [weight] : [])]);
    }
    const validation = t.validation && trainer.evaluate(t.validation.x, t.validation.y);
    const [summary, trainOut] = tf.tidy(() => [
      tf.stack([
        tf.add(tf.div(tf.addN(passes.map((p) => p.loss)), data.rows), trainer.penalty(batchSize)),
        ...(validation && t.validation ? [tf.div(validation.loss, t.validation.y.shape[1])] : []),
      ]),
      tf.concat(passes.map((p) => p.out), 1),
    ]);
    tf.dispose(passes.flatMap((p) => [p.loss, p.out]));
    const [values, trainValues, validationValues] = await Promise.all([summary.data(), trainOut.data(), validation?.out.data()]);
    tf.dispose([summary, trainOut, ...(validation ? [validation.loss, validation.out] : [])]);
    for (let i = 0; i < data.rows; i++) epochY[i] = data.y[order[i]];
    const loss = values[0] * lossScale;
    const validationLoss = t.validation ? values[1] * lossScale : undefined;
    const metric = epochMetric(data, epochY, trainValues as Float32Array, target);
    const validationMetric = data.validation && validationValues && epochMetric(data, data.validation.y, validationValues as Float32Array, target);
    callbacks.curve({
      step: epoch,
      loss,
      ...(validationLoss !== undefined ? { validationLoss } : {}),
      ...(metric !== undefined ? { metric } : {}),
      ...(validationMetric !== undefined ? { validationMetric } : {}),
    });
    callbacks.progress(epoch / params.epochs, `Epoch ${epoch} of ${params.epochs}`);
    if (!Number.isFinite(loss)) throw new Error(`The neural network diverged at epoch ${epoch} (loss ${loss}). Lower the learning rate.`);
    const monitored = (validationLoss ?? loss) / lossScale;
    if (monitored < best - TOL) {
      best = monitored;
      stale = 0;
      if (t.validation) bestTheta = await trainer.parameters();
    } else if (++stale >= params.patience) {
      break;
    }
    // Lets a cancel (or anything else waiting) run between epochs: reading tensors resolves without yielding.
    await tf.nextFrame();
  }
  return bestTheta ?? (await trainer.parameters());
}

type TargetScale = { mean: number; std: number };

/** Accuracy for classes, R² for numbers (the trees' curve score) of the network's outputs: probabilities, or standardised values scaled back. */
function epochMetric(data: Pick<TrainingSet, 'task' | 'classes'>, y: Int32Array | Float64Array, out: Float32Array, target: TargetScale): number | undefined {
  if (data.task === 'classification') return curveMetric('classification', y, Float64Array.from(out), data.classes, 0.5);
  return curveMetric('regression', y, Float64Array.from(out, (v) => v * target.std + target.mean), 1, 0);
}

/**
 * Class probabilities (rows × classes) or values: a float32 forward pass on the SIMD kernels of
 * predict-kernels.ts (3–4× TensorFlow.js's wasm backend here, which pays per-op dispatch and copies), or
 * on TensorFlow.js where WebAssembly SIMD is missing. Both agree to float32 rounding.
 */
export async function predictNeuralNetwork(artifact: ModelArtifact, columns: Float64Array[], rows: number): Promise<Float64Array> {
  return predictOnKernels(artifact as unknown as NeuralArtifact, columns, rows) ?? predictOnTf(artifact, columns, rows);
}

/** The forward pass on the kernels; undefined where WebAssembly SIMD is missing. */
export function predictOnKernels(a: NeuralArtifact, columns: Float64Array[], rows: number): Float64Array | undefined {
  const f = columns.length;
  const classification = a.task === 'classification';
  const width = classification ? a.layers.at(-1)!.units : 1;
  const out = new Float64Array(rows * width);
  const shift = Float64Array.from(a.mean);
  const scale = Float64Array.from(a.std, (s) => 1 / s);
  const layers: DenseLayer[] = a.layers.map((layer, i) => ({
    kernel: Float32Array.from(a.weights[2 * i]),
    bias: Float32Array.from(a.weights[2 * i + 1]),
    units: layer.units,
    relu: layer.activation === 'relu',
  }));
  const done = forwardDense(
    f,
    layers,
    rows,
    (block, start, n, stride) => {
      for (let j = 0; j < f; j++) {
        const c = columns[j];
        const m = shift[j];
        const inv = scale[j];
        const at = j * stride - start;
        for (let r = start; r < start + n; r++) block[at + r] = (c[r] - m) * inv;
      }
    },
    (l, values, n, stride) => activateInPlace(a.layers[l].activation, values, n, stride, a.layers[l].units),
    (values, start, n, stride) => {
      if (!classification) {
        for (let r = 0; r < n; r++) out[start + r] = values[r * stride] * a.yStd + a.yMean;
        return;
      }
      // Softmax in float32 steps as TensorFlow.js: exp(z − max) / Σ.
      for (let r = 0; r < n; r++) {
        const row = r * stride;
        let max = -Infinity;
        for (let k = 0; k < width; k++) max = Math.max(max, values[row + k]);
        let total = 0;
        for (let k = 0; k < width; k++) total += out[(start + r) * width + k] = Math.fround(Math.exp(Math.fround(values[row + k] - max)));
        const inverse = Math.fround(total);
        for (let k = 0; k < width; k++) out[(start + r) * width + k] = Math.fround(out[(start + r) * width + k] / inverse);
      }
    },
  );
  return done ? out : undefined;
}

/** tanh and sigmoid over a block's real units (ReLU runs inside the kernel; pads are left alone). */
function activateInPlace(activation: NeuralArtifact['layers'][number]['activation'], values: Float32Array, n: number, stride: number, units: number): void {
  if (activation !== 'tanh' && activation !== 'sigmoid') return;
  for (let r = 0; r < n; r++) {
    for (let u = r * stride, end = r * stride + units; u < end; u++) values[u] = activation === 'tanh' ? Math.tanh(values[u]) : 1 / (1 + Math.exp(-values[u]));
  }
}

/** The same forward pass on TensorFlow.js. Exported for the test that holds the kernels to it. */
export async function predictOnTf(artifact: ModelArtifact, columns: Float64Array[], rows: number): Promise<Float64Array> {
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
