import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { startHelperPool, type HelperPool } from '../threads/helper-pool';
import { bundledThread, prepareThread } from '../threads/thread-bundle';
import { addGramSlice, gramBlockCount, type Kernels } from './design-matrix';

/**
 * XᵀX on every core, as BLAS computes it for scikit-learn's Ridge and LinearRegression: the design's
 * shared WebAssembly memory is posted to helper threads, and they and the fitting thread claim slices of
 * rows from one atomic counter until none are left, each slice's sums written to a block of their own
 * (design-matrix.ts adds them up in slice order). Splitting rows, not blocks, lets each thread read only
 * its slices: split by blocks, both threads read all of X and ran at half speed each. The helpers start on
 * the first large Gram matrix without it waiting for them (it is computed alone meanwhile), stay for later
 * fits (unref'd, so they never hold an idle process open), and a helper that fails takes the pool down:
 * its job is summed again here, after every helper has stopped writing. Loaded only through `await import` in Node.
 */
export type GramJob = {
  id: number;
  memory: WebAssembly.Memory;
  stride: number;
  features: number;
  /** Where slice s's sums go: partials + s·blocks·8, in elements. */
  partials: number;
  slices: number;
  /** [next slice to claim, slices finished]. */
  counter: Int32Array;
  /** Tests: a helper that claims a slice of this job ends its thread there, as a crash would. */
  crashHelper?: boolean;
};

/** Writes slice `slice`'s sums of every block into its own block of partial sums. */
export function addSlicePartial(job: Omit<GramJob, 'id' | 'counter'>, kernels: Kernels, slice: number): void {
  const sums = gramBlockCount(job.features) * 8;
  const out = job.partials + slice * sums;
  new Float64Array(job.memory.buffer, out * 8, sums).fill(0);
  addGramSlice(kernels, job.stride, job.features, slice, out);
}

/** Claims and sums slices until none are left; returns how many it summed. */
export function workOnGram(job: GramJob, kernels: Kernels): number {
  let done = 0;
  for (let slice = Atomics.add(job.counter, 0, 1); slice < job.slices; slice = Atomics.add(job.counter, 0, 1)) {
    if (job.crashHelper && !isMainThread) process.exit(1);
    addSlicePartial(job, kernels, slice);
    Atomics.add(job.counter, 1, 1);
    done++;
  }
  return done;
}

/** A helper's answer to a job, or its first message, once it can take jobs. */
export type GramReply = { id: number; slices: number } | { ready: true };

/** The helpers and the promise their ready messages settle. */
type Pool = { helpers: HelperPool; ready: Promise<void> };
let pool: Pool | undefined;
let nextId = 0;
/** Slices the helpers have summed in this process (for tests: the helpers did take part). */
let helperSlices = 0;
let recovered = 0;
let crashNextJob = false;

export function slicesSummedByHelpers(): number {
  return helperSlices;
}

/** Tests: settles once the helpers are up (starting them if there are none). */
export async function gramThreadsReady(): Promise<void> {
  await prepareThread(ENTRY);
  await livePool()?.ready;
}

/** Jobs summed again on this thread after a helper failed (tests). */
export function gramJobsRecovered(): number {
  return recovered;
}

/** Tests: the next job's helpers end their threads on claiming a slice. */
export function crashHelpersOfNextJob(): void {
  crashNextJob = true;
}

/** Bundles the helpers' entry ahead of the first large Gram matrix, which is otherwise summed on this thread alone until the bundle is made. */
export function prepareGramThreads(): Promise<unknown> {
  return prepareThread(ENTRY);
}

/** Writes every slice's partial sums of the design's Gram matrix, with the helpers where they are up. */
export async function addGramInThreads(design: Omit<GramJob, 'id' | 'counter'>, kernels: Kernels): Promise<void> {
  const alone = () => {
    for (let slice = 0; slice < design.slices; slice++) addSlicePartial(design, kernels, slice);
  };
  const current = livePool()?.helpers;
  if (!current) return alone();
  const job: GramJob = { ...design, id: nextId++, counter: new Int32Array(new SharedArrayBuffer(8)), crashHelper: crashNextJob };
  crashNextJob = false;
  for (const worker of current.workers) worker.postMessage(job);
  workOnGram(job, kernels);
  try {
    await current.finish(job.id, () => Atomics.load(job.counter, 1) === design.slices);
  } catch {
    // A helper failed, perhaps halfway through a slice: once every helper has stopped writing, sum them all here.
    await current.stop();
    alone();
    recovered++;
  }
}

/** The pool, started when there is none or the last one failed. */
function livePool(): Pool | undefined {
  if (!pool || pool.helpers.failed) pool = startPool();
  return pool;
}

const ENTRY = new URL('./gram-thread.ts', import.meta.url);

/**
 * Starts the helpers from the entry's bundle, at once and without waiting on the event loop (a process
 * fitting one model after another may not turn it for a while). Until the bundle is made (on the event
 * loop), none start and this thread sums every slice: booting a helper through tsx instead took ~0.3 s
 * of the other core while fits went on, and made them slower, not faster. None on one core.
 */
function startPool(): Pool | undefined {
  const helpers = availableParallelism() - 1;
  if (helpers < 1) return undefined;
  if (!bundledThread(ENTRY)) {
    void prepareThread(ENTRY);
    return undefined;
  }
  let readyHelpers = 0;
  let allReady!: () => void;
  const ready = new Promise<void>((resolve) => (allReady = resolve));
  const pool = startHelperPool(ENTRY, helpers, 'A Gram matrix thread', (message) => {
    const reply = message as GramReply;
    if ('ready' in reply) {
      if (++readyHelpers === helpers) allReady();
    } else helperSlices += reply.slices;
  });
  // A pool that fails before its helpers are up is as ready as it will be.
  for (const worker of pool.workers) worker.once('exit', allReady);
  return { helpers: pool, ready };
}

/** Stops the helpers (tests); the next large Gram matrix starts new ones. */
export async function stopGramThreads(): Promise<void> {
  await pool?.helpers.stop();
}
