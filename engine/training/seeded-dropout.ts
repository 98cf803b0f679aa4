import type { layers, Tensor } from '@tensorflow/tfjs';
import type { Tf } from './load-tf';

/**
 * A dropout layer whose masks come from the fit's seeded random stream. TensorFlow's own Dropout
 * either draws from Math.random (no seed) or, given a seed, draws the very same mask at every batch;
 * this one asks `nextSeed` for a fresh seed at each training step, so the same fit seed gives the
 * same masks in the same order, and so the same weights. Outside training it passes inputs through.
 */
export function createSeededDropout(tf: Tf, rate: number, nextSeed: () => number): layers.Layer {
  class SeededDropout extends tf.layers.Layer {
    static readonly className = 'SeededDropout';

    override computeOutputShape(inputShape: Parameters<layers.Layer['computeOutputShape']>[0]) {
      return inputShape;
    }

    override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const input = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (kwargs.training !== true) return input;
      return tf.tidy(() => tf.dropout(input, rate, undefined, nextSeed()));
    }
  }
  return new SeededDropout({});
}
