import { sigmoid } from '../fast-exp';
import { softmaxInPlace } from '../class-probabilities';

/**
 * The losses gradient boosting fits, as scikit-learn's HistGradientBoosting: squared error
 * (regression), binary log loss on a logit score, multinomial log loss with one score per class.
 * Scores are rows × groups row-major. `prepare` runs once per iteration, before the trees of each group
 * take their gradients, so softmax probabilities are computed once for all classes.
 */
export type GradientTarget = { weight: Float64Array; sums: Float64Array };
export type TargetTotals = { weight: number; sum: number };

export interface BoostingLoss {
  groups: number;
  link: 'identity' | 'sigmoid' | 'softmax';
  init(y: Int32Array | Float64Array, weights: Float64Array | undefined): Float64Array;
  prepare(scores: Float64Array): void;
  /**
   * Fills the target of group `group`'s tree: weight = hessian, sums = −gradient (both times the row weight).
   * Returns their totals, added in row order: the root's totals the grower would otherwise add up again.
   */
  gradients(scores: Float64Array, y: Int32Array | Float64Array, weights: Float64Array | undefined, group: number, out: GradientTarget): TargetTotals;
  loss(scores: Float64Array, y: Int32Array | Float64Array, weights: Float64Array | undefined): number;
}

function weightedMean(rows: number, value: (r: number) => number, weights: Float64Array | undefined): number {
  let total = 0;
  let weightSum = 0;
  for (let r = 0; r < rows; r++) {
    const w = weights ? weights[r] : 1;
    total += w * value(r);
    weightSum += w;
  }
  return weightSum > 0 ? total / weightSum : 0;
}

export const squaredError: BoostingLoss = {
  groups: 1,
  link: 'identity',
  init: (y, weights) => Float64Array.of(weightedMean(y.length, (r) => y[r], weights)),
  prepare: () => {},
  gradients(scores, y, weights, _group, out) {
    let weight = 0;
    let sum = 0;
    for (let r = 0; r < y.length; r++) {
      const w = weights ? weights[r] : 1;
      const g = w * (y[r] - scores[r]);
      out.weight[r] = w;
      out.sums[r] = g;
      weight += w;
      sum += g;
    }
    return { weight, sum };
  },
  loss: (scores, y, weights) => weightedMean(y.length, (r) => (scores[r] - y[r]) ** 2, weights),
};

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

export function binaryLogLoss(): BoostingLoss {
  let p = new Float64Array(0);
  return {
    groups: 1,
    link: 'sigmoid',
    init(y, weights) {
      const prior = Math.min(1 - 1e-7, Math.max(1e-7, weightedMean(y.length, (r) => y[r], weights)));
      return Float64Array.of(Math.log(prior / (1 - prior)));
    },
    prepare(scores) {
      if (p.length !== scores.length) p = new Float64Array(scores.length);
      for (let r = 0; r < scores.length; r++) p[r] = sigmoid(scores[r]);
    },
    gradients(_scores, y, weights, _group, out) {
      let weight = 0;
      let sum = 0;
      for (let r = 0; r < y.length; r++) {
        const w = weights ? weights[r] : 1;
        const h = w * p[r] * (1 - p[r]);
        const g = w * (y[r] - p[r]);
        out.weight[r] = h;
        out.sums[r] = g;
        weight += h;
        sum += g;
      }
      return { weight, sum };
    },
    loss: (scores, y, weights) => weightedMean(y.length, (r) => softplus(scores[r]) - y[r] * scores[r], weights),
  };
}

export function multinomialLogLoss(classes: number): BoostingLoss {
  let p = new Float64Array(0);
  return {
    groups: classes,
    link: 'softmax',
    init(y, weights) {
      const priors = new Float64Array(classes);
      for (let k = 0; k < classes; k++) priors[k] = Math.log(Math.max(1e-7, weightedMean(y.length, (r) => (y[r] === k ? 1 : 0), weights)));
      return priors;
    },
    prepare(scores) {
      if (p.length !== scores.length) p = new Float64Array(scores.length);
      p.set(scores);
      for (let at = 0; at < p.length; at += classes) softmaxInPlace(p, at, classes);
    },
    gradients(_scores, y, weights, group, out) {
      let weight = 0;
      let sum = 0;
      for (let r = 0; r < y.length; r++) {
        const w = weights ? weights[r] : 1;
        const pk = p[r * classes + group];
        const h = w * pk * (1 - pk);
        const g = w * ((y[r] === group ? 1 : 0) - pk);
        out.weight[r] = h;
        out.sums[r] = g;
        weight += h;
        sum += g;
      }
      return { weight, sum };
    },
    loss(scores, y, weights) {
      return weightedMean(
        y.length,
        (r) => {
          let max = -Infinity;
          for (let k = 0; k < classes; k++) max = Math.max(max, scores[r * classes + k]);
          let total = 0;
          for (let k = 0; k < classes; k++) total += Math.exp(scores[r * classes + k] - max);
          return max + Math.log(total) - scores[r * classes + y[r]];
        },
        weights,
      );
    },
  };
}
