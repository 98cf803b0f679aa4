import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * What operators look at: workers, queues, failures, the database itself. The Status page and /metrics
 * both read these, so the two never disagree. Workers and queues are shared by every team; anything that
 * names a run is filtered to one team.
 */

const PGBOSS_SCHEMA = 'pgboss';

export type WorkerRow = {
  id: string;
  pid: number;
  host: string;
  concurrency: number;
  startedAt: Date;
  heartbeatAt: Date;
  heartbeatAgeSeconds: number;
  live: boolean;
  draining: boolean;
  /** Nodes of every team this worker runs now (only the count: the names may be another team's). */
  runningCount: number;
};

export async function listWorkers(db: Db): Promise<WorkerRow[]> {
  const rows = (await db.execute(sql`
    select w.id, w.pid, w.host, w.concurrency, w.started_at, w.heartbeat_at, w.draining,
      extract(epoch from now() - w.heartbeat_at)::float8 as age,
      w.live_until > now() as live,
      (select count(*)::int from node_runs n where n.worker_id = w.id and n.status = 'running') as running
    from workers w
    order by w.live_until > now() desc, w.started_at
  `)) as unknown as {
    id: string;
    pid: number;
    host: string;
    concurrency: number;
    started_at: string;
    heartbeat_at: string;
    draining: boolean;
    age: number;
    live: boolean;
    running: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    pid: r.pid,
    host: r.host,
    concurrency: r.concurrency,
    startedAt: new Date(r.started_at),
    heartbeatAt: new Date(r.heartbeat_at),
    heartbeatAgeSeconds: Math.max(0, r.age),
    live: r.live,
    draining: r.draining,
    runningCount: r.running,
  }));
}

export type RunningNode = { workerId: string; runId: string; pipelineId: string; pipelineName: string; nodeId: string; nodeType: string; startedAt: Date; progress: number };

/** The team's nodes running now, with the worker running each. */
export async function listTeamRunningNodes(db: Db, teamId: string): Promise<RunningNode[]> {
  const rows = (await db.execute(sql`
    select n.worker_id, n.run_id, r.pipeline_id, p.name as pipeline_name, n.node_id, n.node_type, n.started_at, n.progress
    from node_runs n
    join runs r on r.id = n.run_id
    join pipelines p on p.id = r.pipeline_id
    where n.status = 'running' and n.worker_id is not null and r.team_id = ${teamId}
    order by n.started_at
    limit 200
  `)) as unknown as { worker_id: string; run_id: string; pipeline_id: string; pipeline_name: string; node_id: string; node_type: string; started_at: string; progress: number }[];
  return rows.map((r) => ({
    workerId: r.worker_id,
    runId: r.run_id,
    pipelineId: r.pipeline_id,
    pipelineName: r.pipeline_name,
    nodeId: r.node_id,
    nodeType: r.node_type,
    startedAt: new Date(r.started_at),
    progress: r.progress,
  }));
}

export type QueueDepth = { name: string; waiting: number; active: number; failed: number };

/**
 * Jobs per pg-boss queue: waiting (created or retry), active (a worker holds it), failed (kept until
 * pg-boss archives it). Every queue pg-boss knows is listed, empty ones too.
 */
export async function readQueueDepths(db: Db): Promise<QueueDepth[]> {
  const boss = sql.identifier(PGBOSS_SCHEMA);
  const rows = (await db.execute(sql`
    select q.name,
      count(j.id) filter (where j.state in ('created', 'retry'))::int as waiting,
      count(j.id) filter (where j.state = 'active')::int as active,
      count(j.id) filter (where j.state = 'failed')::int as failed
    from ${boss}.queue q
    left join ${boss}.job j on j.name = q.name and j.state in ('created', 'retry', 'active', 'failed')
    where q.name not like '\_\_pgboss%'
    group by q.name
    order by q.name
  `)) as unknown as QueueDepth[];
  return rows;
}

export type RecentFailure = { runId: string; pipelineId: string; pipelineName: string; nodeId: string; nodeType: string; status: string; error: string | null; finishedAt: Date | null };

/** The team's latest failed or dead-lettered nodes, newest first. */
export async function listRecentFailures(db: Db, teamId: string, limit = 10): Promise<RecentFailure[]> {
  const rows = (await db.execute(sql`
    select n.run_id, r.pipeline_id, p.name as pipeline_name, n.node_id, n.node_type, n.status, n.error, n.finished_at
    from node_runs n
    join runs r on r.id = n.run_id
    join pipelines p on p.id = r.pipeline_id
    where r.team_id = ${teamId} and n.status in ('failed', 'dead_letter')
    order by n.finished_at desc nulls last
    limit ${limit}
  `)) as unknown as { run_id: string; pipeline_id: string; pipeline_name: string; node_id: string; node_type: string; status: string; error: string | null; finished_at: string | null }[];
  return rows.map((r) => ({
    runId: r.run_id,
    pipelineId: r.pipeline_id,
    pipelineName: r.pipeline_name,
    nodeId: r.node_id,
    nodeType: r.node_type,
    status: r.status,
    error: r.error,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  }));
}

export type DatabaseHealth = { reachable: boolean; latencyMs: number | null; connections: number | null; maxConnections: number | null; error?: string };

/** One round trip: its time is the latency; the answer counts the server's connections against its limit. */
export async function readDatabaseHealth(db: Db): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    const [row] = (await db.execute(sql`
      select (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as connections,
        current_setting('max_connections')::int as max_connections
    `)) as unknown as { connections: number; max_connections: number }[];
    return { reachable: true, latencyMs: performance.now() - started, connections: row!.connections, maxConnections: row!.max_connections };
  } catch (error) {
    return { reachable: false, latencyMs: null, connections: null, maxConnections: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs of every team by status. */
export async function countRunsByStatus(db: Db) {
  return (await db.execute(sql`select status, count(*)::int as count from runs group by status`)) as unknown as { status: string; count: number }[];
}

export type BucketCounts = { buckets: { le: number; count: number }[]; count: number; sum: number };

/**
 * A cumulative histogram of `seconds` (a SQL expression over node_runs `n`) for rows matching `where`,
 * computed in Postgres so scraping costs one query, not one row per node ever run.
 */
async function histogramOf(db: Db, seconds: ReturnType<typeof sql>, where: ReturnType<typeof sql>, bounds: number[]): Promise<BucketCounts> {
  const filters = bounds.map((le) => sql`count(*) filter (where ${seconds} <= ${le})::int`);
  const [row] = (await db.execute(sql`
    select array[${sql.join(filters, sql`, `)}] as buckets, count(*)::int as count, coalesce(sum(${seconds}), 0)::float8 as sum
    from node_runs n where ${where}
  `)) as unknown as { buckets: number[]; count: number; sum: number }[];
  return { buckets: bounds.map((le, i) => ({ le, count: row!.buckets[i]! })), count: row!.count, sum: row!.sum };
}

/** How long finished nodes ran, by status (succeeded / failed / dead_letter). */
export async function nodeDurationHistograms(db: Db, bounds: number[]) {
  const seconds = sql`extract(epoch from n.finished_at - n.started_at)`;
  const statuses = ['succeeded', 'failed', 'dead_letter'];
  return Promise.all(
    statuses.map(async (status) => ({
      status,
      ...(await histogramOf(db, seconds, sql`n.status = ${status} and n.started_at is not null and n.finished_at is not null and n.cached_from_run_id is null`, bounds)),
    })),
  );
}

/** From a node's (last) dispatch to a worker claiming it: the wait a user sees between queued and running. */
export async function dispatchLatencyHistogram(db: Db, bounds: number[]) {
  const seconds = sql`greatest(extract(epoch from n.started_at - n.queued_at), 0)`;
  return histogramOf(db, seconds, sql`n.queued_at is not null and n.started_at is not null and n.started_at >= n.queued_at`, bounds);
}
