import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/client';
import { beatWorkerHeartbeat, pruneWorkers, removeWorker } from '../db/queries/workers';

/**
 * Keeps this worker's row in `workers` fresh so the web process can tell whether any worker is alive
 * (/healthz, the editor's banner). A clean stop deletes the row; a killed worker's row simply goes stale.
 */
export async function startHeartbeat(db: Db, opts: { id?: string; concurrency: number; intervalSeconds: number }) {
  const identity = { id: opts.id ?? randomUUID(), pid: process.pid, host: os.hostname(), concurrency: opts.concurrency };
  await pruneWorkers(db);
  await beatWorkerHeartbeat(db, identity, opts.intervalSeconds);
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beatWorkerHeartbeat(db, identity, opts.intervalSeconds).catch((error) => console.error('[worker] heartbeat failed', error));
  }, opts.intervalSeconds * 1000);
  return {
    id: identity.id,
    async stop() {
      clearInterval(timer);
      // A beat still in flight would insert the row again after the delete (its upsert finds no row), and a
      // stopped worker would show as live for a while.
      await beating;
      await removeWorker(db, identity.id);
    },
  };
}
