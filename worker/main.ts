import { env } from '../app/env.server';
import { startWorker } from './boot';

/** Entry of a worker process (forked by server.ts, or run alone to add capacity: `tsx worker/main.ts`). */
const databaseUrl = env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must be set for a worker process.');

const worker = await startWorker({
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
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);

// The supervisor (worker/spawn.ts) uses the id to forget this worker's heartbeat the moment it dies. A
// server that died while this worker started has closed the channel: then stop, rather than crash on the send.
process.send?.({ type: 'ready', workerId: worker.id }, undefined, undefined, (error) => void (error && shutdown()));
console.log(`[worker ${process.pid}] ready, concurrency ${env.WORKER_CONCURRENCY}`);
