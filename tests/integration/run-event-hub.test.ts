import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { appendRunEvent } from '../../db/queries/run-events';
import { createPipeline, insertPipelineVersion } from '../../db/queries/pipelines';
import { runs, users } from '../../db/schema';
import { startHarness } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let runId: string;
let openRunId: string;
let owner: [teamId: string, userId: string];

async function insertRun(teamId: string, userId: string) {
  const { db } = harness.services;
  const pipeline = await createPipeline(db, teamId, userId, 'Events');
  return db.transaction(async (tx) => {
    const version = await insertPipelineVersion(tx, pipeline.id, { nodes: [], edges: [] }, userId);
    const [run] = await tx.insert(runs).values({ teamId, pipelineId: pipeline.id, pipelineVersionId: version.id, trigger: 'manual', status: 'running' }).returning();
    return run!.id;
  });
}

beforeAll(async () => {
  harness = await startHarness();
  const client = await harness.signUp('events@example.com');
  const { db } = harness.services;
  const [user] = await db.select().from(users).where(eq(users.email, 'events@example.com'));
  const { viewer } = await harness.services.auth.readViewer(client.cookie);
  owner = [viewer!.team.id, user!.id];
  runId = await insertRun(viewer!.team.id, user!.id);
  openRunId = await insertRun(viewer!.team.id, user!.id);
  await db.transaction(async (tx) => {
    for (let i = 0; i < 1200; i++) await appendRunEvent(tx, runId, { type: 'node_progress', nodeId: 'n', progress: i / 1200 });
    await appendRunEvent(tx, runId, { type: 'run_status', status: 'succeeded' });
  });
});
afterAll(() => harness?.stop());

test('a late subscriber gets the whole history, page after page, and then completes', async () => {
  const seqs: number[] = [];
  for await (const event of harness.services.runEvents.subscribe(runId, 0)) seqs.push(event.seq);
  expect(seqs).toHaveLength(1201);
  expect(seqs[0]).toBe(1);
  expect(seqs.at(-1)).toBe(1201);
});

test('unsubscribing from a quiet run ends the subscription at once', async () => {
  const events = harness.services.runEvents.subscribe(openRunId, 0);
  const pending = events.next(); // parks waiting for an event that never comes
  await new Promise((resolve) => setImmediate(resolve));
  await expect(events.return!(undefined)).resolves.toMatchObject({ done: true });
  await expect(pending).resolves.toMatchObject({ done: true });
});

test('a subscriber waiting on a run receives an event appended later', async () => {
  const events = harness.services.runEvents.subscribe(openRunId, 0);
  const next = events.next();
  await harness.services.db.transaction((tx) => appendRunEvent(tx, openRunId, { type: 'node_log', nodeId: 'n', message: 'hello' }));
  await expect(next).resolves.toMatchObject({ done: false, value: { message: 'hello' } });
  await events.return!(undefined);
});

test('subscribers of a run share one read of its events per notification', async () => {
  const { runEvents, db } = harness.services;
  const liveRunId = await insertRun(...owner);
  await db.transaction((tx) => appendRunEvent(tx, liveRunId, { type: 'node_log', nodeId: 'n', message: 'first' }));
  const subscribers = Array.from({ length: 20 }, () => runEvents.subscribe(liveRunId, 0));
  // Each one reads the history (shared too: they all start after seq 0) and then waits at the same seq.
  const firsts = await Promise.all(subscribers.map((s) => s.next()));
  expect(firsts.map((r) => r.value?.message)).toEqual(Array(20).fill('first'));
  const seconds = subscribers.map((s) => s.next());
  const before = runEvents.reads;
  await db.transaction((tx) => appendRunEvent(tx, liveRunId, { type: 'node_log', nodeId: 'n', message: 'second' }));
  expect((await Promise.all(seconds)).map((r) => r.value?.message)).toEqual(Array(20).fill('second'));
  expect(runEvents.reads - before).toBe(1);
  // A late subscriber still gets the whole history, read for it alone.
  const late = runEvents.subscribe(liveRunId, 0);
  expect((await late.next()).value?.message).toBe('first');
  expect((await late.next()).value?.message).toBe('second');
  await Promise.all([...subscribers, late].map((s) => s.return!(undefined)));
});
