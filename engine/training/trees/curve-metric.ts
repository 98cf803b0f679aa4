import type { Task } from '../model-family';

/**
 * The learning curve's score beside its loss, per tree or boosting iteration: accuracy for classes, R²
 * for numbers, as scikit-learn's `score`. `values` is rows × outputs row-major (raw scores or sums of
 * probabilities); each row's prediction is its values divided by `divisor` (a number, or one per row,
 * where 0 leaves the row out, e.g. a forest's rows no tree has held out of its sample yet). With one
 * output for two classes, class 1 wins above `threshold`. Plain loops over typed arrays: it runs once
 * per boosting iteration, and a callback per row cost a tenth of the fit.
 */
export function curveMetric(task: Task, y: Int32Array | Float64Array, values: Float64Array, outputs: number, threshold: number, divisor: number | Uint32Array = 1): number | undefined {
  return task === 'classification' ? accuracy(y, values, outputs, threshold, divisor) : r2(y, values, divisor);
}

const divisorAt = (divisor: number | Uint32Array, r: number) => (typeof divisor === 'number' ? divisor : divisor[r]);

function accuracy(y: Int32Array | Float64Array, values: Float64Array, outputs: number, threshold: number, divisor: number | Uint32Array): number | undefined {
  let right = 0;
  let counted = 0;
  for (let r = 0; r < y.length; r++) {
    const d = divisorAt(divisor, r);
    if (d <= 0) continue;
    counted++;
    let predicted = 0;
    if (outputs === 1) predicted = values[r] > threshold * d ? 1 : 0;
    else for (let k = 1, at = r * outputs; k < outputs; k++) if (values[at + k] > values[at + predicted]) predicted = k;
    if (predicted === y[r]) right++;
  }
  return counted > 0 ? right / counted : undefined;
}

function r2(y: Int32Array | Float64Array, values: Float64Array, divisor: number | Uint32Array): number | undefined {
  let counted = 0;
  let mean = 0;
  for (let r = 0; r < y.length; r++) if (divisorAt(divisor, r) > 0) mean += (y[r] - mean) / ++counted;
  if (counted === 0) return undefined;
  let residual = 0;
  let total = 0;
  for (let r = 0; r < y.length; r++) {
    const d = divisorAt(divisor, r);
    if (d <= 0) continue;
    residual += (y[r] - values[r] / d) ** 2;
    total += (y[r] - mean) ** 2;
  }
  return total > 0 ? 1 - residual / total : undefined;
}
