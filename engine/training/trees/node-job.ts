import { BIN_SLOTS, fillSingleOutputFeatures, type SingleOutputRows } from './histogram';
import type { HistogramMemory } from './histogram-memory';
import { scanSingleOutput, SplitCandidate, type SplitLimits } from './split-finder';

/** A scanned node's totals (single output). */
export type ScanTotals = { weight: number; count: number; sum: number };

/**
 * One step of a single-output tree over full histograms: fill `hist` from a node's rows; when `parent` is given,
 * subtract `hist` from it there (the parent's histogram becomes the sibling's: the subtraction trick); then find
 * the best split of the filled node (`filled`) and of the sibling (`sibling`). A job is cut by feature into chunks,
 * and one thread fills, subtracts and scans a chunk's features: so the fitting thread and its histogram threads
 * (histogram-threads.ts) share the scans and the subtraction as well as the filling, in chunks long enough to be
 * worth handing over.
 */
export type NodeJob = {
  src: SingleOutputRows;
  hist: Float64Array;
  parent?: Float64Array;
  filled?: ScanTotals;
  sibling?: ScanTotals;
  limits: SplitLimits;
};

/** What every chunk of every job reads: the binned columns, each feature's bin count, and where winners go. */
export type ChunkContext = {
  columns: Uint8Array[];
  binCounts: Int32Array;
  chunkFeatures: number;
  /** Per chunk and side (filled, sibling): RESULT_FIELDS numbers, see RESULT. */
  results: Float64Array;
  wasm?: HistogramMemory;
};

/** A chunk's winner for one side: the HistogramMemory scan kernel writes the first four, in this order. */
export const RESULT = { gain: 0, leftWeight: 1, leftCount: 2, leftSum: 3, bin: 4, feature: 5 } as const;
export const RESULT_FIELDS = 6;
const FILLED = 0;
const SIBLING = 1;

export const chunkCount = (features: number, chunkFeatures: number) => Math.ceil(features / chunkFeatures);
export const resultsLength = (chunks: number) => chunks * 2 * RESULT_FIELDS;
const resultAt = (chunk: number, side: number) => (chunk * 2 + side) * RESULT_FIELDS;

/** Fills, subtracts and scans features [chunk·chunkFeatures, …) of the job. Any thread may run any chunk, in any order. */
export function runChunk(job: NodeJob, chunk: number, ctx: ChunkContext): void {
  const from = chunk * ctx.chunkFeatures;
  const to = Math.min(ctx.columns.length, from + ctx.chunkFeatures);
  fillSingleOutputFeatures(job.hist, ctx.columns, from, to, job.src, ctx.wasm);
  if (job.parent) subtractFeatures(job.parent, job.hist, from, to, ctx.wasm);
  if (job.filled) scanChunk(job.hist, job.filled, job.limits, from, to, ctx, resultAt(chunk, FILLED));
  if (job.sibling) scanChunk(job.parent!, job.sibling, job.limits, from, to, ctx, resultAt(chunk, SIBLING));
}

/** Every chunk of the job on this thread, in turn. */
export function runJobHere(job: NodeJob, ctx: ChunkContext): void {
  const chunks = chunkCount(ctx.columns.length, ctx.chunkFeatures);
  for (let chunk = 0; chunk < chunks; chunk++) runChunk(job, chunk, ctx);
}

/**
 * The job's best split of the filled node (`sibling` false) or of the sibling, from its chunks' winners taken in
 * chunk order, a later one only when its gain is strictly greater: each chunk kept its first best, so this is the
 * split a scan of every feature in order picks, whichever threads ran the chunks.
 */
export function bestSplit(results: Float64Array, features: number, chunkFeatures: number, sibling: boolean, minGain: number): SplitCandidate | undefined {
  const best = new SplitCandidate(1, minGain);
  for (let chunk = 0; chunk < chunkCount(features, chunkFeatures); chunk++) {
    const at = resultAt(chunk, sibling ? SIBLING : FILLED);
    if (results[at + RESULT.feature] < 0 || !(results[at + RESULT.gain] > best.gain)) continue;
    best.gain = results[at + RESULT.gain];
    best.feature = results[at + RESULT.feature];
    best.bin = results[at + RESULT.bin];
    best.leftWeight = results[at + RESULT.leftWeight];
    best.leftCount = results[at + RESULT.leftCount];
    best.leftSums[0] = results[at + RESULT.leftSum];
  }
  return best.feature >= 0 ? best : undefined;
}

function subtractFeatures(parent: Float64Array, child: Float64Array, from: number, to: number, wasm: HistogramMemory | undefined): void {
  const start = from * BIN_SLOTS * 3;
  const end = to * BIN_SLOTS * 3;
  if (wasm) return wasm.subtract(parent.subarray(start, end), child.subarray(start, end));
  for (let i = start; i < end; i++) parent[i] -= child[i];
}

/** The chunk's best split of one node into its results slot (feature −1 when none beats the minimum gain). */
function scanChunk(hist: Float64Array, totals: ScanTotals, limits: SplitLimits, from: number, to: number, ctx: ChunkContext, at: number): void {
  const out = ctx.results;
  out[at + RESULT.gain] = limits.minGain;
  out[at + RESULT.feature] = -1;
  if (ctx.wasm) {
    for (let f = from; f < to; f++) ctx.wasm.scanInto(hist, f, ctx.binCounts[f], totals, limits, out, at);
    return;
  }
  const best = new SplitCandidate(1, limits.minGain);
  const node = { weight: totals.weight, count: totals.count, sums: Float64Array.of(totals.sum) };
  for (let f = from; f < to; f++) scanSingleOutput(hist, f, f, ctx.binCounts[f], undefined, node, limits, best);
  if (best.feature < 0) return;
  out[at + RESULT.gain] = best.gain;
  out[at + RESULT.leftWeight] = best.leftWeight;
  out[at + RESULT.leftCount] = best.leftCount;
  out[at + RESULT.leftSum] = best.leftSums[0];
  out[at + RESULT.bin] = best.bin;
  out[at + RESULT.feature] = best.feature;
}
