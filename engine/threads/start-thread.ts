import { Worker } from 'node:worker_threads';
import { bundledThread } from './thread-bundle';

// Resolved next to this module, which runs from source in every process that starts threads (the
// worker and the web server's services load through tsx in dev and in production alike). Used for an
// entry whose bundle is not ready (see thread-bundle.ts): the thread then loads it through tsx.
const bootUrl = new URL('./thread-boot.mjs', import.meta.url);

/**
 * Starts a worker thread on a TypeScript module (`entry`, a file URL); the thread finds `data` in
 * `workerData` next to `entry`. Starts the entry's bundle once prepareThread has made it, else boots
 * through tsx. Used by the tree fits' and predictions' helpers and the worker's dataset parser.
 */
export function startThread(entry: URL, data: Record<string, unknown> = {}): Worker {
  const workerData = { ...data, entry: entry.href };
  return new Worker(bundledThread(entry) ?? bootUrl, { workerData });
}
