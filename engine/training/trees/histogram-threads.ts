import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { startThread } from '../../threads/start-thread';
import { prepareThread } from '../../threads/thread-bundle';
import { binCounts, type BinnedFeatures } from './bin-features';
import { addBlockTotals, gradientBlock, gradientBlocks, type BoostingLoss, type TargetTotals } from './boosting-loss';
import type { HistogramMemory } from './histogram-memory';
import {
  ALL_ROWS,
  CHUNK_BITS,
  CHUNKS,
  CLAIM,
  claimChunks,
  chunkFeaturesFor,
  CONTROL_SLOTS,
  END,
  FAILED,
  FINISHED,
  GROUP,
  HIST,
  JOB,
  KIND,
  PARAM_SLOTS,
  PARENT,
  SCANS,
  SEQ,
  SEQ_MASK,
  SPIN_LOADS,
  START,
  STOP,
  writeParams,
  type BoostingRows,
  type HistogramThreadInit,
  type SharedHistogram,
} from './histogram-thread-protocol';
import { chunkCount, resultsLength, runChunk, type ChunkContext, type NodeJob } from './node-job';
import { sharedBuffers } from './shared-arrays';

/** A helper that has claimed a chunk and not finished it this long after this thread ran out of chunks is taken for dead. */
const STALL_MS = 60_000;

const ENTRY = new URL('./histogram-thread.ts', import.meta.url);

/** Bundles the helpers' entry ahead of the first boosted model, which otherwise waits on it. */
export const prepareHistogramThreads = (): Promise<unknown> => prepareThread(ENTRY);

/** A started helper thread waiting for its fit's arrays, with the first error it raised. */
export type Helper = { worker: import('node:worker_threads').Worker; failure?: unknown };

/**
 * Starts `count` helpers on their bundle (made first, so they need no TypeScript loader: see thread-bundle.ts).
 * Started before the fit bins its features, they boot meanwhile; HistogramThreads then hands them the arrays.
 */
export async function startHelpers(count: number): Promise<Helper[]> {
  await prepareThread(ENTRY);
  return Array.from({ length: count }, () => {
    const helper: Helper = { worker: startThread(ENTRY) };
    helper.worker.unref();
    // Heard between trees, when the fit yields to the event loop; the next job reports it.
    helper.worker.on('error', (error) => (helper.failure ??= error));
    return helper;
  });
}

/** Stops helpers, whether or not they were handed to HistogramThreads. */
export function stopHelpers(helpers: Helper[]): void {
  for (const helper of helpers) void helper.worker.terminate();
}

/**
 * Helper threads that run a boosting tree's node jobs (node-job.ts: fill a node's histogram, subtract it from its
 * parent's, scan both for their best split) with this thread, split by feature, as XGBoost's hist and
 * scikit-learn's HistGradientBoosting do with OpenMP; and each iteration's gradients, split by blocks of rows
 * (boosting-loss.ts). The binned features, the scores, labels and row weights, the row
 * order, the gradients and every histogram sit in shared memory: the fit's HistogramMemory, which every
 * helper attaches to fill with the same kernels, or plain SharedArrayBuffers where WebAssembly threads are
 * missing. A node's features are cut into chunks of CHUNK_FEATURES; this thread and the helpers claim
 * chunks from one atomic counter until none are left, so a helper that is still booting, or descheduled on a busy machine, only means this thread
 * does more of them, and never waits for a helper that has not started. Each feature's sums are added
 * in row order by whoever claims it, so the trees are the single-threaded ones bit for bit.
 * Loaded only through `await import` from a fit running in Node.
 */
export class HistogramThreads {
  /** The shared arrays the grower and the boosting loop must use: row order, gathered rows, hessians, negative gradients. */
  readonly order: Uint32Array;
  readonly ordered: Float64Array;
  readonly weight: Float64Array;
  readonly sums: Float64Array;
  /** The scores the boosting loop must keep (rows × groups), and the labels and row weights the gradients read. */
  readonly scores: Float64Array;
  private readonly y: Float64Array;
  private readonly rowWeights: Float64Array | undefined;
  private readonly blockTotals: Float64Array;
  /** What every chunk reads and where its winners go, shared with the helpers. */
  readonly chunks: ChunkContext;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly params = new Float64Array(new SharedArrayBuffer(PARAM_SLOTS * 8));
  private readonly failureText = new Uint8Array(new SharedArrayBuffer(1024));
  private readonly ports: MessagePort[] = [];
  private readonly ids = new WeakMap<Float64Array, number>();
  private nextId = 0;
  private seq = 0;

  /** `wasm`: the memory `binned` lives in, where the shared arrays and histograms are made too. */
  constructor(
    private readonly helpers: Helper[],
    binned: BinnedFeatures,
    boosting: BoostingRows,
    wasm?: HistogramMemory,
  ) {
    const rows = binned.rows;
    const arrays = wasm ?? sharedBuffers;
    this.order = arrays.uint32(rows);
    this.ordered = arrays.float64(rows * 3);
    this.weight = arrays.float64(rows);
    this.sums = arrays.float64(rows);
    this.scores = arrays.float64(rows * boosting.groups);
    this.y = arrays.float64(rows);
    this.y.set(boosting.y);
    if (boosting.weights) (this.rowWeights = arrays.float64(rows)).set(boosting.weights);
    this.blockTotals = arrays.float64(2 * gradientBlocks(rows));
    const features = binned.columns.length;
    const chunkFeatures = chunkFeaturesFor(features);
    const counts = binCounts(binned);
    const results = arrays.float64(resultsLength(chunkCount(features, chunkFeatures)));
    this.chunks = { columns: binned.columns, binCounts: counts, chunkFeatures, results, wasm };
    const init: Omit<HistogramThreadInit, 'port'> = {
      data: binned.data,
      rows,
      features,
      order: this.order,
      ordered: this.ordered,
      weight: this.weight,
      sums: this.sums,
      control: this.control,
      params: this.params,
      binCounts: counts,
      chunkFeatures,
      results,
      loss: boosting.loss,
      scores: this.scores,
      y: this.y,
      rowWeights: this.rowWeights,
      blockTotals: this.blockTotals,
      failure: this.failureText,
      memory: wasm?.memory,
    };
    for (const { worker } of helpers) {
      // Each helper hears of new histograms on its own channel, read synchronously between jobs.
      const channel = new MessageChannel();
      this.ports.push(channel.port1);
      worker.postMessage({ ...init, port: channel.port2 } satisfies HistogramThreadInit, [channel.port2]);
    }
  }

  /** A histogram on shared memory, announced to the helpers. */
  allocate(size: number): Float64Array {
    const hist = (this.chunks.wasm ?? sharedBuffers).float64(size);
    const id = this.nextId++;
    this.ids.set(hist, id);
    for (const port of this.ports) port.postMessage({ id, hist } satisfies SharedHistogram);
    return hist;
  }

  /** Runs every chunk of `job` with the helpers' help; returns once all of it is done, its winners in `chunks.results`. */
  run(job: NodeJob): void {
    const id = this.ids.get(job.hist);
    const parent = job.parent ? this.ids.get(job.parent) : -1;
    const { src } = job;
    if (id === undefined || parent === undefined || src.rows !== this.order || src.ordered !== this.ordered || src.weight !== this.weight || src.sums !== this.sums) {
      throw new Error('HistogramThreads.run needs the histograms and row arrays it shares with its threads.');
    }
    const c = this.control;
    Atomics.store(c, ALL_ROWS, src.allRows ? 1 : 0);
    Atomics.store(c, START, src.start);
    Atomics.store(c, END, src.end);
    Atomics.store(c, HIST, id);
    Atomics.store(c, PARENT, parent);
    Atomics.store(c, SCANS, (job.filled ? 1 : 0) | (job.sibling ? 2 : 0));
    writeParams(this.params, job);
    this.dispatch(JOB.node, chunkCount(this.chunks.columns.length, this.chunks.chunkFeatures), (chunk) => runChunk(job, chunk, this.chunks));
  }

  /**
   * The gradients of group `group` from `scores` into `weight` and `sums`, block by block with the helpers' help
   * (each makes its own copy of `loss`, so it must be rowwise); returns their totals, added in block order.
   */
  gradients(loss: BoostingLoss, group: number): TargetTotals {
    if (!loss.rowwise) throw new Error('Only a rowwise loss computes its gradients across threads.');
    Atomics.store(this.control, GROUP, group);
    const blocks = gradientBlocks(this.y.length);
    const out = { weight: this.weight, sums: this.sums };
    this.dispatch(JOB.gradients, blocks, (block) => gradientBlock(loss, this.scores, this.y, this.rowWeights, group, out, block, this.blockTotals));
    return addBlockTotals(this.blockTotals, blocks);
  }

  /** Posts a job of `chunks` chunks of `kind` (its parameters already stored), runs chunks of it too, and waits for the rest. */
  private dispatch(kind: number, chunks: number, runChunkHere: (chunk: number) => void): void {
    const broken = this.helpers.find((helper) => helper.failure !== undefined);
    if (broken) throw broken.failure;
    const c = this.control;
    Atomics.store(c, KIND, kind);
    Atomics.store(c, CHUNKS, chunks);
    Atomics.store(c, FINISHED, 0);
    this.seq = (this.seq + 1) & SEQ_MASK;
    Atomics.store(c, CLAIM, this.seq << CHUNK_BITS);
    Atomics.store(c, SEQ, this.seq);
    Atomics.notify(c, SEQ);
    claimChunks(c, this.seq, chunks, () => runChunkHere);
    // A helper's last chunk is usually microseconds from done, and waking from a futex wait takes tens of them on a VM.
    for (let spin = 0; spin < SPIN_LOADS && Atomics.load(c, FINISHED) < chunks; spin++);
    const deadline = performance.now() + STALL_MS;
    for (let done = Atomics.load(c, FINISHED); done < chunks; done = Atomics.load(c, FINISHED)) {
      Atomics.wait(c, FINISHED, done, 10);
      if (performance.now() > deadline) throw new Error('A histogram thread stopped answering while building a tree.');
    }
    const failed = Atomics.load(c, FAILED);
    if (failed > 0) throw new Error(`A histogram thread failed while building a tree: ${new TextDecoder().decode(this.failureText.slice(0, failed))}`);
  }

  stop(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, SEQ);
    stopHelpers(this.helpers);
    for (const port of this.ports) port.close();
  }
}
