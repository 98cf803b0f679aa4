import type { HistogramMemory } from './histogram-memory';

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

/**
 * Features per chunk of a node job (node-job.ts) a thread claims: two passes of four over the node's rows on one
 * core, the second reading them warm from its cache. Chunks of four (one pass each, on whichever core) made a
 * boosting fit 5–15 % slower; twelve left the two threads unevenly loaded.
 */
export const CHUNK_FEATURES = 8;

/** Where a single-output node's rows come from: every row straight from the target arrays (a boosting tree's root), or rows[start, end) gathered in `ordered`. */
export type SingleOutputRows = { allRows: boolean; rows: Uint32Array; start: number; end: number; ordered: Float64Array; weight: Float64Array; sums: Float64Array };

/**
 * Clears and fills features [from, to) of a single-output node's full histogram (slot = feature),
 * four at a time so each row's index and values are read once per four features. Every
 * feature's bins are summed in row order whichever thread runs it, so threaded histograms are the
 * unthreaded ones bit for bit. With `wasm` (every array a view of its memory), its kernels do the same sums,
 * in the same order, to the same bits.
 */
export function fillSingleOutputFeatures(hist: Float64Array, columns: Uint8Array[], from: number, to: number, src: SingleOutputRows, wasm?: HistogramMemory): void {
  if (wasm) {
    wasm.clear(hist, from * BIN_SLOTS * 3, to * BIN_SLOTS * 3);
    wasm.fill(hist, columns, from, to, src);
    return;
  }
  hist.fill(0, from * BIN_SLOTS * 3, to * BIN_SLOTS * 3);
  let f = from;
  for (; f + 4 <= to; f += 4) {
    if (src.allRows) accumulateAllRows4(hist, f, columns[f], columns[f + 1], columns[f + 2], columns[f + 3], src.weight, src.sums);
    else accumulateOrdered4(hist, f, columns[f], columns[f + 1], columns[f + 2], columns[f + 3], src.rows, src.start, src.end, src.ordered);
  }
  for (; f < to; f++) {
    if (src.allRows) accumulateAllRows(hist, f, columns[f], src.weight.length, src.weight, src.sums);
    else accumulateFeature(hist, f, columns[f], src.rows, src.start, src.end, src.ordered, 3);
  }
}

/** Four features' gathered rows into four consecutive single-output slots, reading each row's index and values once. */
export function accumulateOrdered4(hist: Float64Array, slot: number, c0: Uint8Array, c1: Uint8Array, c2: Uint8Array, c3: Uint8Array, rows: Uint32Array, start: number, end: number, ordered: Float64Array): void {
  const b0 = slot * BIN_SLOTS * 3;
  const b1 = b0 + BIN_SLOTS * 3;
  const b2 = b1 + BIN_SLOTS * 3;
  const b3 = b2 + BIN_SLOTS * 3;
  for (let i = start, o = 0; i < end; i++, o += 3) {
    const r = rows[i];
    const w = ordered[o];
    const s = ordered[o + 2];
    const h0 = b0 + c0[r] * 3;
    hist[h0] += w;
    hist[h0 + 1] += 1;
    hist[h0 + 2] += s;
    const h1 = b1 + c1[r] * 3;
    hist[h1] += w;
    hist[h1 + 1] += 1;
    hist[h1 + 2] += s;
    const h2 = b2 + c2[r] * 3;
    hist[h2] += w;
    hist[h2 + 1] += 1;
    hist[h2 + 2] += s;
    const h3 = b3 + c3[r] * 3;
    hist[h3] += w;
    hist[h3 + 1] += 1;
    hist[h3 + 2] += s;
  }
}

function accumulateAllRows4(hist: Float64Array, slot: number, c0: Uint8Array, c1: Uint8Array, c2: Uint8Array, c3: Uint8Array, weight: Float64Array, sums: Float64Array): void {
  const b0 = slot * BIN_SLOTS * 3;
  const b1 = b0 + BIN_SLOTS * 3;
  const b2 = b1 + BIN_SLOTS * 3;
  const b3 = b2 + BIN_SLOTS * 3;
  for (let r = 0; r < weight.length; r++) {
    const w = weight[r];
    const s = sums[r];
    const h0 = b0 + c0[r] * 3;
    hist[h0] += w;
    hist[h0 + 1] += 1;
    hist[h0 + 2] += s;
    const h1 = b1 + c1[r] * 3;
    hist[h1] += w;
    hist[h1 + 1] += 1;
    hist[h1 + 2] += s;
    const h2 = b2 + c2[r] * 3;
    hist[h2] += w;
    hist[h2 + 1] += 1;
    hist[h2 + 2] += s;
    const h3 = b3 + c3[r] * 3;
    hist[h3] += w;
    hist[h3 + 1] += 1;
    hist[h3 + 2] += s;
  }
}

/** A node holding every row with one output: straight from the row arrays, no gather, no row indices. */
function accumulateAllRows(hist: Float64Array, slot: number, column: Uint8Array, rows: number, weight: Float64Array, sums: Float64Array): void {
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
  /** `allocate` makes a new histogram (in the fit's HistogramMemory, or on shared memory when threads fill them). */
  constructor(
    private readonly size: number,
    private readonly allocate: (size: number) => Float64Array = (n) => new Float64Array(n),
  ) {}

  take(): Float64Array {
    return this.free.pop() ?? this.allocate(this.size);
  }

  give(hist: Float64Array): void {
    this.free.push(hist);
  }
}
