import { dot, dotColumns, sum } from './linear-kernels';

/**
 * Least squares with an intercept, the way scikit-learn's LinearRegression and Ridge fit one: centre
 * X and y on their (weighted) means, solve for the slopes, and recover the intercept from the means.
 * Without row weights the caller's columns are used as they are and centred on the fly (x − shift):
 * copying 75k × 50 doubles costs more than the subtractions. With weights the design is a centred,
 * √w-scaled copy (shift 0), so every later product is already weighted.
 */
export type CenteredDesign = {
  /** Column j's centred values are x[j][i] − shift[j]. */
  x: Float64Array[];
  shift: Float64Array;
  /** Centred (√w-scaled) target. */
  y: Float64Array;
  mean: Float64Array;
  yMean: number;
  /** Σ w (the row count when unweighted). */
  total: number;
};

export function centerDesign(columns: Float64Array[], rows: number, target: Float64Array, weights?: Float64Array): CenteredDesign {
  const total = weights ? sum(weights) : rows;
  const meanOf = (values: Float64Array) => (weights ? dot(values, weights) : sum(values)) / total;
  const mean = Float64Array.from(columns, meanOf);
  const yMean = meanOf(target);
  if (!weights) return { x: columns, shift: mean, y: mapRows(target, rows, (v) => v - yMean), mean, yMean, total };
  const root = mapRows(weights, rows, Math.sqrt);
  const scaled = (values: Float64Array, m: number) => mapRows(values, rows, (v, i) => (v - m) * root[i]);
  const x = columns.map((column, j) => scaled(column, mean[j]));
  return { x, shift: new Float64Array(columns.length), y: scaled(target, yMean), mean, yMean, total };
}

/** A plain loop: Float64Array.from(typed, fn) goes through the iterator protocol, ~50 ms for 75k rows here. */
function mapRows(values: Float64Array, rows: number, fn: (value: number, row: number) => number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = fn(values[i], i);
  return out;
}

/** XcᵀXc (p × p, row-major, both triangles) and Xcᵀyc of a centred design. */
export function normalEquations(design: CenteredDesign): { gram: Float64Array; xty: Float64Array } {
  const { x, shift, y } = design;
  const p = x.length;
  const gram = new Float64Array(p * p);
  for (let a = 0; a < p; a += 2) for (let b = a; b < p; b += 4) crossProductBlock(x, shift, a, b, gram);
  const xty = new Float64Array(p);
  dotColumns(x, y, xty);
  const ySum = sum(y);
  for (let j = 0; j < p; j++) xty[j] -= shift[j] * ySum;
  return { gram, xty };
}

/**
 * Gram entries of columns a, a+1 against b…b+3 in one pass over the rows: eight sums from six loads, the
 * register blocking that lets scalar code approach one multiply–add per cycle. Out-of-range columns
 * repeat the last one and their sums are dropped.
 */
function crossProductBlock(x: Float64Array[], shift: Float64Array, a: number, b: number, gram: Float64Array): void {
  const p = x.length;
  const at = (j: number) => Math.min(j, p - 1);
  const u0 = x[a], u1 = x[at(a + 1)], v0 = x[b], v1 = x[at(b + 1)], v2 = x[at(b + 2)], v3 = x[at(b + 3)];
  const m0 = shift[a], m1 = shift[at(a + 1)], n0 = shift[b], n1 = shift[at(b + 1)], n2 = shift[at(b + 2)], n3 = shift[at(b + 3)];
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  for (let i = 0; i < u0.length; i++) {
    const p0 = u0[i] - m0, p1 = u1[i] - m1;
    const q0 = v0[i] - n0, q1 = v1[i] - n1, q2 = v2[i] - n2, q3 = v3[i] - n3;
    s00 += p0 * q0; s01 += p0 * q1; s02 += p0 * q2; s03 += p0 * q3;
    s10 += p1 * q0; s11 += p1 * q1; s12 += p1 * q2; s13 += p1 * q3;
  }
  const sums = [s00, s01, s02, s03, s10, s11, s12, s13];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 4; c++) {
      const row = a + r, column = b + c;
      if (row < p && column < p && column >= row) gram[row * p + column] = gram[column * p + row] = sums[r * 4 + c];
    }
  }
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
