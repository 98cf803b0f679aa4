import path from 'node:path';
import { z } from 'zod';
import type { NotificationSettings } from '../worker/notifications/settings';
import type { UrlFetchSettings } from '../worker/url-fetch/settings';

/** The only reader of process.env: everything else imports `env`. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Unset: an embedded Postgres is started with its data under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** How many worker processes `npm start` forks next to the web server (0 = web only). */
  WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** How long a silent worker keeps a node before another worker takes it over. */
  NODE_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Retries of a node step that failed with a transient error (storage, network) before it is a dead letter. */
  NODE_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(2),
  /** Wait before the first retry; each further retry waits twice as long as the one before. */
  NODE_RETRY_DELAY_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /** How often a worker records that it is alive; it counts as gone after three missed beats. */
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().min(0.2).max(300).default(5),
  /** On SIGTERM a worker lets its running nodes finish this long, then hands the rest to other workers. */
  WORKER_DRAIN_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open (aggregate figures only). */
  METRICS_TOKEN: z.string().min(1).optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(1024),
  /** Records one prediction request may send (REST and GraphQL); more is refused with 400. */
  PREDICT_MAX_RECORDS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Bytes of one prediction request body at most; a larger one is refused with 400 before it is parsed. */
  PREDICT_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
  /** The serving-only process (`npm run serve`): its port, and how many processes share it (node:cluster). */
  SERVE_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SERVE_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** Model versions each web or serving process keeps loaded; past it the least recently used is unloaded (and loaded again when asked for). */
  SERVE_MAX_LOADED_MODELS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Uploads parsed at once in worker threads: each holds its file and parsed table in memory. */
  UPLOAD_PARSE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Uploads that may wait for a parse slot; beyond this an upload gets 503 with Retry-After. */
  UPLOAD_PARSE_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
  /** Worker threads of the web process that compute previews; each holds its own sample-output cache. */
  PREVIEW_THREADS: z.coerce.number().int().min(1).max(8).default(2),
  /** Sample-output cache of all preview threads together, split evenly between them. */
  PREVIEW_CACHE_MB: z.coerce.number().positive().default(256),
  /** A preview that takes longer stops and says so (the node is then shown after a run). */
  PREVIEW_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(2000),
  /** Rows of each table the preview grid may show (the first 100 come with the preview, the others by window as the grid scrolls). */
  PREVIEW_ROW_LIMIT: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Bytes (as JSON) of one preview or rows-window answer at most; rows beyond are cut (the grid asks for them again). */
  PREVIEW_MAX_KB: z.coerce.number().int().min(16).max(64 * 1024).default(2048),
  /** Fetch nodes: comma-separated hosts (or host:port) that may be fetched although they resolve to private, loopback or link-local addresses. */
  FETCH_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim()).filter(Boolean)),
  /** Largest body a Fetch node reads, counted after decompression. */
  FETCH_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  FETCH_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(10),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  /** Previews and run validation reuse a fetched copy checked this recently; runs themselves always revalidate. */
  FETCH_REVALIDATE_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
  /** Disk budget of fetched files kept for revalidation (beside the blobs). */
  FETCH_CACHE_MB: z.coerce.number().positive().default(1024),
  /** E-mail notifications go through this SMTP server (smtp://user:pass@host:587, smtps://… for TLS); unset: no e-mail. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default('Pipewright <notifications@pipewright.invalid>'),
  /** The address users open Pipewright at (https://ml.example.com), for links in e-mails and webhook payloads. */
  APP_URL: z.string().url().optional(),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  /** Attempts of one webhook delivery in all; 5xx, 429 and network errors are retried, other 4xx are not. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Wait before the first retry; it doubles for each one after. */
  WEBHOOK_RETRY_SECONDS: z.coerce.number().positive().max(3600).default(10),
  /** Prediction API requests per minute per API token (or signed-in user), counted in each process; 0 = no limit. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  /** Set behind a reverse proxy so rate limits see each client's address from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** GraphQL `__schema`/`__type` queries: unset means on in development and test, off in production. */
  GRAPHQL_INTROSPECTION: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
});

function readEnv() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  const e = parsed.data;
  const urlFetch: UrlFetchSettings = {
    allowHosts: e.FETCH_ALLOW_HOSTS,
    maxBytes: e.FETCH_MAX_BYTES,
    timeoutMs: e.FETCH_TIMEOUT_SECONDS * 1000,
    connectTimeoutMs: e.FETCH_CONNECT_TIMEOUT_SECONDS * 1000,
    maxRedirects: e.FETCH_MAX_REDIRECTS,
    revalidateMs: e.FETCH_REVALIDATE_SECONDS * 1000,
    cacheMaxBytes: e.FETCH_CACHE_MB * 1024 * 1024,
  };
  const notifications: NotificationSettings = {
    smtpUrl: e.SMTP_URL,
    emailFrom: e.SMTP_FROM,
    appUrl: e.APP_URL,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
    webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_SECONDS * 1000,
    allowHosts: e.FETCH_ALLOW_HOSTS,
  };
  return { ...e, notifications, dataDir, blobDir: path.join(dataDir, 'blobs'), pgDataDir: path.join(dataDir, 'postgres'), urlFetch };
}

export const env = readEnv();
export const isProduction = env.NODE_ENV === 'production';
export const graphqlIntrospection = env.GRAPHQL_INTROSPECTION ?? !isProduction;
