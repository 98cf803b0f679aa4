import { addCompiledScores, type CompiledEnsemble } from './compiled-ensemble';
import type { TreeEnsembleArtifact } from './tree-ensemble';

/**
 * Batch prediction shared with worker threads, as scikit-learn's forests predict on every core. The
 * compiled trees, the feature columns and the scores sit on SharedArrayBuffers; the calling thread and
 * every worker claim chunks of rows from one atomic counter until none are left, each chunk's scores
 * written in place, so the result is the single-threaded one bit for bit. The pool starts on first use
 * and stays (unref'd between jobs, so it never holds an idle process open): a worker still starting simply finds the work
 * done, and the caller never waits for a start, only, once per process, for the threads' bundle (thread-bundle.ts,
 * tens of milliseconds). Loaded only through `await import` in Node.
 */
export type PredictJob = {
  id: number;
  model: CompiledEnsemble;
  shape: Pick<TreeEnsembleArtifact, 'groups' | 'outputs'>;
  columns: Float64Array[];
  rows: number;
  scores: Float64Array;
  /** [next chunk to claim, chunks finished]. */
  counter: Int32Array;
};

/** Rows per claimed chunk: a multiple of every row block of the compiled walk (256, 2,048 or 4,096). */
export const CHUNK_ROWS = 4096;

/** Claims and scores chunks until none are left. */
export function workOnJob(job: PredictJob): void {
  const chunks = Math.ceil(job.rows / CHUNK_ROWS);
  for (let chunk = Atomics.add(job.counter, 0, 1); chunk < chunks; chunk = Atomics.add(job.counter, 0, 1)) {
    addCompiledScores(job.model, job.shape, job.columns, chunk * CHUNK_ROWS, Math.min(job.rows, (chunk + 1) * CHUNK_ROWS), job.scores);
    Atomics.add(job.counter, 1, 1);
  }
}

/** The pool, or its start: concurrent first batches share one. */
let pool: Promise<import('../../threads/helper-pool').HelperPool> | undefined;
let nextId = 0;

const ENTRY = new URL('./predict-thread.ts', import.meta.url);

/** Bundles the threads' entry ahead of the first large batch, which otherwise waits on it. */
export async function preparePredictThreads(): Promise<unknown> {
  return (await import('../../threads/thread-bundle')).prepareThread(ENTRY);
}

async function startPool(threads: number) {
  await preparePredictThreads();
  return (await import('../../threads/helper-pool')).startHelperPool(ENTRY, threads, 'A prediction thread');
}

/**
 * Shared buffers kept from one job to the next. A fresh buffer's pages are faulted in on first touch, and
 * on the VMs Pipewright runs on (ADR 0006) copying 25k rows × 50 features into new ones took 27 ms, more
 * than the walk they feed. A job takes the smallest spare that fits; at most SPARE_BUFFERS, none over
 * MAX_SPARE_BYTES, are kept. A worker that wakes late for a finished job claims no chunk (each job has its
 * own counter), so it never reads a buffer another job has taken since.
 */
const spares: SharedArrayBuffer[] = [];
const SPARE_BUFFERS = 2;
/** A server that once predicted a huge batch should not hold its buffers for good. */
const MAX_SPARE_BYTES = 64 * 2 ** 20;

function takeShared(bytes: number): SharedArrayBuffer {
  let best = -1;
  for (let i = 0; i < spares.length; i++) if (spares[i]!.byteLength >= bytes && (best < 0 || spares[i]!.byteLength < spares[best]!.byteLength)) best = i;
  return best >= 0 ? spares.splice(best, 1)[0]! : new SharedArrayBuffer(bytes);
}

function giveShared(buffer: SharedArrayBuffer): void {
  if (buffer.byteLength > MAX_SPARE_BYTES) return;
  spares.push(buffer);
  spares.sort((a, b) => b.byteLength - a.byteLength);
  spares.length = Math.min(spares.length, SPARE_BUFFERS);
}

/** Adds every tree's scores for all rows into `scores` (already holding the initial scores), with `helpers` worker threads. */
export async function addScoresInThreads(model: CompiledEnsemble, shape: PredictJob['shape'], columns: Float64Array[], rows: number, scores: Float64Array, helpers: number): Promise<Float64Array> {
  if (!pool || (await pool).failed) pool = startPool(helpers);
  const current = await pool;
  // One buffer for columns and scores: one spare to find, one allocation when there is none.
  const buffer = takeShared((columns.length * rows + scores.length) * Float64Array.BYTES_PER_ELEMENT);
  const job: PredictJob = {
    id: nextId++,
    model,
    shape,
    columns: columns.map((column, f) => {
      const copy = new Float64Array(buffer, f * rows * Float64Array.BYTES_PER_ELEMENT, rows);
      copy.set(column.subarray(0, rows));
      return copy;
    }),
    rows,
    scores: new Float64Array(buffer, columns.length * rows * Float64Array.BYTES_PER_ELEMENT, scores.length),
    counter: new Int32Array(new SharedArrayBuffer(8)),
  };
  job.scores.set(scores);
  const chunks = Math.ceil(rows / CHUNK_ROWS);
  const finished = () => Atomics.load(job.counter, 1) === chunks;
  for (const worker of current.workers) worker.postMessage(job);
  workOnJob(job);
  try {
    await current.finish(job.id, finished);
    // A copy on an ordinary buffer: the result outlives the job and may be posted or stored like any other.
    return job.scores.slice();
  } finally {
    // Only a finished job's buffer is reused: after a failure a worker may still be writing to it.
    if (finished()) giveShared(buffer);
  }
}
