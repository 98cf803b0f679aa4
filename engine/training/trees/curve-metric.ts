import type { Task } from '../model-family';

/**
 * The learning curve's score beside its loss, per tree or boosting iteration: accuracy for classes, R²
 * for numbers, as scikit-learn's `score`. `value(r, k)` is row r's k-th output (a probability or a raw
 * score, whichever the caller holds); with one output for two classes, class 1 wins above `threshold`.
 * Rows `include` leaves out (e.g. a forest's rows no tree has left out of its sample yet) do not count.
 */
export function curveMetric(
  task: Task,
  y: Int32Array | Float64Array,
  outputs: number,
  threshold: number,
  value: (row: number, output: number) => number,
  include: (row: number) => boolean = () => true,
): number | undefined {
  return task === 'classification' ? accuracy(y, outputs, threshold, value, include) : r2(y, value, include);
}

function accuracy(y: Int32Array | Float64Array, outputs: number, threshold: number, value: (r: number, k: number) => number, include: (r: number) => boolean): number | undefined {
  let right = 0;
  let counted = 0;
  for (let r = 0; r < y.length; r++) {
    if (!include(r)) continue;
    counted++;
    let predicted = 0;
    if (outputs === 1) predicted = value(r, 0) > threshold ? 1 : 0;
    else for (let k = 1; k < outputs; k++) if (value(r, k) > value(r, predicted)) predicted = k;
    if (predicted === y[r]) right++;
  }
  return counted > 0 ? right / counted : undefined;
}

function r2(y: Int32Array | Float64Array, value: (r: number, k: number) => number, include: (r: number) => boolean): number | undefined {
  let counted = 0;
  let mean = 0;
  for (let r = 0; r < y.length; r++) if (include(r)) mean += (y[r] - mean) / ++counted;
  if (counted === 0) return undefined;
  let residual = 0;
  let total = 0;
  for (let r = 0; r < y.length; r++) {
    if (!include(r)) continue;
    residual += (y[r] - value(r, 0)) ** 2;
    total += (y[r] - mean) ** 2;
  }
  return total > 0 ? 1 - residual / total : undefined;
}
