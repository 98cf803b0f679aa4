import { createLocalBlobStore } from '../db/blob-store';
import { createDb } from '../db/client';
import { createDatasetResolver } from './datasets';
import { createRunNodeHandler } from './jobs/run-node';
import { QUEUES, startBoss, WAKE_CHANNEL } from './queues';
import { recoverExpiredNodes } from './run-lifecycle';

export type WorkerOptions = { databaseUrl: string; blobDir: string; concurrency: number; leaseSeconds: number };

/**
 * One worker process: pg-boss consumers for node jobs. It LISTENs on the wake channel so a new job
 * starts within milliseconds instead of after pg-boss's polling interval.
 */
export async function startWorker(opts: WorkerOptions) {
  const { db, sql } = createDb(opts.databaseUrl, { max: opts.concurrency + 2 });
  const boss = await startBoss(opts.databaseUrl, { supervise: true });
  const blobs = createLocalBlobStore(opts.blobDir);
  const deps = { db, boss, blobs, datasets: createDatasetResolver(db, blobs), leaseSeconds: opts.leaseSeconds };
  const handler = createRunNodeHandler(deps);
  const workerIds: string[] = [];
  for (let i = 0; i < opts.concurrency; i++) {
    workerIds.push(await boss.work(QUEUES.runNode, { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true }, handler));
  }
  const wake = () => workerIds.forEach((id) => boss.notifyWorker(id));
  const listener = await sql.listen(WAKE_CHANNEL, wake);
  const sweeper = setInterval(() => {
    recoverExpiredNodes(db, boss).catch((error) => console.error('[worker] could not recover expired nodes', error));
  }, (opts.leaseSeconds * 1000) / 2);
  return {
    boss,
    async stop() {
      clearInterval(sweeper);
      await listener.unlisten();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await sql.end({ timeout: 5 });
    },
  };
}

export type StartedWorker = Awaited<ReturnType<typeof startWorker>>;
