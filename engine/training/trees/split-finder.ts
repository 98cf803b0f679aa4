import { BIN_SLOTS } from './histogram';

/**
 * The best threshold of one feature, from a node's bin sums. Gain is the drop in squared error of a
 * leaf that predicts S/(W+λ): Σₖ S_Lₖ²/(W_L+λ) + S_Rₖ²/(W_R+λ) − Sₖ²/(W+λ). With S = −gradient and
 * W = hessian this is XGBoost's gain; with S = one-hot class weights it is the Gini decrease (times
 * the node weight); with S = y it is the variance decrease.
 */
export type NodeTotals = { weight: number; count: number; sums: Float64Array };
export type SplitLimits = { minSamplesLeaf: number; minWeightLeaf: number; l2: number; minGain: number };

export class SplitCandidate {
  feature = -1;
  bin = -1;
  gain: number;
  leftWeight = 0;
  leftCount = 0;
  readonly leftSums: Float64Array;
  constructor(outputs: number, minGain: number) {
    this.leftSums = new Float64Array(outputs);
    this.gain = minGain;
  }
}

export function leafScore(sums: Float64Array, weight: number, l2: number): number {
  const denominator = weight + l2;
  if (denominator <= 0) return 0;
  let score = 0;
  for (let k = 0; k < sums.length; k++) score += sums[k] * sums[k];
  return score / denominator;
}

/**
 * Scans the bins of one feature in ascending order: all `binCount` of them, or with `order`, the
 * `binCount` bins it lists (a small node's non-empty ones); the first best bin wins ties, so both
 * callers pick the same split.
 */
export function scanFeature(
  hist: Float64Array,
  slot: number,
  feature: number,
  binCount: number,
  order: Uint8Array | undefined,
  totals: NodeTotals,
  limits: SplitLimits,
  best: SplitCandidate,
  left: Float64Array,
  right: Float64Array,
): void {
  const outputs = totals.sums.length;
  if (outputs === 1) return scanSingleOutput(hist, slot, feature, binCount, order, totals, limits, best);
  const stride = outputs + 2;
  const base = slot * BIN_SLOTS * stride;
  const parentScore = leafScore(totals.sums, totals.weight, limits.l2);
  left.fill(0);
  let leftWeight = 0;
  let leftCount = 0;
  const steps = binCount - 1;
  for (let j = 0; j < steps; j++) {
    const bin = order ? order[j] : j;
    const h = base + bin * stride;
    leftWeight += hist[h];
    leftCount += hist[h + 1];
    for (let k = 0; k < outputs; k++) left[k] += hist[h + 2 + k];
    if (leftCount < limits.minSamplesLeaf || leftWeight < limits.minWeightLeaf) continue;
    const rightWeight = totals.weight - leftWeight;
    if (totals.count - leftCount < limits.minSamplesLeaf || rightWeight < limits.minWeightLeaf) break;
    for (let k = 0; k < outputs; k++) right[k] = totals.sums[k] - left[k];
    const gain = leafScore(left, leftWeight, limits.l2) + leafScore(right, rightWeight, limits.l2) - parentScore;
    if (gain > best.gain) {
      best.gain = gain;
      best.feature = feature;
      best.bin = bin;
      best.leftWeight = leftWeight;
      best.leftCount = leftCount;
      best.leftSums.set(left);
    }
  }
}

/** leafScore of one output's sum. */
export const singleLeafScore = (sum: number, weight: number, l2: number) => (weight + l2 > 0 ? (sum * sum) / (weight + l2) : 0);

/**
 * scanFeature for one output (boosting, binary classes, regression), with the sums in scalars.
 * HistogramMemory.scanFeature runs the same scan in WebAssembly over full histograms in its memory.
 */
export function scanSingleOutput(hist: Float64Array, slot: number, feature: number, binCount: number, order: Uint8Array | undefined, totals: NodeTotals, limits: SplitLimits, best: SplitCandidate): void {
  const base = slot * BIN_SLOTS * 3;
  const { l2, minSamplesLeaf, minWeightLeaf } = limits;
  const sum = totals.sums[0];
  const parentScore = singleLeafScore(sum, totals.weight, l2);
  let leftWeight = 0;
  let leftCount = 0;
  let leftSum = 0;
  const steps = binCount - 1;
  for (let j = 0; j < steps; j++) {
    const h = base + (order ? order[j] : j) * 3;
    leftWeight += hist[h];
    leftCount += hist[h + 1];
    leftSum += hist[h + 2];
    if (leftCount < minSamplesLeaf || leftWeight < minWeightLeaf) continue;
    const rightWeight = totals.weight - leftWeight;
    if (totals.count - leftCount < minSamplesLeaf || rightWeight < minWeightLeaf) break;
    const rightSum = sum - leftSum;
    const leftScore = leftWeight + l2 > 0 ? (leftSum * leftSum) / (leftWeight + l2) : 0;
    const rightScore = rightWeight + l2 > 0 ? (rightSum * rightSum) / (rightWeight + l2) : 0;
    const gain = leftScore + rightScore - parentScore;
    if (gain > best.gain) {
      best.gain = gain;
      best.feature = feature;
      best.bin = order ? order[j] : j;
      best.leftWeight = leftWeight;
      best.leftCount = leftCount;
      best.leftSums[0] = leftSum;
    }
  }
}

/**
 * Bin sums of a small node for one feature without a full histogram: only the bins its rows fall in
 * are touched. Returns how many; `touched` then lists them in ascending order, read off the bitmap
 * `seen` (eight words, all zero on entry and again on return) rather than sorted. The caller clears
 * them (clearTouched) once scanned.
 */
export function accumulateTouched(
  hist: Float64Array,
  column: Uint8Array,
  rows: Uint32Array,
  start: number,
  end: number,
  ordered: Float64Array,
  stride: number,
  touched: Uint8Array,
  seen: Uint32Array,
): number {
  if (stride === 3) {
    for (let i = start, o = 0; i < end; i++, o += 3) {
      const bin = column[rows[i]];
      const h = bin * 3;
      seen[bin >>> 5] |= 1 << (bin & 31);
      hist[h] += ordered[o];
      hist[h + 1] += 1;
      hist[h + 2] += ordered[o + 2];
    }
  } else {
    for (let i = start, o = 0; i < end; i++, o += stride) {
      const bin = column[rows[i]];
      const h = bin * stride;
      seen[bin >>> 5] |= 1 << (bin & 31);
      for (let j = 0; j < stride; j++) hist[h + j] += ordered[o + j];
    }
  }
  let m = 0;
  for (let w = 0; w < 8; w++) {
    let bits = seen[w];
    seen[w] = 0;
    while (bits !== 0) {
      const lowest = bits & -bits;
      touched[m++] = (w << 5) | (31 - Math.clz32(lowest));
      bits ^= lowest;
    }
  }
  return m;
}

/** Zeroes the first `count` bins listed in `touched`. */
export function clearTouched(hist: Float64Array, touched: Uint8Array, count: number, stride: number): void {
  for (let j = 0; j < count; j++) {
    const h = touched[j] * stride;
    for (let k = 0; k < stride; k++) hist[h + k] = 0;
  }
}
