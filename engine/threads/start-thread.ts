import { Worker } from 'node:worker_threads';

// Resolved next to this module, which runs from source in every process that starts threads (the
// worker and the web server's services load through tsx in dev and in production alike).
const bootUrl = new URL('./thread-boot.mjs', import.meta.url);

/**
 * Starts a worker thread on a TypeScript module (`entry`, a file URL); the thread finds `data` in
 * `workerData` next to `entry`. Used by the forest's tree builders and the worker's dataset parser.
 */
export function startThread(entry: URL, data: Record<string, unknown> = {}): Worker {
  return new Worker(bootUrl, { workerData: { ...data, entry: entry.href } });
}
