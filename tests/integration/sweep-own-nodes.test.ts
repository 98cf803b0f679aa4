import { and, eq, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeRuns, runEvents } from '../../db/schema';
import { createInFlight } from '../../worker/drain';
import { renewOwnThenSweep } from '../../worker/node-recovery';
import { QUEUES, startBoss, type RunNodePayload } from '../../worker/queues';
import { claimNode, renewLease, type Attempt } from '../../worker/run-lifecycle';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let boss: PgBoss;

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('sweep-own@example.com');
  // Plays the part of a worker's pg-boss: takes the node jobs, so no worker runs them.
  boss = await startBoss(harness.databaseUrl, { supervise: false, leaseSeconds: 30 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await harness?.stop();
});

/** A run whose root node this test has claimed as a worker would, its lease then lapsed as after a long stall. */
async function runningNodeWithLapsedLease(name: string): Promise<Attempt> {
  const { db } = harness.services;
  const created = await user.gql(`mutation ($n: String!) { createPipeline(name: $n) { id } }`, { n: name });
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: penguinsGraph });
  const runId = (await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: pipelineId })).data!.startRun.id as string;
  const job = (await boss.fetch<RunNodePayload>(QUEUES.runNode, { batchSize: 10 })).find((j) => j.data.runId === runId)!;
  const claim = await claimNode(db, job.data, 30);
  const attempt = { runId, nodeId: job.data.nodeId, attempt: claim!.attempt };
  await db.update(nodeRuns).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, attempt.nodeId)));
  return attempt;
}

const nodeRow = async (a: Attempt) => (await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, a.runId), eq(nodeRuns.nodeId, a.nodeId))))[0]!;
const logsOf = async (a: Attempt) =>
  (await harness.services.db.select().from(runEvents).where(and(eq(runEvents.runId, a.runId), eq(runEvents.type, 'node_log')))).map((e) => e.message);

test('a worker waking from a stall past its lease renews its own node before it sweeps: the node stays with it', async () => {
  const own = await runningNodeWithLapsedLease('Own node');
  const inFlight = createInFlight();
  // What keepLease puts in the worker's in-flight set for each node it runs.
  inFlight.add({ attempt: own, abort: () => {}, renew: () => renewLease(harness.services.db, own, 30).then(() => undefined) });

  await renewOwnThenSweep(harness.services.db, boss, 30, inFlight);

  const row = await nodeRow(own);
  expect(row.status).toBe('running');
  expect(row.attempt).toBe(own.attempt);
  expect(row.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);
  expect(await logsOf(own)).not.toContainEqual(expect.stringMatching(/stopped responding/));
});

test("the same sweep still takes over a lapsed node that is not the worker's own", async () => {
  const other = await runningNodeWithLapsedLease('Other worker');

  await renewOwnThenSweep(harness.services.db, boss, 30, createInFlight());

  const row = await nodeRow(other);
  expect(row.status).toBe('queued');
  expect(row.dispatch).toBe(2);
  expect(await logsOf(other)).toContainEqual(expect.stringMatching(/stopped responding/));
});
