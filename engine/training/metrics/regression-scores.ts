import { createRandom } from '../../kernels/random';

export type RegressionScores = {
  rows: number;
  r2: number;
  rmse: number;
  mae: number;
  /** Mean absolute percentage error over the rows whose target is not 0 (a fraction, not ×100). */
  mape: number;
  /** Rows MAPE left out because their target is 0. */
  mapeSkipped: number;
};

/** R² alone, for permutation importance's repeated scoring. NaN truth (missing) rows are skipped. */
export function r2Of(truth: Float64Array, predicted: ArrayLike<number>): number {
  return scoreRegression(truth, predicted).r2;
}

/**
 * Regression scores as scikit-learn's r2_score, root_mean_squared_error and mean_absolute_error; MAPE
 * skips zero targets instead of dividing by machine epsilon, and says how many it skipped. R² of a
 * constant truth is 1 when predicted exactly, else 0 (scikit-learn's force_finite).
 */
export function scoreRegression(truth: Float64Array, predicted: ArrayLike<number>): RegressionScores {
  let rows = 0;
  let mean = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] !== truth[i]) continue;
    rows++;
    mean += (truth[i]! - mean) / rows;
  }
  let ssRes = 0;
  let ssTot = 0;
  let absolute = 0;
  let percent = 0;
  let mapeRows = 0;
  for (let i = 0; i < truth.length; i++) {
    const y = truth[i]!;
    if (y !== y) continue;
    const error = y - predicted[i]!;
    ssRes += error * error;
    ssTot += (y - mean) * (y - mean);
    absolute += Math.abs(error);
    if (y !== 0) {
      percent += Math.abs(error / y);
      mapeRows++;
    }
  }
  const r2 = ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
  return {
    rows,
    r2: rows ? r2 : NaN,
    rmse: rows ? Math.sqrt(ssRes / rows) : NaN,
    mae: rows ? absolute / rows : NaN,
    mape: mapeRows ? percent / mapeRows : NaN,
    mapeSkipped: rows - mapeRows,
  };
}

/** Up to `max` row indices with a known truth (not NaN, not a −1 class index), chosen by a seeded shuffle, in row order. */
export function sampleRowIndices(truth: Int32Array | Float64Array, max: number, seed: number): Int32Array {
  const missing = truth instanceof Int32Array ? (v: number) => v < 0 : (v: number) => v !== v;
  const known = new Int32Array(truth.length);
  let count = 0;
  for (let i = 0; i < truth.length; i++) if (!missing(truth[i]!)) known[count++] = i;
  if (count <= max) return known.slice(0, count);
  const random = createRandom(seed);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (count - i));
    const t = known[i]!;
    known[i] = known[j]!;
    known[j] = t;
  }
  return known.slice(0, max).sort();
}

/** Actual against predicted, and residual (actual − predicted) against predicted, for the same sampled rows. */
export function regressionPlots(truth: Float64Array, predicted: ArrayLike<number>, max: number, seed: number) {
  const rows = sampleRowIndices(truth, max, seed);
  const actual = Array.from(rows, (i) => truth[i]!);
  const fitted = Array.from(rows, (i) => predicted[i]!);
  return {
    scatter: { x: actual, y: fitted },
    residuals: { x: fitted, y: actual.map((a, i) => a - fitted[i]!) },
  };
}
