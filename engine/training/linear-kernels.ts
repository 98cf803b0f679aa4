/**
 * Products over the caller's column-major features (one Float64Array per column), for prediction where
 * copying the features into a DesignMatrix would cost more than the product itself. Columns go four at
 * a time so each pass over the row vector does four columns' work (a quarter of the memory traffic).
 */

/**
 * out[i] += Σ_j coef[j] · columns[j][i], four columns at a time summed as ((c0 + c1) + c2) + c3 with the
 * last one to three columns as one shorter group: the order of the wasm kernel behind linearScores
 * (predict-kernels.ts), so both give the same bits.
 */
export function addLinear(columns: Float64Array[], coef: Float64Array, out: Float64Array): void {
  const rows = out.length;
  const p = columns.length;
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const c0 = columns[j], c1 = columns[j + 1], c2 = columns[j + 2], c3 = columns[j + 3];
    const w0 = coef[j], w1 = coef[j + 1], w2 = coef[j + 2], w3 = coef[j + 3];
    for (let i = 0; i < rows; i++) out[i] += w0 * c0[i] + w1 * c1[i] + w2 * c2[i] + w3 * c3[i];
  }
  const rest = p - j;
  if (rest === 0) return;
  const c0 = columns[j], c1 = columns[Math.min(j + 1, p - 1)], c2 = columns[p - 1];
  const w0 = coef[j], w1 = coef[j + 1], w2 = coef[j + 2];
  if (rest === 1) for (let i = 0; i < rows; i++) out[i] += w0 * c0[i];
  else if (rest === 2) for (let i = 0; i < rows; i++) out[i] += w0 * c0[i] + w1 * c1[i];
  else for (let i = 0; i < rows; i++) out[i] += w0 * c0[i] + w1 * c1[i] + w2 * c2[i];
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function sum(a: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i];
  return total;
}
