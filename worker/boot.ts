import { randomUUID } from 'node:crypto';
import { createLocalBlobStore } from '../db/blob-store';
import { createDb } from '../db/client';
import { createDatasetResolver } from './datasets';
import { createInFlight, drainWorker } from './drain';
import { createRunNodeHandler } from './jobs/run-node';
import { createRegisterModelsHandler } from './model-auto-registration';
import { createEmailHandler } from './notifications/email';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notifications/settings';
import { createWebhookDeliveryHandler } from './notifications/webhook-delivery';
import { CANCEL_CHANNEL, DEFAULT_RETRY, QUEUES, startBoss, WAKE_CHANNEL, type RetrySettings } from './queues';
import { cancelEndedRuns, createRunningNodes } from './running-nodes';
import { startHeartbeat } from './heartbeat';
import { renewOwnThenSweep } from './node-recovery';
import { sweepStoredOutputs } from './output-retention';
import { startScheduler } from './scheduler';
import { DEFAULT_URL_FETCH_SETTINGS, type UrlFetchSettings } from './url-fetch/settings';
import { createUrlDatasetsIn } from './url-fetch/url-datasets';
import { prepareTrainingThreads } from '../engine/training/training-threads';

export type WorkerOptions = {
  databaseUrl: string;
  blobDir: string;
  concurrency: number;
  leaseSeconds: number;
  heartbeatSeconds?: number;
  /** On stop, how long running nodes may take to finish before they are handed to other workers (WORKER_DRAIN_SECONDS). */
  drainSeconds?: number;
  /** Limits and allowlist of Fetch nodes (FETCH_* in the environment); defaults refuse every private address. */
  urlFetch?: UrlFetchSettings;
  /** SMTP and webhook delivery; webhooks share the Fetch allowlist unless these settings name their own. */
  notifications?: Partial<NotificationSettings>;
  /** Fire schedule ticks here too (default true); every worker may: a tick still starts exactly one run. */
  scheduler?: boolean;
  /** Retries of transient node failures (NODE_RETRY_* in the environment). */
  retry?: RetrySettings;
};

/** The sweeper acts on claim deadlines of a few seconds, so it runs at least this often. */
const MAX_SWEEP_SECONDS = 2;
/** Retention is counted in days: an hourly pass (a couple of indexed queries when nothing expired) is plenty. */
const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/**
 * One worker process: pg-boss consumers for node jobs. It LISTENs on the wake channel so a new job
 * starts within milliseconds instead of after pg-boss's polling interval.
 */
export async function startWorker(opts: WorkerOptions) {
  const { db, sql } = createDb(opts.databaseUrl, { max: opts.concurrency + 2 });
  const boss = await startBoss(opts.databaseUrl, { supervise: true, leaseSeconds: opts.leaseSeconds });
  const blobs = createLocalBlobStore(opts.blobDir);
  // The worker is its own process, so it parses fetched files itself (no parse pool).
  const urls = createUrlDatasetsIn(opts.blobDir, opts.urlFetch ?? DEFAULT_URL_FETCH_SETTINGS);
  // Chosen before the consumers start so every node they claim names this worker; the heartbeat row uses it too.
  const workerId = randomUUID();
  const running = createRunningNodes();
  const inFlight = createInFlight();
  const deps = { db, boss, blobs, datasets: createDatasetResolver(db, blobs, urls), leaseSeconds: opts.leaseSeconds, workerId, retry: opts.retry ?? DEFAULT_RETRY, running, inFlight };
  const runNode = createRunNodeHandler(deps);
  let bundling = false;
  // The training threads are bundled when the first node arrives, beside its dataset's loading, so its fit has its
  // helper threads (training-threads.ts). Not at boot: esbuild's service process, which this esbuild cannot stop,
  // outlived a worker stopped the moment it had started.
  const handler: typeof runNode = (jobs) => {
    if (!bundling) {
      bundling = true;
      void prepareTrainingThreads();
    }
    return runNode(jobs);
  };
  const workerIds: string[] = [];
  for (let i = 0; i < opts.concurrency; i++) {
    workerIds.push(await boss.work(QUEUES.runNode, { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true }, handler));
  }
  const notify = { ...DEFAULT_NOTIFICATION_SETTINGS, allowHosts: opts.urlFetch?.allowHosts ?? [], ...opts.notifications };
  // Short polls: a retry is a job due later, which no NOTIFY announces.
  workerIds.push(await boss.work(QUEUES.webhookDelivery, { batchSize: 1, pollingIntervalSeconds: 1 }, createWebhookDeliveryHandler({ db, settings: notify })));
  const email = createEmailHandler({ db, settings: notify });
  workerIds.push(await boss.work(QUEUES.notificationEmail, { batchSize: 1, pollingIntervalSeconds: 2 }, email.handler));
  workerIds.push(await boss.work(QUEUES.registerModels, { batchSize: 1, pollingIntervalSeconds: 2 }, createRegisterModelsHandler({ db, blobs })));
  const runNodeWorkers = workerIds.slice(0, opts.concurrency);
  // A node job wakes only node consumers: waking the notification consumers too would cost a fetch each on every dispatch.
  const wake = (payload?: string) => (payload === QUEUES.runNode ? runNodeWorkers : workerIds).forEach((id) => boss.notifyWorker(id));
  // Woken on (re)connect too: jobs sent while the database connection was down would otherwise wait a poll.
  const listener = await sql.listen(WAKE_CHANNEL, wake, () => wake());
  // Cancels sent while the connection was down were missed: on reconnect, stop the nodes of runs that ended meanwhile.
  const cancels = await sql.listen(CANCEL_CHANNEL, (runId) => running.cancelRun(runId), () => void cancelEndedRuns(db, running));
  const sweeper = setInterval(() => {
    renewOwnThenSweep(db, boss, opts.leaseSeconds, inFlight).catch((error) => console.error('[worker] could not recover stalled nodes', error));
  }, Math.min(opts.leaseSeconds / 2, MAX_SWEEP_SECONDS) * 1000);
  const retention = setInterval(() => {
    sweepStoredOutputs(db, blobs).catch((error) => console.error('[worker] could not sweep expired outputs', error));
  }, RETENTION_SWEEP_MS);
  retention.unref();
  const scheduler = opts.scheduler === false ? undefined : await startScheduler({ ...deps, sql });
  const heartbeat = await startHeartbeat(db, { id: workerId, concurrency: opts.concurrency, intervalSeconds: opts.heartbeatSeconds ?? 5 });
  return {
    boss,
    id: heartbeat.id,
    /** Drains (see worker/drain.ts), then stops: the heartbeat row goes, connections close. */
    async stop() {
      await drainWorker({ db, boss, workerId, inFlight, graceSeconds: opts.drainSeconds ?? 30 });
      clearInterval(sweeper);
      clearInterval(retention);
      await scheduler?.stop();
      await heartbeat.stop();
      await listener.unlisten();
      await cancels.unlisten();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      email.close();
      await sql.end({ timeout: 5 });
    },
  };
}

export type StartedWorker = Awaited<ReturnType<typeof startWorker>>;
