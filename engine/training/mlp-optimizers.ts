import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { Tf } from './load-tf';

/**
 * Optimizers over one flat parameter vector, written out as scikit-learn's MLP writes them (Adam with
 * the bias correction folded into the step size; SGD with Nesterov momentum 0.9) and Keras's RMSprop
 * (rho 0.9, epsilon 1e-7). A handful of ops per step, with constants made once: tfjs's optimizers
 * upload a scalar tensor for every number they hand an op, per variable and step.
 */
export type MlpOptimizerKind = 'adam' | 'sgd' | 'rmsprop';

export type MlpOptimizer = {
  /** Called inside a tidy: the new parameters; the optimizer keeps its new state and frees the old. */
  update(theta: Tensor, gradient: Tensor): Tensor;
  dispose(): void;
};

export function mlpOptimizer(tf: Tf, kind: MlpOptimizerKind, learningRate: number, size: number): MlpOptimizer {
  const kept: Scalar[] = [];
  const scalar = (value: number) => {
    const s = tf.keep(tf.scalar(value));
    kept.push(s);
    return s;
  };
  // First and second moment (adam), velocity (sgd) or mean square (rmsprop).
  let state = Array.from({ length: kind === 'adam' ? 2 : 1 }, () => tf.zeros([size]) as Tensor);
  const replace = (next: Tensor[]) => {
    const old = state;
    state = next.map((t) => tf.keep(t));
    tf.dispose(old);
  };
  const lr = scalar(learningRate);
  let t = 0;
  const updates: Record<MlpOptimizerKind, (theta: Tensor, g: Tensor) => Tensor> = (() => {
    const [b1, oneMinusB1, b2, oneMinusB2, epsilon] = [0.9, 0.1, 0.999, 0.001, 1e-8].map(scalar);
    const momentum = scalar(0.9);
    const [rho, oneMinusRho, rmsEpsilon] = [0.9, 0.1, 1e-7].map(scalar);
    return {
      adam(theta, g) {
        t++;
        const m = tf.add(tf.mul(state[0], b1), tf.mul(g, oneMinusB1));
        const v = tf.add(tf.mul(state[1], b2), tf.mul(tf.square(g), oneMinusB2));
        replace([m, v]);
        const stepSize = tf.scalar((learningRate * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t));
        return tf.sub(theta, tf.mul(stepSize, tf.div(m, tf.add(tf.sqrt(v), epsilon))));
      },
      sgd(theta, g) {
        const scaled = tf.mul(g, lr);
        const velocity = tf.sub(tf.mul(state[0], momentum), scaled);
        replace([velocity]);
        return tf.sub(tf.add(theta, tf.mul(velocity, momentum)), scaled);
      },
      rmsprop(theta, g) {
        const meanSquare = tf.add(tf.mul(state[0], rho), tf.mul(tf.square(g), oneMinusRho));
        replace([meanSquare]);
        return tf.sub(theta, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(meanSquare, rmsEpsilon))));
      },
    };
  })();
  return {
    update: updates[kind],
    dispose() {
      tf.dispose([...state, ...kept]);
    },
  };
}
