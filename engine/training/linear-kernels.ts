/**
 * The matrix–vector products linear models spend their time in, over column-major features. Columns go
 * four at a time so each pass over the row vector does four columns' work (a quarter of the memory traffic).
 */

/** out[i] += Σ_j coef[j] · columns[j][i]. */
export function addLinear(columns: Float64Array[], coef: Float64Array, out: Float64Array): void {
  const rows = out.length;
  const p = columns.length;
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const c0 = columns[j], c1 = columns[j + 1], c2 = columns[j + 2], c3 = columns[j + 3];
    const w0 = coef[j], w1 = coef[j + 1], w2 = coef[j + 2], w3 = coef[j + 3];
    for (let i = 0; i < rows; i++) out[i] += w0 * c0[i] + w1 * c1[i] + w2 * c2[i] + w3 * c3[i];
  }
  for (; j < p; j++) {
    const c = columns[j];
    const w = coef[j];
    for (let i = 0; i < rows; i++) out[i] += w * c[i];
  }
}

/** out[j] = Σ_i columns[j][i] · vector[i]. */
export function dotColumns(columns: Float64Array[], vector: Float64Array, out: Float64Array): void {
  const rows = vector.length;
  const p = columns.length;
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const c0 = columns[j], c1 = columns[j + 1], c2 = columns[j + 2], c3 = columns[j + 3];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < rows; i++) {
      const v = vector[i];
      s0 += c0[i] * v;
      s1 += c1[i] * v;
      s2 += c2[i] * v;
      s3 += c3[i] * v;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < p; j++) out[j] = dot(columns[j], vector);
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Weighted mean and standard deviation per column (population std, as scikit-learn's StandardScaler).
 * A constant column gets std 1 so dividing by it is harmless, and is flagged in `constant`.
 */
export function columnMoments(columns: Float64Array[], rows: number, weights?: Float64Array): { mean: Float64Array; std: Float64Array; constant: Uint8Array } {
  const mean = new Float64Array(columns.length);
  const std = new Float64Array(columns.length);
  const constant = new Uint8Array(columns.length);
  const total = weights ? sum(weights) : rows;
  columns.forEach((column, j) => {
    const m = (weights ? dot(column, weights) : sum(column)) / total;
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const d = column[i] - m;
      squares += (weights ? weights[i] : 1) * d * d;
    }
    const s = Math.sqrt(squares / total);
    mean[j] = m;
    constant[j] = s > 1e-12 * Math.max(1, Math.abs(m)) ? 0 : 1;
    std[j] = constant[j] ? 1 : s;
  });
  return { mean, std, constant };
}

export function sum(a: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i];
  return total;
}
