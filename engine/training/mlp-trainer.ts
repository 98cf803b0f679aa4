import type { Scalar, Tensor, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from './load-tf';
import type { MlpOptimizer } from './mlp-optimizers';

export type MlpActivation = 'relu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear';
/** One dense layer and where its kernel (inputs × units, row-major) and bias sit in the flat parameter vector. */
export type MlpLayer = { inputs: number; units: number; activation: MlpActivation; kernel: number; bias: number };
export type MlpShape = { layers: MlpLayer[]; size: number };

export function mlpShape(inputs: number, layers: { units: number; activation: MlpActivation }[]): MlpShape {
  let offset = 0;
  const placed = layers.map((layer, i) => {
    const fanIn = i === 0 ? inputs : layers[i - 1].units;
    const kernel = offset;
    const bias = kernel + fanIn * layer.units;
    offset = bias + layer.units;
    return { inputs: fanIn, units: layer.units, activation: layer.activation, kernel, bias };
  });
  return { layers: placed, size: offset };
}

/** Glorot-uniform kernels and zero biases (Keras's and scikit-learn's initialisation), drawn from `random`. */
export function initialParameters(shape: MlpShape, random: () => number): Float32Array {
  const theta = new Float32Array(shape.size);
  for (const layer of shape.layers) {
    const limit = Math.sqrt(6 / (layer.inputs + layer.units));
    for (let i = layer.kernel; i < layer.bias; i++) theta[i] = (2 * random() - 1) * limit;
  }
  return theta;
}

/** Kernels and biases as separate arrays, in the artifact's [kernel, bias] per layer order. */
export function splitParameters(shape: MlpShape, theta: Float32Array): Float32Array[] {
  return shape.layers.flatMap((l) => [theta.slice(l.kernel, l.bias), theta.slice(l.bias, l.bias + l.units)]);
}

/** Rows come as [1, rows, width]: the shape TensorFlow's matMul kernels take, so no op reshapes them. */
export type MlpBatch = { x: Tensor3D; y: Tensor3D; weight?: Tensor3D };

/** A forward pass's summed loss and its outputs (probabilities, or standardised values), left on the device. */
export type MlpPass = { loss: Scalar; out: Tensor3D };

export type MlpTrainer = {
  /**
   * One gradient step on the batch. The loss is the batch's summed (weighted) loss and `out` what the
   * step predicted before updating: the epoch's running metric (Keras's training accuracy) is read from it.
   */
  step(batch: MlpBatch, dropoutSeeds?: number[]): MlpPass;
  /** Summed unweighted loss of `x` against `y` with the current parameters (no dropout), and the outputs. */
  evaluate(x: Tensor3D, y: Tensor3D): MlpPass;
  /** The L2 penalty alpha/2 · ‖kernels‖² / batchSize that scikit-learn adds to each batch's mean loss. */
  penalty(batchSize: number): Scalar;
  parameters(): Promise<Float32Array>;
  dispose(): void;
};

/**
 * A multilayer perceptron trained by hand-written backpropagation on one flat parameter tensor.
 * TensorFlow.js's `model.fit` spends most of its time in per-op bookkeeping (gradient tape, layer
 * scopes, per-variable optimizer updates, reshapes around every matMul) and, on the wasm backend, runs
 * each transposed matMul of its backward pass through a naive loop instead of XNNPACK. Here every
 * matMul gets plain [1, m, k] × [1, k, n] operands (XNNPACK's path; transposes are explicit), the
 * optimizer updates one tensor, and the loss stays on the device. Softmax output with cross-entropy,
 * or a linear output with squared error.
 */
export function mlpTrainer(tf: Tf, shape: MlpShape, initial: Float32Array, optimizer: MlpOptimizer, options: { alpha: number; dropout: number }): MlpTrainer {
  let theta: Tensor = tf.tensor1d(initial);
  const output = shape.layers.at(-1)!;
  const classification = output.activation === 'softmax';
  const engine = tf.engine();
  const kernelCells = new Float32Array(shape.size);
  for (const l of shape.layers) kernelCells.fill(1, l.kernel, l.bias);
  const kernelMask = tf.tensor1d(kernelCells);
  // Constants made once and kept out of every tidy: tfjs would upload a new tensor for each number handed to an op.
  const constants = new Map<string, Tensor>();
  const constant = <T extends Tensor>(key: string, make: () => T): T => {
    let t = constants.get(key);
    if (!t) constants.set(key, (t = tf.keep(make())));
    return t as T;
  };
  const scalar = (value: number) => constant(String(value), () => tf.scalar(value));
  const one = scalar(1);

  /** a × b for [1, m, k] and [1, k, n], with the bias and ReLU fused in when given. */
  const matMul = (a: Tensor, b: Tensor, bias?: Tensor, activation: 'relu' | 'linear' = 'linear'): Tensor =>
    bias
      ? engine.runKernel('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation })
      : engine.runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  const transpose = (a: Tensor) => tf.transpose(a, [0, 2, 1]);

  const weightsOf = () =>
    shape.layers.map((l) => ({
      kernel: tf.reshape(tf.slice(theta, l.kernel, l.inputs * l.units), [1, l.inputs, l.units]) as Tensor,
      bias: tf.slice(theta, l.bias, l.units),
    }));

  /** Hidden activations (after dropout: what the next layer reads, and before: for the derivative) and the output. */
  const forward = (x: Tensor, weights: ReturnType<typeof weightsOf>, dropoutSeeds?: number[]) => {
    const hidden: { activated: Tensor; input: Tensor; mask?: Tensor }[] = [];
    let h = x;
    shape.layers.forEach((l, i) => {
      const { kernel, bias } = weights[i];
      let z = matMul(h, kernel, bias, l.activation === 'relu' ? 'relu' : 'linear');
      if (l.activation === 'tanh') z = tf.tanh(z);
      else if (l.activation === 'sigmoid') z = tf.sigmoid(z);
      else if (l.activation === 'softmax') z = tf.softmax(z);
      if (i === shape.layers.length - 1) {
        h = z;
        return;
      }
      let mask: Tensor | undefined;
      let next = z;
      if (dropoutSeeds && options.dropout > 0) {
        const keep = tf.cast(tf.greaterEqual(tf.randomUniform(z.shape, 0, 1, 'float32', dropoutSeeds[i]), scalar(options.dropout)), 'float32');
        mask = tf.mul(keep, scalar(1 / (1 - options.dropout)));
        next = tf.mul(z, mask);
      }
      hidden.push({ activated: z, input: next, mask });
      h = next;
    });
    return { hidden, out: h };
  };

  /** Loss per output cell, summed over classes later: cross-entropy on probabilities clipped as Keras does, or squared error. */
  const cellLoss = (out: Tensor, y: Tensor): Tensor =>
    classification ? tf.mul(y, tf.neg(tf.log(tf.clipByValue(out, 1e-7, 1 - 1e-7)))) : tf.square(tf.sub(out, y));

  const derivative = (activation: MlpActivation, activated: Tensor): Tensor =>
    activation === 'relu'
      ? tf.step(activated)
      : activation === 'tanh'
        ? tf.sub(one, tf.square(activated))
        : tf.mul(activated, tf.sub(one, activated));

  const step = (batch: MlpBatch, dropoutSeeds?: number[]): MlpPass => {
    const rows = batch.x.shape[1];
    const [next, loss, predicted] = tf.tidy(() => {
      const weights = weightsOf();
      const { hidden, out } = forward(batch.x, weights, dropoutSeeds);
      const cells = cellLoss(out, batch.y);
      // d(mean loss)/d(pre-activation output): (p − y)/n for softmax cross-entropy, 2(ŷ − y)/n for squared error.
      let delta = tf.mul(tf.sub(out, batch.y), scalar((classification ? 1 : 2) / rows));
      if (batch.weight) delta = tf.mul(delta, batch.weight);
      const grads: Tensor[] = [];
      for (let i = shape.layers.length - 1; i >= 0; i--) {
        const input = i === 0 ? batch.x : hidden[i - 1].input;
        grads.push(tf.sum(delta, [0, 1]), tf.reshape(matMul(transpose(input), delta), [-1]));
        if (i === 0) break;
        let dh = matMul(delta, transpose(weights[i].kernel));
        const below = hidden[i - 1];
        if (below.mask) dh = tf.mul(dh, below.mask);
        delta = tf.mul(dh, derivative(shape.layers[i - 1].activation, below.activated));
      }
      let gradient = tf.concat(grads.reverse());
      if (options.alpha > 0) gradient = tf.add(gradient, tf.mul(theta, constant(`l2 ${rows}`, () => tf.mul(kernelMask, options.alpha / rows))));
      return [optimizer.update(theta, gradient), tf.sum(batch.weight ? tf.mul(cells, batch.weight) : cells) as Scalar, out as Tensor3D] as const;
    });
    theta.dispose();
    theta = next;
    return { loss, out: predicted };
  };

  return {
    step,
    evaluate(x, y) {
      const [loss, out] = tf.tidy(() => {
        const { out } = forward(x, weightsOf());
        return [tf.sum(cellLoss(out, y)) as Scalar, out as Tensor3D] as const;
      });
      return { loss, out };
    },
    penalty: (batchSize) => tf.tidy(() => tf.mul(tf.sum(tf.square(tf.mul(theta, kernelMask))), scalar(options.alpha / (2 * batchSize))) as Scalar),
    parameters: async () => (await theta.data()) as Float32Array,
    dispose() {
      tf.dispose([theta, kernelMask, ...constants.values()]);
    },
  };
}
