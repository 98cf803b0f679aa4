import type PgBoss from 'pg-boss';
import { createLocalBlobStore, type BlobStore } from '../db/blob-store';
import { createDb, type Db, type Sql } from '../db/client';
import { startNotificationHub, type NotificationHub } from '../graphql/notification-hub';
import { startRunEventHub, type RunEventHub } from '../graphql/run-event-hub';
import { startTeamRunHub, type TeamRunHub } from '../graphql/team-run-hub';
import { createDatasetParsePool, type DatasetParsePool } from '../worker/dataset-parse-pool';
import { startSocketSessions, type SocketSessions } from '../graphql/socket-sessions';
import { createDatasetResolver, type DatasetResolver } from '../worker/datasets';
import { startBoss } from '../worker/queues';
import type { NotificationSettings } from '../worker/notifications/settings';
import type { UrlFetchSettings } from '../worker/url-fetch/settings';
import { createUrlDatasetsIn, type UrlDatasets } from '../worker/url-fetch/url-datasets';
import { env } from './env.server';
import { createAuth, type Auth } from './auth.server';
import { createMetrics, registerScrapeMetrics, type Metrics } from './metrics.server';
import { createPreviewPool, type PreviewPool, type PreviewPoolOptions } from './preview-pool.server';
import { startPredictService, type PredictService } from '../serving/predict-service';
import { createApiRateLimiter, type ApiRateLimiter } from '../serving/api-rate-limit';
import { startCallerCache, type CallerCache } from '../serving/caller-cache';

/** Everything a web request needs, built once per web process and handed to Remix and GraphQL as context. */
export type AppServices = {
  db: Db;
  sql: Sql;
  boss: PgBoss;
  blobs: BlobStore;
  datasets: DatasetResolver;
  /** Parses uploads in worker threads, a bounded number at once. */
  datasetParser: DatasetParsePool;
  auth: Auth;
  runEvents: RunEventHub;
  /** Wakes each user's bell when a notification is added for them (LISTEN on pipewright_notifications). */
  notificationFeed: NotificationHub;
  /** Webhook "Send test" from the web process, and the allowlist webhook URLs are checked against. */
  notifications: NotificationSettings;
  /** Each team's run updates (created, started, ended) for the runs list. */
  teamRuns: TeamRunHub;
  /** Closes the WebSockets of sessions that end (sign-out, password change) on any web instance. */
  socketSessions: SocketSessions;
  /** Computes node previews in worker threads (see preview-pool.server.ts). */
  previews: PreviewPool;
  /** Fetch nodes' URLs: fetched, checked and cached on disk (see worker/url-fetch). */
  urls: UrlDatasets;
  maxUploadBytes: number;
  /** Prometheus figures served at /metrics. */
  metrics: Metrics;
  /** Registered models' predictions (REST, GraphQL, "Try it"), models kept loaded in memory. */
  predictions: PredictService;
  /** Bearer tokens checked from memory, dropped on revoke by NOTIFY (see serving/api-token-cache.ts). */
  /** Who calls the API or GraphQL with a token or cookie, kept per process and dropped by NOTIFYs. */
  callers: CallerCache;
  /** Per-token request budget of the prediction API (see serving/api-rate-limit.ts). */
  apiRateLimit: ApiRateLimiter;
};

export type ServiceOptions = {
  databaseUrl: string;
  blobDir: string;
  secureCookies: boolean;
  maxUploadBytes: number;
  /** Uploads parsed at once, and how many more may wait (see UPLOAD_PARSE_CONCURRENCY in the README). */
  uploadParse?: { concurrency: number; queueLimit: number };
  /** Preview threads, cache and caps; defaults from the PREVIEW_* settings (see env.server.ts). */
  preview?: Partial<Omit<PreviewPoolOptions, 'blobDir' | 'urlFetch'>>;
  /** Fetch nodes' limits and allowlist; defaults to FETCH_* from the environment. */
  urlFetch?: UrlFetchSettings;
  /** Webhook and e-mail settings; defaults from the environment (allowlist: the Fetch one). */
  notifications?: Partial<NotificationSettings>;
  /** Prediction API requests per minute per token; defaults to API_RATE_LIMIT_PER_MINUTE. */
  apiRateLimitPerMinute?: number;
};

const STALE_UPLOAD_MS = 6 * 60 * 60 * 1000;

export async function createServices(opts: ServiceOptions) {
  const { db, sql } = createDb(opts.databaseUrl);
  // The web process only sends jobs; workers run pg-boss's maintenance.
  const boss = await startBoss(opts.databaseUrl, { supervise: false, leaseSeconds: env.NODE_LEASE_SECONDS });
  const blobs = createLocalBlobStore(opts.blobDir);
  // Uploads in flight live minutes, not hours: older scratch files belong to a process that died.
  await blobs.sweepTemp(STALE_UPLOAD_MS);
  const datasetParser = createDatasetParsePool(opts.uploadParse ?? { concurrency: 1, queueLimit: 8 });
  // Fetched files are parsed in the upload parse pool too: never on the web process's event loop.
  const urlFetch = opts.urlFetch ?? env.urlFetch;
  const urls = createUrlDatasetsIn(opts.blobDir, urlFetch, (file, format) => datasetParser.parse(file, { format }));
  const auth = createAuth(db, { secureCookies: opts.secureCookies });
  const services: AppServices = {
    db,
    sql,
    boss,
    blobs,
    datasets: createDatasetResolver(db, blobs, urls),
    auth,
    runEvents: await startRunEventHub(sql, db),
    notificationFeed: await startNotificationHub(sql, db),
    notifications: { ...env.notifications, allowHosts: urlFetch.allowHosts, ...opts.notifications },
    teamRuns: await startTeamRunHub(sql, db),
    datasetParser,
    socketSessions: await startSocketSessions(sql),
    previews: createPreviewPool({
      threads: env.PREVIEW_THREADS,
      cacheMb: env.PREVIEW_CACHE_MB,
      timeoutMs: env.PREVIEW_TIMEOUT_MS,
      rowLimit: env.PREVIEW_ROW_LIMIT,
      maxKb: env.PREVIEW_MAX_KB,
      ...opts.preview,
      blobDir: opts.blobDir,
      urlFetch,
    }),
    urls,
    maxUploadBytes: opts.maxUploadBytes,
    metrics: createMetrics(),
    callers: await startCallerCache({ db, sql, auth }),
    apiRateLimit: createApiRateLimiter({ perMinute: opts.apiRateLimitPerMinute ?? env.API_RATE_LIMIT_PER_MINUTE }),
    predictions: await startPredictService({ db, sql, blobs, maxRecords: env.PREDICT_MAX_RECORDS, maxLoaded: env.SERVE_MAX_LOADED_MODELS }),
  };
  registerScrapeMetrics(services.metrics, { db, activeSubscriptions: () => services.runEvents.active });
  const stop = async () => {
    await services.runEvents.stop();
    await services.notificationFeed.stop();
    await services.teamRuns.stop();
    await services.datasetParser.stop();
    await services.previews.stop();
    await services.socketSessions.stop();
    await services.callers.stop();
    await services.predictions.stop();
    await boss.stop({ graceful: false, wait: true });
    await sql.end({ timeout: 5 });
  };
  return { services, stop };
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: AppServices;
    /** The client's IP address (from X-Forwarded-For only when TRUST_PROXY is set). */
    clientAddress: string;
  }
}
