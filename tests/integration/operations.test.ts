import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../server';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  // No worker in the harness: the tests start and kill their own.
  harness = await startHarness();
  user = await harness.signUp('ops@example.com');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await harness?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const STATUS = /* GraphQL */ `{
  system {
    liveWorkers
    workers { id pid state concurrency heartbeatAgeSeconds runningCount running { runId nodeId } }
    queues { name waiting active failed }
    database { reachable latencyMs connections maxConnections }
  }
}`;
type Status = {
  liveWorkers: number;
  workers: { id: string; pid: number; state: string; concurrency: number; heartbeatAgeSeconds: number }[];
  queues: { name: string; waiting: number; active: number; failed: number }[];
  database: { reachable: boolean; latencyMs: number; connections: number; maxConnections: number };
};
const status = async () => (await user.gql<{ system: Status }>(STATUS)).data!.system;

/** One sample of a series, e.g. value(text, 'pipewright_runs{status="succeeded"}'); undefined when absent. */
function sample(text: string, series: string) {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
const scrape = async () => {
  const res = await fetch(`${harness.origin}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return res.text();
};

test('the status shows a worker live with its heartbeat, then lost once it is killed and stops beating', async () => {
  const w = await spawnWorker({ databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 30, concurrency: 3, extraEnv: { WORKER_HEARTBEAT_SECONDS: '0.5' } });
  workers.push(w);
  const live = (await status()).workers.find((x) => x.pid === w.pid)!;
  expect(live).toMatchObject({ state: 'live', concurrency: 3 });
  expect(live.heartbeatAgeSeconds).toBeLessThan(2);

  await w.kill();
  // Three missed beats of 0.5 s.
  const lost = await until('the killed worker to show as lost', async () => (await status()).workers.find((x) => x.pid === w.pid && x.state === 'lost'));
  expect(lost.heartbeatAgeSeconds).toBeGreaterThanOrEqual(1);
  expect((await status()).liveWorkers).toBe(0);
}, 60_000);

test('/metrics and the status follow a run: queued with a waiting job and an open subscription, then every node timed', async () => {
  const created = await user.gql(`mutation { createPipeline(name: "Metrics") { id } }`);
  const pipelineId = created.data!.createPipeline.id as string;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: penguinsGraph });
  const preview = await user.gql(`query ($p: ID!, $g: JSON!, $n: ID!) { preview(pipelineId: $p, graph: $g, nodeId: $n) }`, { p: pipelineId, g: penguinsGraph, n: penguinsGraph.nodes[0]!.id });
  expect(preview.errors).toBeUndefined();

  // No worker is live, so the run waits in the queue.
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  const runId = started.data!.startRun.id as string;
  const watching = user.subscribe(`subscription ($runId: ID!) { runEvents(runId: $runId) { type status } }`, { runId });

  const waiting = await until('the subscription to open', async () => {
    const text = await scrape();
    return sample(text, 'pipewright_graphql_subscriptions') === 1 && text;
  });
  expect(sample(waiting, 'pipewright_runs{status="queued"}')).toBe(1);
  expect(sample(waiting, 'pipewright_queue_jobs{queue="run-node",state="waiting"}')).toBeGreaterThanOrEqual(1);
  expect(sample(waiting, 'pipewright_preview_latency_seconds_count{outcome="ok"}')).toBe(1);
  expect(sample(waiting, 'pipewright_preview_latency_seconds_sum{outcome="ok"}')).toBeGreaterThan(0);
  const queued = await status();
  expect(queued.queues.find((q) => q.name === 'run-node')!.waiting).toBeGreaterThanOrEqual(1);
  expect(queued.database).toMatchObject({ reachable: true });
  expect(queued.database.latencyMs).toBeGreaterThan(0);
  expect(queued.database.connections).toBeGreaterThanOrEqual(1);
  expect(queued.database.maxConnections).toBeGreaterThanOrEqual(queued.database.connections);

  workers.push(await spawnWorker({ databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 30 }));
  const events = (await watching) as { runEvents: { type: string; status: string } }[];
  expect(events.at(-1)!.runEvents).toEqual({ type: 'run_status', status: 'succeeded' });

  const done = await until('the subscription to close', async () => {
    const text = await scrape();
    return sample(text, 'pipewright_graphql_subscriptions') === 0 && text;
  });
  const nodes = penguinsGraph.nodes.length;
  expect(sample(done, 'pipewright_runs{status="queued"}')).toBe(0);
  expect(sample(done, 'pipewright_runs{status="succeeded"}')).toBe(1);
  expect(sample(done, 'pipewright_node_duration_seconds_count{status="succeeded"}')).toBe(nodes);
  expect(sample(done, 'pipewright_node_duration_seconds_bucket{status="succeeded",le="+Inf"}')).toBe(nodes);
  expect(sample(done, 'pipewright_node_duration_seconds_sum{status="succeeded"}')).toBeGreaterThan(0);
  expect(sample(done, 'pipewright_dispatch_latency_seconds_count')).toBe(nodes);
  // The root waited for the worker to start (seconds); each later node was taken within a second or so.
  const sum = sample(done, 'pipewright_dispatch_latency_seconds_sum')!;
  expect(sum).toBeGreaterThan(0);
  expect(sum).toBeLessThan(120);
  expect(sample(done, 'pipewright_dispatch_latency_seconds_bucket{le="+Inf"}')).toBe(nodes);
  expect(sample(done, 'pipewright_queue_jobs{queue="run-node",state="waiting"}')).toBe(0);
  expect(done).toMatch(/^pipewright_process_resident_memory_bytes \d+/m);
}, 120_000);

test('with METRICS_TOKEN set, /metrics needs the bearer token', async () => {
  const app = await buildApp(harness.services, { port: 0, host: '127.0.0.1', dev: false, metricsToken: 'scrape-me' });
  const port = await app.start();
  try {
    const bare = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await bare.text()).toMatch(/Authorization: Bearer <METRICS_TOKEN>/);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer wrong-one' } })).status).toBe(401);
    const ok = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^# TYPE pipewright_runs gauge/m);
  } finally {
    await app.stop();
  }
});
