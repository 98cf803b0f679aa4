import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type postgresTypes from 'postgres';
import { afterAll, beforeAll, beforeEach, expect, onTestFailed, test } from 'vitest';
import { ensureDatabase } from '../../db/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';
import { postgres } from '../../db/postgres-js';
import { penguinsGraph, slowPenguinsGraph } from '../fixtures/penguins-graph';
import { signUpAt, type UserClient } from '../setup/app-harness';
import { SERVER_READY, waitForOutput } from '../setup/child-output';
import { freePort } from '../setup/global-db';
import { spawnWorker } from '../setup/spawn-worker';

/**
 * A Postgres restart (fast shutdown, then a start on the same data directory and port) while a run trains:
 * the web process, its forked worker and a second worker process all reconnect, and the run completes with
 * every node run once and every event recorded once. The Postgres is this file's own: the shared one serves
 * every other test file.
 */
const LEASE_SECONDS = 60;
type Event = { seq: number; type: string; nodeId: string | null; status: string | null; payload: any; at: string };
const RUN_EVENTS = `subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status payload at } }`;

let root: string;
let pgDir: string;
let pgPort: number;
let pg: EmbeddedDatabase;
let sql: postgresTypes.Sql;
let server: ReturnType<typeof spawnServerOn>;
let worker: Awaited<ReturnType<typeof spawnWorker>>;
let user: UserClient;

/** server.ts as `npm start` runs it against DATABASE_URL, with one forked worker. */
function spawnServerOn(databaseUrl: string, dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: '0', WORKERS: '1', NODE_LEASE_SECONDS: String(LEASE_SECONDS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = waitForOutput(child, SERVER_READY);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    origin: started.matched.then((m) => m[1]!),
    output: started.output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const startPg = () => startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pipewright-pg-mid-run-'));
  // Parents must be readable by the postgres OS user when tests run as root.
  await chmod(root, 0o755);
  pgDir = path.join(root, 'pg');
  pgPort = await freePort();
  pg = await startPg();
  await ensureDatabase(pg.url('postgres'), 'pipewright');
  const databaseUrl = pg.url('pipewright');
  const dataDir = path.join(root, 'data');
  server = spawnServerOn(databaseUrl, dataDir);
  const origin = await server.origin;
  worker = await spawnWorker({ databaseUrl, dataDir, leaseSeconds: LEASE_SECONDS });
  user = await signUpAt(origin, 'restart@example.com');
  sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
}, 180_000);
beforeEach(() =>
  onTestFailed(() => {
    console.log(`--- server ---\n${server.output()}`);
    console.log(`--- worker (pid ${worker.pid}) ---\n${worker.output()}`);
  }),
);
afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await worker?.stop();
  await server?.stop();
  await pg?.stop();
  if (root) await rm(root, { recursive: true, force: true });
}, 60_000);

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a forced run of `graph` and follows it over one graphql-ws subscription; `onTraining` fires at Train's first progress. */
async function runWith(graph: unknown, onTraining: (runId: string) => unknown) {
  const created = await user.gql(`mutation { createPipeline(name: "Restart") { id } }`);
  const pipelineId = created.data!.createPipeline.id as string;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: graph });
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: pipelineId });
  expect(started.errors).toBeUndefined();
  const runId = started.data!.startRun.id as string;
  let acted = false;
  const events = user.subscribe<{ runEvents: Event }>(RUN_EVENTS, { runId }, ({ runEvents: e }) => {
    if (acted || e.nodeId !== 'train-1' || e.type !== 'node_progress') return;
    acted = true;
    onTraining(runId);
  });
  return { runId, events: events.then((all) => all.map((e) => e.runEvents)) };
}

const jobState = async (runId: string, nodeId: string) =>
  (await sql<{ state: string }[]>`select j.state::text as state from node_runs n join pgboss.job j on j.id = n.job_id where n.run_id = ${runId} and n.node_id = ${nodeId}`)[0]?.state;

/** The run succeeded; its one subscription carried every event once, in order; every node ran to success exactly once. */
async function expectEveryNodeRanOnce(runId: string, seen: Event[]) {
  const seqs = seen.map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(seen.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const stored = await sql<{ seq: number }[]>`select seq::int as seq from run_events where run_id = ${runId} order by seq`;
  expect(stored.map((r) => r.seq)).toEqual(seqs);
  // One attempt, no failed attempt, and one running event per node.
  const nodes = await sql<{ node_id: string; status: string; attempt: number; attempts: unknown[] }[]>`
    select node_id, status, attempt, attempts from node_runs where run_id = ${runId}`;
  expect(nodes).toHaveLength(penguinsGraph.nodes.length);
  for (const n of nodes) expect(n, n.node_id).toMatchObject({ status: 'succeeded', attempt: 1, attempts: [] });
  for (const { node_id } of nodes) {
    const statuses = seen.filter((e) => e.nodeId === node_id && e.type === 'node_status').map((e) => e.status);
    expect(statuses, node_id).toEqual(['queued', 'running', 'succeeded']);
  }
}

test('Postgres restarted mid-training: the run completes, every node ran once, no event is lost or repeated, and everything reconnects', async () => {
  let restarted: Promise<{ downAt: number; upAt: number }> | undefined;
  const { runId, events } = await runWith(slowPenguinsGraph(400), () => {
    restarted = (async () => {
      const downAt = Date.now();
      await pg.stop(); // fast shutdown: open transactions roll back, every connection is closed
      pg = await startPg();
      return { downAt, upAt: Date.now() };
    })();
  });
  const seen = await events;
  const { upAt } = await restarted!;
  await expectEveryNodeRanOnce(runId, seen);
  // Training really spanned the restart.
  const trainEnd = seen.find((e) => e.nodeId === 'train-1' && e.status === 'succeeded')!;
  expect(new Date(trainEnd.at).getTime()).toBeGreaterThan(upAt - 1000);

  // The web answers GraphQL.
  const run = await user.gql(`query ($id: ID!) { run(id: $id) { status error } }`, { id: runId });
  expect(run.data!.run).toEqual({ status: 'succeeded', error: null });
  // Both worker processes (the forked one and the separate one) heartbeat again.
  const beats = await until(
    'both workers to heartbeat after the restart',
    async () => {
      const rows = await sql<{ n: number }[]>`select count(*)::int as n from workers where heartbeat_at > ${new Date(upAt)}`;
      return rows[0]!.n >= 2 && rows[0]!.n;
    },
    30_000,
  );
  expect(beats).toBe(2);
}, 240_000);

test('after the restart, workers still hear cancels and wake-ups, and subscriptions stream live', async () => {
  // A cancel reaches the worker by NOTIFY at once; without its LISTEN it would wait for a lease renewal (20 s here).
  let cancelledAt = 0;
  const { runId, events } = await runWith(slowPenguinsGraph(10_000), (id) => {
    cancelledAt = Date.now();
    void user.gql(`mutation ($id: ID!) { cancelRun(runId: $id) { id } }`, { id });
  });
  const seen = await events;
  expect(seen.at(-1)).toMatchObject({ type: 'run_status', status: 'cancelled' });
  await until('the cancelled Train job to end', async () => (await jobState(runId, 'train-1')) === 'completed', 15_000);
  expect(Date.now() - cancelledAt).toBeLessThan(15_000);

  // A fresh run completes end to end.
  const { events: next } = await runWith(penguinsGraph, () => {});
  expect((await next).at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
}, 120_000);

test('Postgres restarted while a finished Train waits to record its result: it is recorded once, by the same attempt', async () => {
  let restarted: Promise<number> | undefined;
  let runDir = '';
  const { runId, events } = await runWith(slowPenguinsGraph(150), (id) => {
    runDir = path.join(root, 'data', 'blobs', 'runs', id, 'train-1');
    // Holding the run's row lock parks Train's progress writes, and with them its completion (which waits for them):
    // the fit ends and writes its outputs, then the restart ends our lock and the worker's waiting writes together.
    const held = sql.begin(async (tx) => {
      await tx`select 1 from runs where id = ${id} for update`;
      await until('Train to write its outputs', async () => existsSync(path.join(runDir, '1', 'model.bin')), 120_000);
      restarted = (async () => {
        await pg.stop();
        pg = await startPg();
        return Date.now();
      })();
      await restarted;
    });
    held.catch(() => {}); // ended by the restart
  });
  const seen = await events;
  const upAt = await restarted!;
  await expectEveryNodeRanOnce(runId, seen);
  const trainEnd = seen.find((e) => e.nodeId === 'train-1' && e.status === 'succeeded')!;
  expect(new Date(trainEnd.at).getTime()).toBeGreaterThan(upAt - 1000);
  expect(readdirSync(runDir)).toEqual(['1']);
}, 240_000);
