import { createClient } from 'graphql-ws';
import postgres from 'postgres';
import WebSocket from 'ws';
import type { PipelineGraph } from '../engine/graph-types';
import { spawnWorker } from '../tests/setup/spawn-worker';
import { gql, signUp, withBenchServer, type BenchServer } from './bench-server';
import { formatTable, type Figure } from './report';

/**
 * Issue 9: how fast a run moves. On the real server and real worker processes (embedded Postgres):
 * - dispatch: startRun → first node running, and a node finished → its successor running (p50/p95 of
 *   runs of a 10-node chain, one at a time, one worker), from the timestamps the run wrote;
 * - events: worker → 200 graphql-ws subscribers (10 users × 20 subscriptions, one run each), from each
 *   event's `at` to its receipt in this process;
 * - throughput: runs of the 10-node chain completed per minute with 1, 2 and 4 worker processes.
 * `BENCH_DISPATCH_RUNS` sets the runs of the first and last parts (default 20).
 */
const RUNS = Number(process.env.BENCH_DISPATCH_RUNS ?? 20);
const CHAIN_NODES = 10;
const USERS = 10;
const SUBSCRIBERS_PER_USER = 20;

/** Dataset → 9 Deduplicate steps: each node reads and writes a small table, so dispatch dominates. */
export function trivialChain(): PipelineGraph {
  const ids = Array.from({ length: CHAIN_NODES }, (_, i) => (i === 0 ? 'dataset-1' : `deduplicate-${i}`));
  return {
    nodes: ids.map((id, i) => ({
      id,
      type: i === 0 ? 'dataset' : 'deduplicate',
      version: 1,
      params: i === 0 ? { dataset: { source: 'sample', name: 'penguins' } } : {},
      position: { x: i * 240, y: 0 },
    })),
    edges: ids.slice(1).map((id, i) => ({ id: `${ids[i]}.data->${id}.data`, source: ids[i]!, sourcePort: 'data', target: id, targetPort: 'data' })),
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

type User = { cookie: string; pipelineId: string };

export async function measureDispatch(): Promise<string> {
  return withBenchServer('dispatch', { WORKERS: '0' }, async (server) => {
    const sql = postgres(server.databaseUrl, { max: 2, onnotice: () => {} });
    const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];
    const startWorkers = async (n: number) => {
      const started = await Promise.all(Array.from({ length: n }, () => spawnWorker({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, leaseSeconds: 30 })));
      workers.push(...started);
    };
    const stopWorkers = async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
    };
    try {
      const users: User[] = [];
      for (let i = 0; i < USERS; i++) {
        const cookie = await signUp(server.origin, `bench${i}@example.com`);
        const { createPipeline } = await gql(server.origin, cookie, `mutation { createPipeline(name: "Dispatch bench") { id } }`);
        await gql(server.origin, cookie, `mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: createPipeline.id, g: trivialChain() });
        users.push({ cookie, pipelineId: createPipeline.id });
      }
      // Forced: the same pipeline runs again and again, and stored outputs would let every node after the first run be reused.
      const start = (u: User) => gql(server.origin, u.cookie, `mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: u.pipelineId }).then((d) => d.startRun.id as string);
      const finished = async (runIds: string[]) => {
        for (;;) {
          const [row] = await sql<{ left: number }[]>`select count(*)::int as left from runs where id = any(${runIds}) and status in ('queued', 'running')`;
          if (row!.left === 0) return;
          await new Promise((r) => setTimeout(r, 20));
        }
      };

      // Dispatch, one run at a time on one worker; the first run warms the worker (module loading, caches).
      await startWorkers(1);
      const runIds: string[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const id = await start(users[0]!);
        await finished([id]);
        if (i > 0) runIds.push(id);
      }
      const dispatch = await dispatchFigures(sql, runIds);

      // Events: runs queued while no worker is live, 200 subscribers following them, then a worker.
      await stopWorkers();
      const eventRuns = await Promise.all(users.map(start));
      const latencies = await followLive(server, users, eventRuns, () => startWorkers(1));
      await finished(eventRuns);
      await stopWorkers();

      const throughput: Figure[] = [];
      for (const n of [1, 2, 4]) {
        await startWorkers(n);
        const started = performance.now();
        const ids = await Promise.all(Array.from({ length: RUNS }, (_, i) => start(users[i % USERS]!)));
        await finished(ids);
        const minutes = (performance.now() - started) / 60_000;
        const [bad] = await sql<{ n: number }[]>`select count(*)::int as n from runs where id = any(${ids}) and status <> 'succeeded'`;
        if (bad!.n > 0) throw new Error(`${bad!.n} of the throughput runs did not succeed.`);
        throughput.push({ name: `throughput, ${n} worker process${n > 1 ? 'es' : ''} (${CHAIN_NODES}-node runs)`, unit: 'runs/min', ours: RUNS / minutes });
        await stopWorkers();
      }

      const figures: Figure[] = [
        { name: 'startRun → first node running, p50', unit: 'ms', ours: percentile(dispatch.first, 50) },
        { name: 'startRun → first node running, p95', unit: 'ms', ours: percentile(dispatch.first, 95) },
        { name: '  of which start → job fetched, p50', unit: 'ms', ours: percentile(dispatch.firstFetched, 50) },
        { name: 'node finished → successor running, p50', unit: 'ms', ours: percentile(dispatch.next, 50) },
        { name: 'node finished → successor running, p95', unit: 'ms', ours: percentile(dispatch.next, 95) },
        { name: `event → ${USERS * SUBSCRIBERS_PER_USER} subscribers, p50`, unit: 'ms', ours: percentile(latencies, 50) },
        { name: `event → ${USERS * SUBSCRIBERS_PER_USER} subscribers, p95`, unit: 'ms', ours: percentile(latencies, 95) },
        ...throughput,
      ];
      const head =
        `dispatch: ${RUNS} runs of a ${CHAIN_NODES}-node chain, one at a time on one worker (asked: p50 ≤ 15 ms, p95 ≤ 50 ms); ` +
        `events: ${latencies.length} deliveries to ${USERS * SUBSCRIBERS_PER_USER} subscribers (asked: p95 ≤ 50 ms); throughput: ${RUNS} runs started at once`;
      return `${head}\n${formatTable(figures)}`;
    } finally {
      await stopWorkers().catch(() => undefined);
      await sql.end();
    }
  });
}

/** From the run's own timestamps: run created → root node started, and each node's predecessor finished → it started. */
async function dispatchFigures(sql: postgres.Sql, runIds: string[]) {
  // The job's started_on (pg-boss's fetch) splits the first dispatch: start transaction, commit and wake-up, then the claim.
  const first = await sql<{ ms: number; fetched: number }[]>`
    select extract(epoch from n.started_at - r.created_at)::float8 * 1000 as ms,
      extract(epoch from j.started_on - r.created_at)::float8 * 1000 as fetched
    from node_runs n join runs r on r.id = n.run_id left join pgboss.job j on j.id = n.job_id
    where n.run_id = any(${runIds}) and n.node_id = 'dataset-1'`;
  const next = await sql<{ ms: number }[]>`
    select extract(epoch from n.started_at - p.finished_at)::float8 * 1000 as ms
    from node_runs n
    join node_runs p on p.run_id = n.run_id
      and p.node_id = case when n.node_id = 'deduplicate-1' then 'dataset-1' else 'deduplicate-' || (split_part(n.node_id, '-', 2)::int - 1) end
    where n.run_id = any(${runIds}) and n.node_id like 'deduplicate-%'`;
  return { first: first.map((r) => r.ms), firstFetched: first.map((r) => r.fetched), next: next.map((r) => r.ms) };
}

/**
 * Opens SUBSCRIBERS_PER_USER subscriptions per user on one WebSocket each, waits until every one has its
 * replayed events, then calls `go` (which starts a worker) and records, for every event written after
 * that, the time from its `at` to its receipt.
 */
async function followLive(server: BenchServer, users: User[], runIds: string[], go: () => Promise<void>) {
  const latencies: number[] = [];
  let liveFrom = Infinity;
  const clients = users.map((u) =>
    createClient({
      url: `${server.origin.replace('http', 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie: u.cookie, origin: server.origin } });
        }
      },
      retryAttempts: 0,
    }),
  );
  const ready: Promise<void>[] = [];
  const done: Promise<void>[] = [];
  users.forEach((_, i) => {
    for (let s = 0; s < SUBSCRIBERS_PER_USER; s++) {
      let markReady!: () => void;
      ready.push(new Promise<void>((resolve) => (markReady = resolve)));
      done.push(
        new Promise<void>((resolve, reject) => {
          clients[i]!.subscribe<{ runEvents: { at: string } }>(
            { query: `subscription ($runId: ID!) { runEvents(runId: $runId) { at } }`, variables: { runId: runIds[i] } },
            {
              next: (result) => {
                const received = Date.now();
                markReady();
                const at = Date.parse(result.data!.runEvents.at);
                if (at >= liveFrom) latencies.push(received - at);
              },
              error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
              complete: resolve,
            },
          );
        }),
      );
    }
  });
  try {
    await Promise.all(ready);
    liveFrom = Date.now();
    await go();
    await Promise.all(done);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
  return latencies;
}
