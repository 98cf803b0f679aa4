import { env } from '../app/env.server';
import { startWorker } from './boot';

/** Entry of a worker process (forked by server.ts, or run alone to add capacity: `tsx worker/main.ts`). */
const databaseUrl = env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must be set for a worker process.');

// Stop signals and the server's going can come while the worker starts: listen from the first moment
// (before it has started, stopping is exiting).
let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  try {
    await worker?.stop();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);

worker = await startWorker({
  databaseUrl,
  blobDir: env.blobDir,
  concurrency: env.WORKER_CONCURRENCY,
  leaseSeconds: env.NODE_LEASE_SECONDS,
  heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
  drainSeconds: env.WORKER_DRAIN_SECONDS,
  urlFetch: env.urlFetch,
  retry: { limit: env.NODE_RETRY_LIMIT, delaySeconds: env.NODE_RETRY_DELAY_SECONDS },
  notifications: env.notifications,
});
const ready = () => console.log(`[worker ${process.pid}] ready, concurrency ${env.WORKER_CONCURRENCY}`);
if (process.send) {
  // The supervisor (worker/spawn.ts) uses the id to forget this worker's heartbeat the moment it dies; a
  // channel the server closed meanwhile fails the send, and the worker stops.
  process.send({ type: 'ready', workerId: worker.id }, undefined, undefined, (error) => (error ? void shutdown() : ready()));
} else {
  ready();
}
