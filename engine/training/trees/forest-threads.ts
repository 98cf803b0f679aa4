import { startThread } from '../../threads/start-thread';
import { prepareThread } from '../../threads/thread-bundle';
import type { BinnedFeatures } from './bin-features';
import type { BuiltForestTree, ForestSpec } from './forest-tree';

/**
 * Builds a forest's trees across worker threads. The binned features sit on a SharedArrayBuffer, so
 * each thread reads them in place; trees are handed out one at a time to whichever thread is free and
 * come back as transferred typed arrays. Loaded only through `await import` from a fit running in Node.
 */
export type ForestThreadInit = { data: Uint8Array; rows: number; edges: Float64Array[]; y: Int32Array | Float64Array; weights?: Float64Array; spec: ForestSpec };
export type ForestThreadReply = { index: number; built: BuiltForestTree } | { index: number; error: string };
export type ForestJob = { binned: BinnedFeatures; y: Int32Array | Float64Array; weights?: Float64Array; spec: ForestSpec; trees: number; threads: number };

export async function availableThreads(): Promise<number> {
  const os = await import('node:os');
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

const ENTRY = new URL('./forest-thread.ts', import.meta.url);

/** Bundles the tree builders' entry ahead of the first forest, which otherwise waits on it. */
export const prepareForestThreads = (): Promise<unknown> => prepareThread(ENTRY);

export async function buildTreesInThreads(job: ForestJob, onTree: (index: number, built: BuiltForestTree) => void, signal: AbortSignal): Promise<void> {
  await prepareThread(ENTRY);
  // Checked after the wait: an abort during it fires no event for the listener below.
  if (signal.aborted) throw signal.reason;
  const init: ForestThreadInit = { data: job.binned.data, rows: job.binned.rows, edges: job.binned.edges, y: job.y, weights: job.weights, spec: job.spec };
  const workers = Array.from({ length: job.threads }, () => startThread(ENTRY, { init }));
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let settled = false;
    const stop = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => stop(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const dispatch = (worker: (typeof workers)[number]) => {
      if (next < job.trees) worker.postMessage({ index: next++ });
    };
    for (const worker of workers) {
      worker.on('message', (reply: ForestThreadReply) => {
        if (settled) return;
        if ('error' in reply) return stop(new Error(`Building tree ${reply.index + 1} failed: ${reply.error}`));
        try {
          onTree(reply.index, reply.built);
        } catch (error) {
          return stop(error);
        }
        if (++finished === job.trees) return stop();
        dispatch(worker);
      });
      worker.on('error', (error) => stop(error));
      worker.on('exit', (code) => stop(new Error(`A forest thread exited with code ${code} before the forest was built.`)));
      dispatch(worker);
    }
  });
}
