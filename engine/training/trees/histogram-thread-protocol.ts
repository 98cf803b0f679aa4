import type { MessagePort } from 'node:worker_threads';
import type { LossSpec } from './boosting-loss';
import { CHUNK_FEATURES, type SingleOutputRows } from './histogram';
import type { NodeJob, ScanTotals } from './node-job';

/**
 * What the fitting thread and its histogram threads (histogram-threads.ts, histogram-thread.ts) share: the
 * message that hands a helper its fit's arrays, the control array's slots and the job's numbers, and the claim
 * loop both sides run.
 */
export type HistogramThreadInit = {
  data: Uint8Array;
  rows: number;
  features: number;
  order: Uint32Array;
  ordered: Float64Array;
  weight: Float64Array;
  sums: Float64Array;
  control: Int32Array;
  /** The job's numbers: PARAM's slots. */
  params: Float64Array;
  /** Each feature's bin count, and where each chunk's winners go (node-job.ts's ChunkContext). */
  binCounts: Int32Array;
  chunkFeatures: number;
  results: Float64Array;
  /** The boosting rows: scores (rows × groups), labels, row weights, and each gradient block's totals. */
  loss: LossSpec;
  scores: Float64Array;
  y: Float64Array;
  rowWeights?: Float64Array;
  blockTotals: Float64Array;
  /** A failed helper's error message (UTF-8, FAILED bytes long). */
  failure: Uint8Array;
  /** The HistogramMemory's memory the arrays above are views of, when there is one. */
  memory?: WebAssembly.Memory;
  port: MessagePort;
};
export type SharedHistogram = { id: number; hist: Float64Array };
/** What the helpers compute gradients of: the loss, the number of scores per row, the labels and row weights. */
export type BoostingRows = { loss: LossSpec; groups: number; y: Int32Array | Float64Array; weights: Float64Array | undefined };

/** Slots of the control array. CLAIM packs the job's sequence number (high bits) with the next chunk to claim (low CHUNK_BITS). */
export const SEQ = 0;
export const CLAIM = 1;
export const FINISHED = 2;
export const ALL_ROWS = 3;
export const START = 4;
export const END = 5;
export const HIST = 6;
export const STOP = 7;
export const CHUNKS = 8;
/** Set by a helper that failed: the length of its message in the failure buffer. */
export const FAILED = 9;
/** The histogram the filled node's is subtracted from, or −1. */
export const PARENT = 10;
/** Which sides the job scans: 1 the filled node, 2 its sibling. */
export const SCANS = 11;
/** What the job is: a node job, or gradients (of group GROUP). */
export const KIND = 12;
export const GROUP = 13;
export const JOB = { node: 0, gradients: 1 } as const;
export const CONTROL_SLOTS = 14;
/** Slots of the params array: the scanned nodes' totals and the split limits. */
export const PARAM = { filled: 0, sibling: 3, l2: 6, minSamplesLeaf: 7, minWeightLeaf: 8, minGain: 9 } as const;
export const PARAM_SLOTS = 10;
export const CHUNK_BITS = 12;
export const SEQ_MASK = 0x7ffff;
/**
 * Loads of a control slot spent watching for a change before sleeping on it (a few hundred microseconds):
 * a node's job is over in microseconds to a millisecond, the gaps between jobs are as short, and a futex
 * wake-up on the VMs Pipewright runs on took long enough that this thread did three in five chunks.
 */
export const SPIN_LOADS = 200_000;

/**
 * Claims and runs chunks of job `seq` until none are left or another job has begun. `job` is asked
 * for after the first successful claim: only then are the job's parameters known to be `seq`'s (a
 * helper that woke late may have read the next job's).
 */
export function claimChunks(control: Int32Array, seq: number, chunks: number, describe: () => (chunk: number) => void): void {
  let job: ((chunk: number) => void) | undefined;
  for (;;) {
    const claim = Atomics.load(control, CLAIM);
    if (claim >>> CHUNK_BITS !== seq) return;
    const chunk = claim & ((1 << CHUNK_BITS) - 1);
    if (chunk >= chunks) return;
    if (Atomics.compareExchange(control, CLAIM, claim, claim + 1) !== claim) continue;
    job ??= describe();
    job(chunk);
    Atomics.add(control, FINISHED, 1);
    Atomics.notify(control, FINISHED);
  }
}

/** Features per chunk: CHUNK_FEATURES, more when there are so many features the chunk count would overflow CLAIM's low bits. */
export function chunkFeaturesFor(features: number): number {
  const least = Math.ceil(features / ((1 << CHUNK_BITS) - 1));
  return Math.ceil(Math.max(CHUNK_FEATURES, least) / CHUNK_FEATURES) * CHUNK_FEATURES;
}

export function writeParams(params: Float64Array, job: NodeJob): void {
  const totals = (at: number, t: ScanTotals | undefined) => {
    params[at] = t?.weight ?? 0;
    params[at + 1] = t?.count ?? 0;
    params[at + 2] = t?.sum ?? 0;
  };
  totals(PARAM.filled, job.filled);
  totals(PARAM.sibling, job.sibling);
  params[PARAM.l2] = job.limits.l2;
  params[PARAM.minSamplesLeaf] = job.limits.minSamplesLeaf;
  params[PARAM.minWeightLeaf] = job.limits.minWeightLeaf;
  params[PARAM.minGain] = job.limits.minGain;
}

/** A helper's reading of the job writeParams and run described (after it claimed a chunk of it). */
export function readJob(control: Int32Array, params: Float64Array, src: SingleOutputRows, histogram: (id: number) => Float64Array): NodeJob {
  const scans = Atomics.load(control, SCANS);
  const parent = Atomics.load(control, PARENT);
  const totals = (at: number): ScanTotals => ({ weight: params[at], count: params[at + 1], sum: params[at + 2] });
  return {
    src,
    hist: histogram(Atomics.load(control, HIST)),
    ...(parent >= 0 ? { parent: histogram(parent) } : {}),
    ...(scans & 1 ? { filled: totals(PARAM.filled) } : {}),
    ...(scans & 2 ? { sibling: totals(PARAM.sibling) } : {}),
    limits: { l2: params[PARAM.l2], minSamplesLeaf: params[PARAM.minSamplesLeaf], minWeightLeaf: params[PARAM.minWeightLeaf], minGain: params[PARAM.minGain] },
  };
}
