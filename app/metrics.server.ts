import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client';
import { countRunsByStatus, dispatchLatencyHistogram, nodeDurationHistograms, readQueueDepths, type BucketCounts } from '../db/queries/operations';
import { runStatuses } from '../db/schema';

/**
 * Prometheus figures of one web process. Figures of workers (node durations, dispatch latency) and of
 * the queues are read from Postgres at scrape time, so one scrape of any web process sees the whole
 * installation and workers need no HTTP port. Figures of this process itself (preview latency, open
 * subscriptions) are kept in memory.
 */

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600];
const DISPATCH_BUCKETS = [0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const PREVIEW_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  const previewLatency = new Histogram({
    name: 'pipewright_preview_latency_seconds',
    help: 'Time to answer a node preview (the preview and previewRows queries), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: PREVIEW_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    /** Times one preview request; the outcome is "ok" or "error" (including a timed-out preview). */
    async timePreview<T>(work: () => Promise<T>): Promise<T> {
      const end = previewLatency.startTimer();
      try {
        const result = await work();
        end({ outcome: 'ok' });
        return result;
      } catch (error) {
        end({ outcome: 'error' });
        throw error;
      }
    },
  };
}

/** Registers the figures read at scrape time (from Postgres and from the process's live subscriptions). */
export function registerScrapeMetrics(metrics: Metrics, sources: { db: Db; activeSubscriptions: () => number }) {
  const { registry } = metrics;
  collectDefaultMetrics({ register: registry, prefix: 'pipewright_' });
  new Gauge({
    name: 'pipewright_runs',
    help: 'Runs of every team by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = new Map((await countRunsByStatus(sources.db)).map((r) => [r.status, r.count]));
      for (const status of runStatuses) this.set({ status }, counts.get(status) ?? 0);
    },
  });
  new Gauge({
    name: 'pipewright_queue_jobs',
    help: 'pg-boss jobs per queue and state (waiting = created or retry; active = held by a worker; failed).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of await readQueueDepths(sources.db)) {
        this.set({ queue: q.name, state: 'waiting' }, q.waiting);
        this.set({ queue: q.name, state: 'active' }, q.active);
        this.set({ queue: q.name, state: 'failed' }, q.failed);
      }
    },
  });
  new Gauge({
    name: 'pipewright_graphql_subscriptions',
    help: 'GraphQL subscriptions (runEvents) open on this web process.',
    registers: [registry],
    collect() {
      this.set(sources.activeSubscriptions());
    },
  });
  registry.registerMetric(
    sqlHistogram('pipewright_node_duration_seconds', 'How long finished nodes ran (started → finished), by final status; nodes reused from the cache are left out.', async () =>
      (await nodeDurationHistograms(sources.db, DURATION_BUCKETS)).map(({ status, ...h }) => ({ labels: { status }, ...h })),
    ),
  );
  registry.registerMetric(
    sqlHistogram('pipewright_dispatch_latency_seconds', 'From a node being queued (its last dispatch) to a worker marking it running.', async () => [
      { labels: {}, ...(await dispatchLatencyHistogram(sources.db, DISPATCH_BUCKETS)) },
    ]),
  );
}

type LabelledCounts = BucketCounts & { labels: Record<string, string> };

/**
 * A histogram whose cumulative bucket counts come whole from a query, which prom-client's Histogram (fed
 * one observation at a time) cannot take; the registry formats any object with this shape.
 */
function sqlHistogram(name: string, help: string, read: () => Promise<LabelledCounts[]>) {
  const metric = {
    name,
    help,
    type: 'histogram' as const,
    aggregator: 'sum' as const,
    async get() {
      const values = (await read()).flatMap(({ labels, buckets, count, sum }) => [
        ...buckets.map((b) => ({ metricName: `${name}_bucket`, labels: { ...labels, le: b.le }, value: b.count })),
        { metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: count },
        { metricName: `${name}_sum`, labels, value: sum },
        { metricName: `${name}_count`, labels, value: count },
      ]);
      return { name, help, type: metric.type, aggregator: metric.aggregator, values };
    },
    reset() {},
  };
  return metric as never;
}

/**
 * GET /metrics. Without METRICS_TOKEN it is open (aggregate counts only: no team, pipeline or user is
 * named), which suits a server on localhost or a private network; with it, scrapers must send
 * `Authorization: Bearer <token>`.
 */
export function metricsHandler(metrics: Metrics, token: string | undefined) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (req: Request, res: Response) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res
          .status(401)
          .set('WWW-Authenticate', 'Bearer realm="metrics"')
          .type('text/plain')
          .send('Metrics need a token: send "Authorization: Bearer <METRICS_TOKEN>" (the value set on the server).\n');
        return;
      }
    }
    try {
      const body = await metrics.registry.metrics();
      res.set('Content-Type', metrics.registry.contentType).send(body);
    } catch (error) {
      console.error('[metrics] scrape failed', error);
      res.status(503).type('text/plain').send(`Metrics are unavailable: ${error instanceof Error ? error.message : error}\n`);
    }
  };
}
