import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { memberships, nodeRuns, notifications, runEvents, runs } from '../../db/schema';
import { penguinsGraph, slowPenguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

const RUN_EVENTS = /* GraphQL */ `
  subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status progress message at } }
`;
const CANCEL = /* GraphQL */ `mutation ($id: ID!) { cancelRun(runId: $id) { id status error } }`;
type RunEvent = { seq: number; type: string; nodeId: string | null; status: string | null; progress: number | null; message: string | null; at: string };

let harness: Awaited<ReturnType<typeof startHarness>>;
let worker: Awaited<ReturnType<typeof spawnWorker>>;
let user: UserClient;
let pg: postgres.Sql;

// A worker process of its own, as in production: a fit in the web process would slow the cancel request itself.
// Its lease (60 s, renewed every 20 s) is far longer than the stop allowed below, so the stop is the cancel
// message's doing, not a lease renewal finding the run ended.
beforeAll(async () => {
  harness = await startHarness();
  worker = await spawnWorker({ databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 60, concurrency: 2 });
  user = await harness.signUp('canceller@example.com');
  pg = postgres(harness.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await pg?.end();
  await worker?.stop();
  await harness?.stop();
});

async function startPipeline(client: UserClient, graph: unknown) {
  const created = await client.gql(`mutation { createPipeline(name: "Cancel me") { id } }`);
  const id = created.data!.createPipeline.id as string;
  expect((await client.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph })).errors).toBeUndefined();
  // Forced: steps another test already ran would be reused from stored outputs, leaving nothing to cancel.
  const started = await client.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id });
  expect(started.errors).toBeUndefined();
  return started.data!.startRun.id as string;
}

/** Follows a run over graphql-ws; `until` resolves once an event matches. */
function follow(client: UserClient, runId: string) {
  const events: RunEvent[] = [];
  const waiters: { match: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }[] = [];
  const done = client.subscribe<{ runEvents: RunEvent }>(RUN_EVENTS, { runId }, ({ runEvents: e }) => {
    events.push(e);
    for (const w of waiters.filter((w) => w.match(e))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  const until = (match: (e: RunEvent) => boolean) =>
    new Promise<RunEvent>((resolve) => {
      const seen = events.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  return { events, done, until };
}

/** The pg-boss job a node's current dispatch was sent as: `completed` once its worker's handler returned. */
async function jobStateOf(runId: string, nodeId: string) {
  const [row] = (await harness.services.db.execute(sql`
    select j.state::text as state from node_runs n join pgboss.job j on j.id = n.job_id
    where n.run_id = ${runId} and n.node_id = ${nodeId}
  `)) as unknown as { state: string }[];
  return row?.state;
}

/** Every file the run's steps stored in the blob store (their outputs). */
function blobFilesOf(runId: string) {
  const dir = path.join(harness.dataDir, 'blobs', 'runs', runId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cancelRun', () => {
  test('mid-training: a neural network and gradient boosting stop within seconds, nothing after them starts, the run ends cancelled', async () => {
    const graph = slowPenguinsGraph(10_000);
    graph.nodes.push({ id: 'train-2', type: 'train', version: 2, params: { target: 'Species', model: 'gradient_boosting', hyperparameters: { max_iter: 10_000, n_iter_no_change: 10_000 } }, position: { x: 260, y: 400 } });
    graph.edges.push({ id: 'scale->train-2', source: 'standard-scale-1', sourcePort: 'data', target: 'train-2', targetPort: 'data' });
    const runId = await startPipeline(user, graph);
    const run = follow(user, runId);
    // Both fits are under way (they report progress) before the cancel.
    await run.until((e) => e.type === 'node_progress' && e.nodeId === 'train-1');
    await run.until((e) => e.type === 'node_progress' && e.nodeId === 'train-2');

    const cancelledAt = Date.now();
    const filesAtCancel = blobFilesOf(runId);
    const answer = await user.gql(CANCEL, { id: runId });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.cancelRun).toEqual({ id: runId, status: 'cancelled', error: 'Cancelled by canceller' });
    const final = await run.until((e) => e.type === 'run_status' && e.status === 'cancelled');
    expect(final.message).toBe('Cancelled by canceller');
    await run.done;

    // The worker heard the cancel and returned from both fits: their jobs completed within seconds (here,
    // on a machine shared with other test runs), long before the fits' own end, and no output of either was
    // recorded or written: not one blob file appeared after the cancel.
    for (const nodeId of ['train-1', 'train-2']) {
      await waitUntil(`${nodeId}'s job to end`, async () => ((await jobStateOf(runId, nodeId)) === 'completed' ? true : undefined), 10_000);
      const [node] = await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, nodeId)));
      expect(node).toMatchObject({ status: 'cancelled', outputs: null });
    }
    expect(blobFilesOf(runId)).toEqual(filesAtCancel);
    expect(filesAtCancel.filter((f) => f.startsWith('train-'))).toEqual([]);
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);

    const cancelSeq = run.events.find((e) => e.type === 'node_status' && e.status === 'cancelled')!.seq;
    // Nothing of the training nodes after the cancel (no progress, log or success): only the cancel itself.
    const history = await harness.services.db.select().from(runEvents).where(eq(runEvents.runId, runId));
    expect(new Set(history.filter((e) => e.seq >= cancelSeq).map((e) => `${e.type} ${e.status}`))).toEqual(new Set(['node_status cancelled', 'run_status cancelled']));
    const rows = await harness.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
    const statusOf = Object.fromEntries(rows.map((r) => [r.nodeId, r.status]));
    expect(statusOf).toMatchObject({ 'train-1': 'cancelled', 'train-2': 'cancelled', 'evaluate-1': 'cancelled', 'dataset-1': 'succeeded' });
    // Evaluate waited on train-1: it never started.
    expect(history.filter((e) => e.nodeId === 'evaluate-1').map((e) => e.status)).toEqual(['queued', 'cancelled']);
    expect(rows.find((r) => r.nodeId === 'evaluate-1')!.attempt).toBe(0);

    const [stored] = await harness.services.db.select().from(runs).where(eq(runs.id, runId));
    expect(stored).toMatchObject({ status: 'cancelled', error: 'Cancelled by canceller' });
    expect(stored!.cancelRequestedAt).toBeInstanceOf(Date);
    expect(stored!.cancelledBy).toBe(stored!.startedBy);
    // The starter (here also the canceller: one notification, not two).
    const told = await harness.services.db.select().from(notifications).where(eq(notifications.runId, runId));
    expect(told.map((n) => ({ event: n.event, body: n.body, link: n.link, userId: n.userId }))).toEqual([
      { event: 'run_cancelled', body: 'Cancelled by canceller', link: `/runs/${runId}`, userId: stored!.startedBy },
    ]);

    // Safe to repeat: the same answer, and nothing more happens.
    const again = await user.gql(CANCEL, { id: runId });
    expect(again.data!.cancelRun).toEqual({ id: runId, status: 'cancelled', error: 'Cancelled by canceller' });
    expect(await harness.services.db.select().from(runEvents).where(eq(runEvents.runId, runId))).toHaveLength(history.length);
  }, 120_000);

  test('a cancel that lands after a fit finished but before its result is recorded leaves no output file behind', async () => {
    // One gradient-boosting Train, long enough (seconds) for the run's row to be locked while it fits.
    const graph = structuredClone(penguinsGraph);
    const train = graph.nodes.find((n) => n.id === 'train-1')!;
    train.version = 2;
    train.params = { target: 'Species', model: 'gradient_boosting', hyperparameters: { max_iter: 2_000, n_iter_no_change: 2_000 } };
    const runId = await startPipeline(user, graph);
    const run = follow(user, runId);
    await run.until((e) => e.type === 'node_status' && e.nodeId === 'train-1' && e.status === 'running');
    const lockWaiters = async () =>
      Number((await pg`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)[0]!.n);

    let cancelled: Promise<unknown> | undefined;
    // Holding the run's row lock parks the step's progress writes (and with them its completion, which waits for
    // them): the fit ends and writes its model file while we hold it. The cancel then queues for the lock ahead of
    // the completion, so it commits first, exactly as a cancel arriving in that instant would.
    await pg.begin(async (tx) => {
      await tx`select 1 from runs where id = ${runId} for update`;
      const model = path.join(harness.dataDir, 'blobs', 'runs', runId, 'train-1', '1', 'model.bin');
      await waitUntil('the fit to write its model file', async () => (existsSync(model) ? true : undefined), 120_000);
      const before = await lockWaiters();
      cancelled = user.gql(CANCEL, { id: runId });
      await waitUntil('the cancel to queue for the run lock', async () => ((await lockWaiters()) > before ? true : undefined), 10_000);
    });
    expect(((await cancelled) as { data: { cancelRun: { status: string } } }).data.cancelRun.status).toBe('cancelled');
    await run.until((e) => e.type === 'run_status' && e.status === 'cancelled');
    await waitUntil("train-1's job to end", async () => ((await jobStateOf(runId, 'train-1')) === 'completed' ? true : undefined), 30_000);
    const [node] = await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, 'train-1')));
    expect(node).toMatchObject({ status: 'cancelled', outputs: null });
    expect(blobFilesOf(runId).filter((f) => f.startsWith('train-1'))).toEqual([]);
  }, 180_000);

  test('a queued run that no worker took yet is cancelled before any node starts', async () => {
    // Occupy both worker slots so the next run waits in the queue.
    const blockers = [await startPipeline(user, slowPenguinsGraph(10_000)), await startPipeline(user, slowPenguinsGraph(10_000))];
    await Promise.all(blockers.map((id) => follow(user, id).until((e) => e.type === 'node_progress' && e.nodeId === 'train-1')));
    const runId = await startPipeline(user, penguinsGraph);
    const answer = await user.gql(CANCEL, { id: runId });
    expect(answer.data!.cancelRun.status).toBe('cancelled');
    for (const id of blockers) expect((await user.gql(CANCEL, { id })).data!.cancelRun.status).toBe('cancelled');
    // The freed slots take the cancelled run's job, which claimNode refuses: not one node ever ran.
    await waitUntil('the cancelled run\'s job to be dropped', async () => ((await jobStateOf(runId, 'dataset-1')) === 'completed' ? true : undefined), 10_000);
    const rows = await harness.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
    expect(rows.map((r) => [r.status, r.attempt])).toEqual(rows.map(() => ['cancelled', 0]));
    const started = await harness.services.db.select().from(runEvents).where(and(eq(runEvents.runId, runId), eq(runEvents.status, 'running')));
    expect(started).toEqual([]);
  }, 120_000);

  test('a finished run says so; another team gets NOT_FOUND; a viewer is refused', async () => {
    const runId = await startPipeline(user, penguinsGraph);
    await follow(user, runId).done;
    const finished = await user.gql(CANCEL, { id: runId });
    expect(finished.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(finished.errors![0]!.message).toBe('This run already finished (it succeeded), so there is nothing to cancel. Rerun it if you need another run.');

    const outsider = await harness.signUp('outsider@example.com');
    const running = await startPipeline(user, slowPenguinsGraph(10_000));
    for (const id of [running, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const refused = await outsider.gql(CANCEL, { id });
      expect(refused.errors![0]!.extensions!.code).toBe('NOT_FOUND');
      expect(refused.errors![0]!.message).toBe('Run was not found in your team.');
    }
    // The same user made a viewer of their team: read-only.
    const [stored] = await harness.services.db.select().from(runs).where(eq(runs.id, running));
    const membership = and(eq(memberships.teamId, stored!.teamId), eq(memberships.userId, stored!.startedBy!));
    await harness.services.db.update(memberships).set({ role: 'viewer' }).where(membership);
    const viewer = await user.gql(CANCEL, { id: running });
    await harness.services.db.update(memberships).set({ role: 'owner' }).where(membership);
    expect(viewer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const [still] = await harness.services.db.select().from(runs).where(eq(runs.id, running));
    expect(still!.status).not.toBe('cancelled');
    expect((await user.gql(CANCEL, { id: running })).data!.cancelRun.status).toBe('cancelled');
  }, 120_000);
});
