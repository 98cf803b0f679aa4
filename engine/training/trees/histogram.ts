/**
 * Per-bin sums for split finding. A node's histogram holds, for every feature and bin, `stride`
 * numbers: the weight (hessian or sample weight), the row count, then one target sum per output.
 * Rows are first gathered into a contiguous "ordered" block (LightGBM's ordered gradients), so the
 * hot loop reads only the feature's bin byte at random.
 */
export const BIN_SLOTS = 256;

/** Copies each node row's [weight, 1, sums…] next to each other, in the node's row order. */
export function gatherOrdered(rows: Uint32Array, start: number, end: number, weight: Float64Array, sums: Float64Array, outputs: number, out: Float64Array): void {
  const stride = outputs + 2;
  for (let i = start, o = 0; i < end; i++, o += stride) {
    const r = rows[i];
    out[o] = weight[r];
    out[o + 1] = 1;
    for (let k = 0; k < outputs; k++) out[o + 2 + k] = sums[r * outputs + k];
  }
}

/** Adds the gathered rows into `hist` at one feature slot (the histogram's hot loop). */
export function accumulateFeature(hist: Float64Array, slot: number, column: Uint8Array, rows: Uint32Array, start: number, end: number, ordered: Float64Array, stride: number): void {
  const base = slot * BIN_SLOTS * stride;
  if (stride === 3) {
    // Single output (binary classification, regression, each boosting tree): the common case, unrolled.
    for (let i = start, o = 0; i < end; i++, o += 3) {
      const h = base + column[rows[i]] * 3;
      hist[h] += ordered[o];
      hist[h + 1] += 1;
      hist[h + 2] += ordered[o + 2];
    }
    return;
  }
  for (let i = start, o = 0; i < end; i++, o += stride) {
    const h = base + column[rows[i]] * stride;
    for (let j = 0; j < stride; j++) hist[h + j] += ordered[o + j];
  }
}

/** A node holding every row with one output (a boosting tree's root): straight from the row arrays, no gather, no row indices. */
export function accumulateAllRows(hist: Float64Array, slot: number, column: Uint8Array, rows: number, weight: Float64Array, sums: Float64Array): void {
  const base = slot * BIN_SLOTS * 3;
  for (let r = 0; r < rows; r++) {
    const h = base + column[r] * 3;
    hist[h] += weight[r];
    hist[h + 1] += 1;
    hist[h + 2] += sums[r];
  }
}

/** Takes the gathered rows back out of `hist` at one feature slot. */
export function removeFeatureRows(hist: Float64Array, slot: number, column: Uint8Array, rows: Uint32Array, start: number, end: number, ordered: Float64Array, stride: number): void {
  const base = slot * BIN_SLOTS * stride;
  for (let i = start, o = 0; i < end; i++, o += stride) {
    const h = base + column[rows[i]] * stride;
    for (let j = 0; j < stride; j++) hist[h + j] -= ordered[o + j];
  }
}

export function clearFeature(hist: Float64Array, slot: number, stride: number): void {
  hist.fill(0, slot * BIN_SLOTS * stride, (slot + 1) * BIN_SLOTS * stride);
}

/** parent -= child over every slot: the sibling's histogram without touching its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}

/** Reuses full-size histograms across nodes and trees; a deep tree keeps only about its depth alive. */
export class HistogramPool {
  private free: Float64Array[] = [];
  constructor(private readonly size: number) {}

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }

  give(hist: Float64Array): void {
    this.free.push(hist);
  }
}
