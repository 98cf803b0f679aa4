import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, expect, onTestFailed, test } from 'vitest';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let sql: postgres.Sql;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('drain@example.com');
  sql = postgres(harness.databaseUrl, { max: 1, onnotice: () => {} });
});
// A failure shows what the workers printed.
beforeEach(() => onTestFailed(() => workers.forEach((w, i) => console.log(`--- worker ${i + 1} (pid ${w.pid}) ---\n${w.output()}`))));
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await sql?.end();
  await harness?.stop();
});

type Event = { seq: number; type: string; nodeId: string | null; status: string | null; message: string | null; payload: any; at: string };

const worker = async (drainSeconds: number) => {
  const w = await spawnWorker({ databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 30, extraEnv: { WORKER_DRAIN_SECONDS: String(drainSeconds) } });
  workers.push(w);
  return w;
};
const workerIdOf = async (pid: number) => (await sql<{ id: string }[]>`select id from workers where pid = ${pid}`)[0]!.id;

/** Starts a run whose Train node takes seconds, and calls `onTraining` once, at its first progress event. */
async function runWith(onTraining: () => unknown) {
  const created = await user.gql(`mutation { createPipeline(name: "Drain") { id } }`);
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: slowPenguinsGraph(200) });
  // Forced: each test needs its nodes computed, not reused from an earlier test's stored outputs.
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: pipelineId });
  const runId = started.data!.startRun.id as string;
  let acted = false;
  const events = await user.subscribe<{ runEvents: Event }>(
    `subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status message payload at } }`,
    { runId },
    (e) => {
      if (!acted && e.runEvents.nodeId === 'train-1' && e.runEvents.type === 'node_progress') {
        acted = true;
        onTraining();
      }
    },
  );
  return { runId, events: events.map((e) => e.runEvents) };
}

const statusesOf = (events: Event[], nodeId: string) =>
  events.filter((e) => e.nodeId === nodeId && e.type === 'node_status').map((e) => [e.status, e.payload?.attempt ?? null]);

test('SIGTERM mid-node: the worker finishes the node within its grace period, exits 0, and another worker completes the run', async () => {
  const first = await worker(60);
  const firstId = await workerIdOf(first.pid);
  let exit: Promise<{ code: number | null }> | undefined;
  let second: Promise<unknown> | undefined;
  let drainingSeen: Promise<boolean> | undefined;
  const { runId, events } = await runWith(() => {
    exit = first.stop();
    // Watched until the worker exits (a clean exit deletes the row), not for a fixed time: on a loaded CI
    // machine its drain could start later than two seconds after the signal, and a fixed window missed it.
    let exited = false;
    void exit.then(() => (exited = true));
    drainingSeen = (async () => {
      while (!exited) {
        const [row] = await sql<{ draining: boolean }[]>`select draining from workers where id = ${firstId}`;
        if (row?.draining) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    })();
    // Its successors need a worker that stays.
    second = worker(60);
  });
  expect((await exit!).code).toBe(0);
  await second;
  expect(await drainingSeen!).toBe(true);

  expect(statusesOf(events, 'train-1')).toEqual([
    ['queued', null],
    ['running', 1],
    ['succeeded', null],
  ]);
  expect(events.find((e) => e.nodeId === 'train-1' && e.status === 'running')!.payload.worker).toBe(firstId);
  // Every node ran exactly once, and the run succeeded.
  for (const nodeId of new Set(events.filter((e) => e.nodeId).map((e) => e.nodeId!))) {
    expect(statusesOf(events, nodeId).filter(([s]) => s === 'running')).toHaveLength(1);
  }
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const rows = await sql<{ node_id: string; attempt: number; worker_id: string }[]>`select node_id, attempt, worker_id from node_runs where run_id = ${runId}`;
  expect(rows.every((r) => r.attempt === 1)).toBe(true);
  expect(rows.find((r) => r.node_id === 'train-1')!.worker_id).toBe(firstId);
  // A clean stop removes the worker's heartbeat row.
  expect(await sql`select 1 from workers where id = ${firstId}`).toHaveLength(0);
}, 300_000);

test('SIGTERM past the grace period: the running node is handed back and another worker starts it at once, not after its lease', async () => {
  // Two idle workers with no grace period; whichever takes the Train node gets SIGTERM, the other picks it up.
  // The previous test's surviving worker (60 s grace) would otherwise race them for the node and, if it won, finish it.
  await Promise.all(workers.map((w) => w.stop()));
  const pair = [await worker(0), await worker(0)];
  const ids = await Promise.all(pair.map((w) => workerIdOf(w.pid)));
  let leavingId = '';
  let exit: Promise<{ code: number | null }> | undefined;
  const { runId, events } = await runWith(async () => {
    const [row] = await sql<{ worker_id: string }[]>`select n.worker_id from node_runs n join runs r on r.id = n.run_id where n.node_id = 'train-1' and n.status = 'running' order by r.created_at desc limit 1`;
    leavingId = row!.worker_id;
    exit = pair[ids.indexOf(leavingId)]!.stop();
  });
  expect((await exit!).code).toBe(0);

  expect(statusesOf(events, 'train-1')).toEqual([
    ['queued', null],
    ['running', 1],
    ['queued', null],
    ['running', 2],
    ['succeeded', null],
  ]);
  const train = events.filter((e) => e.nodeId === 'train-1');
  const runnings = train.filter((e) => e.status === 'running');
  // The pair's other worker took it over.
  expect(runnings[0]!.payload.worker).toBe(leavingId);
  expect(runnings[1]!.payload.worker).toBe(ids.find((id) => id !== leavingId));
  expect(train.find((e) => e.type === 'node_log')?.message).toMatch(/is stopping; another worker is starting this step again/);
  // Handed back, then taken within seconds: a lapsed lease (30 s here) played no part.
  const handedBack = train.findLast((e) => e.status === 'queued')!;
  expect(new Date(runnings[1]!.at).getTime() - new Date(handedBack.at).getTime()).toBeLessThan(5_000);
  expect(train.filter((e) => e.status === 'succeeded')).toHaveLength(1);
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const [row] = await sql<{ attempt: number; status: string }[]>`select attempt, status from node_runs where run_id = ${runId} and node_id = 'train-1'`;
  expect(row).toEqual({ attempt: 2, status: 'succeeded' });
}, 300_000);
