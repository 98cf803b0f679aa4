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
/** What a loss is, so a histogram thread can make its own (createLoss). */
export type LossSpec = { kind: 'squared_error' } | { kind: 'binary' } | { kind: 'multinomial'; classes: number };

export interface BoostingLoss {
  spec: LossSpec;
  groups: number;
  link: 'identity' | 'sigmoid' | 'softmax';
  /** A row's gradients read only its own scores (no `prepare`), so any thread with its own copy of the loss can compute any rows. */
  rowwise: boolean;
  init(y: Int32Array | Float64Array, weights: Float64Array | undefined): Float64Array;
  prepare(scores: Float64Array): void;
  /**
   * Fills rows [from, to) of the target of group `group`'s tree: weight = hessian, sums = −gradient (both times the
   * row weight). Returns their totals, added in row order.
   */
  gradients(scores: Float64Array, y: Int32Array | Float64Array, weights: Float64Array | undefined, group: number, out: GradientTarget, from: number, to: number): TargetTotals;
  loss(scores: Float64Array, y: Int32Array | Float64Array, weights: Float64Array | undefined): number;
}

export function createLoss(spec: LossSpec): BoostingLoss {
  if (spec.kind === 'squared_error') return squaredError;
  return spec.kind === 'binary' ? binaryLogLoss() : multinomialLogLoss(spec.classes);
}

/**
 * Gradients come in blocks of rows, each block's totals added in row order and the blocks' in block order: the
 * root's totals, the same whichever threads computed which blocks. A block is 8,192 rows, or more past
 * MAX_GRADIENT_BLOCKS blocks (the most a histogram thread's claim counter holds).
 */
const GRADIENT_BLOCK_ROWS = 8192;
export const MAX_GRADIENT_BLOCKS = 4095;
const blockRows = (rows: number) => Math.max(GRADIENT_BLOCK_ROWS, Math.ceil(rows / MAX_GRADIENT_BLOCKS));
export const gradientBlocks = (rows: number) => Math.ceil(rows / blockRows(rows));

/** Block `block`'s gradients, their totals into blockTotals[2·block], [2·block + 1]. */
export function gradientBlock(loss: BoostingLoss, scores: Float64Array, y: Int32Array | Float64Array, weights: Float64Array | undefined, group: number, out: GradientTarget, block: number, blockTotals: Float64Array): void {
  const size = blockRows(y.length);
  const from = block * size;
  const totals = loss.gradients(scores, y, weights, group, out, from, Math.min(y.length, from + size));
  blockTotals[2 * block] = totals.weight;
  blockTotals[2 * block + 1] = totals.sum;
}

/** Every block's gradients on this thread: what HistogramThreads.gradients computes with helpers, to the same bits. */
export function gradientsByBlocks(loss: BoostingLoss, scores: Float64Array, y: Int32Array | Float64Array, weights: Float64Array | undefined, group: number, out: GradientTarget, blockTotals: Float64Array): TargetTotals {
  const blocks = gradientBlocks(y.length);
  for (let b = 0; b < blocks; b++) gradientBlock(loss, scores, y, weights, group, out, b, blockTotals);
  return addBlockTotals(blockTotals, blocks);
}

export function addBlockTotals(blockTotals: Float64Array, blocks: number): TargetTotals {
  let weight = 0;
  let sum = 0;
  for (let b = 0; b < blocks; b++) {
    weight += blockTotals[2 * b];
    sum += blockTotals[2 * b + 1];
  }
  return { weight, sum };
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
  spec: { kind: 'squared_error' },
  groups: 1,
  link: 'identity',
  rowwise: true,
  init: (y, weights) => Float64Array.of(weightedMean(y.length, (r) => y[r], weights)),
  prepare: () => {},
  gradients(scores, y, weights, _group, out, from, to) {
    let weight = 0;
    let sum = 0;
    for (let r = from; r < to; r++) {
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
  return {
    spec: { kind: 'binary' },
    groups: 1,
    link: 'sigmoid',
    rowwise: true,
    init(y, weights) {
      const prior = Math.min(1 - 1e-7, Math.max(1e-7, weightedMean(y.length, (r) => y[r], weights)));
      return Float64Array.of(Math.log(prior / (1 - prior)));
    },
    prepare: () => {},
    gradients(scores, y, weights, _group, out, from, to) {
      let weight = 0;
      let sum = 0;
      for (let r = from; r < to; r++) {
        const w = weights ? weights[r] : 1;
        const p = sigmoid(scores[r]);
        const h = w * p * (1 - p);
        const g = w * (y[r] - p);
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
    spec: { kind: 'multinomial', classes },
    groups: classes,
    link: 'softmax',
    rowwise: false,
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
    gradients(_scores, y, weights, group, out, from, to) {
      let weight = 0;
      let sum = 0;
      for (let r = from; r < to; r++) {
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
