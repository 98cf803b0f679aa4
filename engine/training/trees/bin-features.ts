import { createRandom } from '../../kernels/random';
import { orderStatistics } from './order-statistics';

/**
 * Features binned once per fit, as LightGBM and scikit-learn's HistGradientBoosting do: every split
 * search then sums gradients into at most 255 buckets per feature instead of sorting raw values.
 * Bin b of feature f holds the values v with edges[f][b - 1] < v <= edges[f][b]; the last bin is open
 * above. A split "bin <= b goes left" is therefore the raw test "v <= edges[f][b]", which is what the
 * fitted trees store, so predictions run on raw values.
 */
export type BinnedFeatures = {
  rows: number;
  /** features × rows bytes, feature-major; where the caller allocated it (shared memory, so threads read it in place). */
  data: Uint8Array;
  /** One view of `data` per feature. */
  columns: Uint8Array[];
  /** Upper edges of every bin but the last, ascending. */
  edges: Float64Array[];
};

export const MAX_BINS = 255;
/** Edges a bin search covers: MAX_BINS − 1 edges, padded to a power of two. */
const BIN_SEARCH_SIZE = 256;
/** Edges come from at most this many rows, as scikit-learn's subsample of 2e5. */
const EDGE_SAMPLE_ROWS = 200_000;

/** Bytes for the binned data: a plain array unless the fit needs it elsewhere (shared with threads, or in a HistogramMemory). */
export type ByteAllocator = (bytes: number) => Uint8Array;
const ownBytes: ByteAllocator = (bytes) => new Uint8Array(bytes);

export function binFeatures(columns: Float64Array[], rows: number, opts: { maxBins: number; seed: number; allocate?: ByteAllocator }): BinnedFeatures {
  if (opts.maxBins < 2 || opts.maxBins > MAX_BINS) throw new RangeError(`maxBins must be in [2, ${MAX_BINS}], got ${opts.maxBins}.`);
  const sample = rows > EDGE_SAMPLE_ROWS ? sampleRows(rows, EDGE_SAMPLE_ROWS, opts.seed) : undefined;
  const edges = columns.map((values) => binEdges(values, rows, sample, opts.maxBins));
  return applyBins(columns, rows, edges, opts.allocate);
}

/** Each feature's number of bins: its edges and the open bin above the last. */
export const binCounts = (binned: Pick<BinnedFeatures, 'edges'>) => Int32Array.from(binned.edges, (edges) => edges.length + 1);

/** Bins other rows (validation rows) with edges learned on the training rows. */
export function applyBins(columns: Float64Array[], rows: number, edges: Float64Array[], allocate = ownBytes): BinnedFeatures {
  const data = allocate(columns.length * rows);
  const views = columns.map((values, f) => {
    const view = data.subarray(f * rows, (f + 1) * rows);
    binColumn(values, rows, edges[f], view);
    return view;
  });
  return { rows, data, columns: views, edges };
}

/**
 * Each value's bin: the index of the first edge ≥ value. A grid of equal cells between the lowest and the
 * highest edge says which edges lie below each cell (the cell of a value never decreases as the value grows,
 * so every edge in an earlier cell is below it and every edge in a later one above it); the few edges in the
 * value's own cell are compared one by one. Where edges bunch up (more than a few in one cell), a binary search.
 */
function binColumn(values: Float64Array, rows: number, edges: Float64Array, out: Uint8Array): void {
  const grid = edgeGrid(edges);
  if (!grid) return searchBins(values, rows, edges, out);
  const { below, lo, scale } = grid;
  const count = edges.length;
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    let b = below[cellOf(v, lo, scale)];
    while (b < count && edges[b] < v) b++;
    out[i] = b;
  }
}

/** A value's grid cell, for values and edges alike: the grid is right only if both are placed the same way. */
const cellOf = (v: number, lo: number, scale: number) => {
  const x = (v - lo) * scale;
  return x <= 0 ? 0 : x >= GRID_CELLS - 1 ? GRID_CELLS - 1 : x | 0;
};

const GRID_CELLS = 2048;
const MAX_EDGES_PER_CELL = 4;

/** `below[c]`: how many edges fall in cells before c (the cell computed as binColumn computes a value's). */
export function edgeGrid(edges: Float64Array): { below: Uint8Array; lo: number; scale: number } | undefined {
  if (edges.length < 2) return undefined;
  const lo = edges[0];
  const scale = GRID_CELLS / (edges[edges.length - 1] - lo);
  if (!(scale > 0 && scale < Infinity)) return undefined;
  const inCell = new Uint16Array(GRID_CELLS);
  for (const edge of edges) if (++inCell[cellOf(edge, lo, scale)] > MAX_EDGES_PER_CELL) return undefined;
  const below = new Uint8Array(GRID_CELLS);
  for (let c = 1; c < GRID_CELLS; c++) below[c] = below[c - 1] + inCell[c - 1];
  return { below, lo, scale };
}

/**
 * binColumn by a binary search of fixed depth over the edges padded with +Infinity to 256, each step a
 * select rather than a branch (values are finite, so the padding is never below one).
 */
function searchBins(values: Float64Array, rows: number, edges: Float64Array, out: Uint8Array): void {
  const padded = new Float64Array(BIN_SEARCH_SIZE).fill(Infinity);
  padded.set(edges);
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    let lo = padded[127] < v ? 128 : 0;
    lo = padded[lo + 63] < v ? lo + 64 : lo;
    lo = padded[lo + 31] < v ? lo + 32 : lo;
    lo = padded[lo + 15] < v ? lo + 16 : lo;
    lo = padded[lo + 7] < v ? lo + 8 : lo;
    lo = padded[lo + 3] < v ? lo + 4 : lo;
    lo = padded[lo + 1] < v ? lo + 2 : lo;
    out[i] = padded[lo] < v ? lo + 1 : lo;
  }
}

/**
 * Few distinct values: one bin each, edges at the midpoints between them. Otherwise quantile edges
 * (midpoints of the neighbouring order statistics), duplicates dropped so every bin can hold rows.
 */
function binEdges(values: Float64Array, rows: number, sample: Uint32Array | undefined, maxBins: number): Float64Array {
  const picked = sample ? Float64Array.from(sample, (r) => values[r]) : values.subarray(0, rows);
  const distinct = fewDistinct(picked, maxBins);
  if (distinct) return Float64Array.from(distinct.subarray(1), (v, i) => midpoint(distinct[i], v));
  const n = picked.length;
  // Each edge's two neighbouring order statistics, then the largest value.
  const ranks: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const lo = Math.floor((b / maxBins) * (n - 1));
    ranks.push(lo, Math.min(lo + 1, n - 1));
  }
  ranks.push(n - 1);
  const at = orderStatistics(picked, ranks) ?? sortedAt(picked, ranks);
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const edge = midpoint(at[2 * b - 2], at[2 * b - 1]);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  // The top edge must leave the largest value in the last bin.
  while (edges.length > 0 && edges[edges.length - 1] >= at[at.length - 1]) edges.pop();
  return Float64Array.from(edges);
}

/** The distinct values ascending when there are at most `maxBins` of them (Train refuses missing features, so NaN never reaches here). */
function fewDistinct(values: Float64Array, maxBins: number): Float64Array | undefined {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]);
    if (seen.size > maxBins) return undefined;
  }
  return Float64Array.from(seen).sort();
}

function sortedAt(values: Float64Array, ranks: readonly number[]): Float64Array {
  const sorted = Float64Array.from(values).sort();
  return Float64Array.from(ranks, (r) => sorted[r]);
}

function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  // Rounding can land the midpoint on b; the edge must stay below b so b falls in the next bin.
  return mid < b ? mid : a;
}

/** The rows whose values set the edges past EDGE_SAMPLE_ROWS rows (drawn with replacement, seeded). */
export function sampleRows(rows: number, size: number, seed: number): Uint32Array {
  const random = createRandom(seed ^ 0x5bd1e995);
  const picked = new Uint32Array(size);
  for (let i = 0; i < size; i++) picked[i] = Math.floor(random() * rows);
  return picked;
}
