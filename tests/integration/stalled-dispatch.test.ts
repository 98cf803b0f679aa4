import { and, eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeRuns, runEvents } from '../../db/schema';
import { startWorker } from '../../worker/boot';
import { recoverStalledDispatches } from '../../worker/node-recovery';
import { QUEUES, startBoss, type RunNodePayload } from '../../worker/queues';
import { claimNode } from '../../worker/run-lifecycle';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let boss: PgBoss;

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('stalled@example.com');
  // Plays the part of a worker: takes jobs exactly as pg-boss hands them out, then "dies".
  boss = await startBoss(harness.databaseUrl, { supervise: false, leaseSeconds: 30 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await harness?.stop();
});

async function startPenguinRun(name: string) {
  const created = await user.gql(`mutation ($n: String!) { createPipeline(name: $n) { id } }`, { n: name });
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: penguinsGraph });
  // Forced: each test needs real node jobs, which stored outputs of an earlier test's run would replace.
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: pipelineId });
  return started.data!.startRun.id as string;
}

/** Takes the run's only queued job (the root node's) the way a worker does: it turns `active`. */
async function takeRootJob(runId: string) {
  const jobs = await boss.fetch<RunNodePayload>(QUEUES.runNode, { batchSize: 10 });
  const job = jobs.find((j) => j.data.runId === runId);
  expect(job, 'the root node job should be waiting in the queue').toBeDefined();
  return job!;
}

const nodeRow = async (runId: string, nodeId: string) =>
  (await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, nodeId))))[0]!;

async function waitForRun(runId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await user.gql(`query ($id: ID!) { run(id: $id) { status } }`, { id: runId });
    const status = data!.run.status as string;
    if (!['queued', 'running'].includes(status) || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a job taken by a worker that died before claiming its node is dispatched again, and the run completes', async () => {
  const runId = await startPenguinRun('Stalled');
  const taken = await takeRootJob(runId);
  // The "worker" that took the job is gone; a healthy worker starts now. After one lease (3 s) of silence
  // the taken job counts as lost.
  const worker = await startWorker({ databaseUrl: harness.databaseUrl, blobDir: `${harness.dataDir}/blobs`, concurrency: 2, leaseSeconds: 3 });
  try {
    expect(await waitForRun(runId, 30_000)).toBe('succeeded');
  } finally {
    await worker.stop();
  }
  const root = await nodeRow(runId, taken.data.nodeId);
  expect(root.dispatch).toBe(2);
  const logs = await harness.services.db.select().from(runEvents).where(and(eq(runEvents.runId, runId), eq(runEvents.type, 'node_log')));
  expect(logs.map((e) => e.message)).toContain('The worker that took this step stopped before starting it; sending it to a worker again.');
});

test('a retried job (pg-boss expiry) never takes over a node whose lease is live', async () => {
  const runId = await startPenguinRun('Expired job');
  const job = await takeRootJob(runId);
  const first = await claimNode(harness.services.db, job.data, 30);
  expect(first?.attempt).toBe(1);
  // pg-boss hands the same job (same dispatch) out again after its expiry while attempt 1 still runs.
  expect(await claimNode(harness.services.db, job.data, 30)).toBeNull();
  const root = await nodeRow(runId, job.data.nodeId);
  expect(root).toMatchObject({ status: 'running', attempt: 1 });
});

test('a job merely waiting for a free worker is left alone; a job that ended while its node is queued is sent again', async () => {
  const { db } = harness.services;
  const runId = await startPenguinRun('Waiting');
  // No worker has taken the job: even with no grace at all, nothing is re-dispatched.
  expect(await recoverStalledDispatches(db, boss, 0)).toBe(0);
  const job = await takeRootJob(runId);
  await boss.complete(QUEUES.runNode, job.id);
  expect(await recoverStalledDispatches(db, boss, 0)).toBe(1);
  const root = await nodeRow(runId, job.data.nodeId);
  expect(root).toMatchObject({ status: 'queued', dispatch: 2 });
  expect(root.jobId).not.toBe(job.id);
});
