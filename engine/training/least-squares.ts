import { DesignMatrix } from './design-matrix';
import { dot, sum } from './linear-kernels';

/**
 * Least squares with an intercept, the way scikit-learn's LinearRegression and Ridge fit one: centre
 * X and y on their (weighted) means, solve for the slopes, and recover the intercept from the means.
 * The centred design is a copy in a DesignMatrix (its SIMD kernels do the products); with row weights
 * it is also √w-scaled, so every later product is already weighted.
 */
export type CenteredDesign = {
  x: DesignMatrix;
  /** Centred (√w-scaled) target, a vector of `x`. */
  y: Float64Array;
  mean: Float64Array;
  yMean: number;
  /** Σ w (the row count when unweighted). */
  total: number;
};

/** Work vectors a centred design carries: the target, and one the lasso keeps its residuals in. */
const VECTORS = 2;

export function centerDesign(columns: Float64Array[], rows: number, target: Float64Array, weights?: Float64Array): CenteredDesign {
  const x = new DesignMatrix(rows, columns.length, VECTORS);
  const y = x.vector(0);
  if (!weights) {
    const mean = Float64Array.from(columns, (column, j) => x.setCentredColumn(j, column));
    y.set(target.subarray(0, rows));
    const yMean = x.sum(y) / rows;
    x.affine(y, -yMean, 1);
    return { x, y, mean, yMean, total: rows };
  }
  const total = sum(weights);
  const root = new Float64Array(rows);
  for (let i = 0; i < rows; i++) root[i] = Math.sqrt(weights[i]);
  const scaled = (values: Float64Array, into: Float64Array) => {
    const m = dot(values, weights) / total;
    for (let i = 0; i < rows; i++) into[i] = (values[i] - m) * root[i];
    return m;
  };
  const mean = Float64Array.from(columns, (column, j) => scaled(column, x.column(j)));
  const yMean = scaled(target, y);
  return { x, y, mean, yMean, total };
}

/** XcᵀXc (p × p, row-major, both triangles; on every core for a large design) and Xcᵀyc of a centred design. */
export async function normalEquations(design: CenteredDesign): Promise<{ gram: Float64Array; xty: Float64Array }> {
  const gram = await design.x.gramInThreads();
  const xty = new Float64Array(design.x.features);
  design.x.dotColumns(design.y, xty);
  return { gram, xty };
}

/** A pivot this small relative to its diagonal entry means the column is (numerically) a combination of earlier ones. */
const SINGULAR_PIVOT = 1e-10;
/** The ridge added to a singular XᵀX, relative to its mean diagonal: small enough not to move a well-posed fit. */
const FALLBACK_RIDGE = 1e-8;

/**
 * Solves (XᵀX + ridge·I) w = Xᵀy by Cholesky. A singular XᵀX (collinear columns such as every one-hot
 * column of a category, or a constant column) gets a tiny ridge instead, which picks the smallest-norm
 * solution among the equally good ones, and a note saying so; never NaN weights.
 */
export function solveNormalEquations(gram: Float64Array, xty: Float64Array, ridge: number): { weights: Float64Array; note?: string } {
  const p = xty.length;
  const direct = choleskySolve(gram, xty, ridge);
  if (direct) return { weights: direct };
  let meanDiagonal = 0;
  for (let j = 0; j < p; j++) meanDiagonal += gram[j * p + j] / p;
  let extra = FALLBACK_RIDGE * (meanDiagonal > 0 ? meanDiagonal : 1);
  for (let attempt = 0; attempt < 8; attempt++, extra *= 100) {
    const weights = choleskySolve(gram, xty, ridge + extra);
    if (weights) {
      const note = `XᵀX is singular (collinear or constant feature columns, e.g. every one-hot column of one category): solved with a tiny ridge of ${extra.toPrecision(2)} added, which picks the smallest weights among equally good fits.`;
      return { weights, note };
    }
  }
  return { weights: new Float64Array(p), note: 'XᵀX could not be factorised even with a ridge added; every weight is 0 and the model predicts the mean.' };
}

/** Lower-triangular Cholesky of (A + ridge·I), then forward and back substitution; undefined when A is singular. */
function choleskySolve(a: Float64Array, b: Float64Array, ridge: number): Float64Array | undefined {
  const p = b.length;
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const diagonal = a[j * p + j] + ridge;
    let pivot = diagonal;
    for (let k = 0; k < j; k++) pivot -= l[j * p + k] * l[j * p + k];
    if (!(pivot > SINGULAR_PIVOT * diagonal) || !(pivot > 0)) return undefined;
    const root = Math.sqrt(pivot);
    l[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let value = a[i * p + j];
      for (let k = 0; k < j; k++) value -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = value / root;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let value = b[i];
    for (let k = 0; k < i; k++) value -= l[i * p + k] * z[k];
    z[i] = value / l[i * p + i];
  }
  const w = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let value = z[i];
    for (let k = i + 1; k < p; k++) value -= l[k * p + i] * w[k];
    w[i] = value / l[i * p + i];
  }
  return w;
}
