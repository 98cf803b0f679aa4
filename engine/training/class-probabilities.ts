import { exp, sigmoid } from './fast-exp';
import { sigmoidPairs } from './predict-kernels';

/** Two-class probabilities, [1 − p, p] per row, from each row's positive-class score: p is the score itself, or its sigmoid. */
export function binaryProbabilities(scores: Float64Array, rows: number, link: 'sigmoid' | 'identity'): Float64Array {
  const out = new Float64Array(rows * 2);
  if (link === 'sigmoid' && sigmoidPairs(scores, rows, out)) return out;
  for (let r = 0; r < rows; r++) {
    const p = link === 'sigmoid' ? sigmoid(scores[r]) : scores[r];
    out[2 * r] = 1 - p;
    out[2 * r + 1] = p;
  }
  return out;
}

/** Softmax of values[at, at + k), in place (shifted by their maximum, so no exp overflows). */
export function softmaxInPlace(values: Float64Array, at: number, k: number): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, values[at + j]);
  let total = 0;
  for (let j = 0; j < k; j++) total += values[at + j] = exp(values[at + j] - max);
  for (let j = 0; j < k; j++) values[at + j] /= total;
}
