import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { appendRunEvent, appendRunEvents, RUN_EVENTS_CHANNEL } from '../../db/queries/run-events';
import { createPipeline, insertPipelineVersion } from '../../db/queries/pipelines';
import { postgres } from '../../db/postgres-js';
import * as schema from '../../db/schema';
import { runs, users } from '../../db/schema';
import { startRunEventHub } from '../../graphql/run-event-hub';
import { startHarness } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let runId: string;
let openRunId: string;
let owner: [teamId: string, userId: string];

async function insertRun(teamId: string, userId: string) {
  const { db } = harness.services;
  const pipeline = await createPipeline(db, teamId, userId, 'Events');
  return db.transaction(async (tx) => {
    const version = await insertPipelineVersion(tx, pipeline.id, { nodes: [], edges: [] }, userId, { draftRevision: pipeline.revision });
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
  const { db } = harness.services;
  const liveRunId = await insertRun(...owner);
  await db.transaction((tx) => appendRunEvent(tx, liveRunId, { type: 'node_log', nodeId: 'n', message: 'first' }));
  // A hub of its own, started after that event's notification went out, over a client that counts the reads of
  // run_events Postgres is actually sent.
  let reads = 0;
  const sql = postgres(harness.databaseUrl, { max: 2, onnotice: () => {}, debug: (_: number, query: string) => void (/from "run_events"/.test(query) && reads++) });
  const runEvents = await startRunEventHub(sql, drizzle(sql, { schema }));
  try {
    const subscribers = Array.from({ length: 20 }, () => runEvents.subscribe(liveRunId, 0));
    // Each one reads the history (shared too: they all start after seq 0) and then waits at the same seq.
    const firsts = await Promise.all(subscribers.map((s) => s.next()));
    expect(firsts.map((r) => r.value?.message)).toEqual(Array(20).fill('first'));
    expect(reads).toBe(1);
    const seconds = subscribers.map((s) => s.next());
    await db.transaction((tx) => appendRunEvent(tx, liveRunId, { type: 'node_log', nodeId: 'n', message: 'second' }));
    expect((await Promise.all(seconds)).map((r) => r.value?.message)).toEqual(Array(20).fill('second'));
    expect(reads).toBe(2);
    // Two events in one transaction: both notifications arrive after one read took in both, which the second wakes nobody to read again.
    const thirds = subscribers.map((s) => s.next());
    await db.transaction((tx) => appendRunEvents(tx, liveRunId, [{ type: 'node_log', nodeId: 'n', message: 'third' }, { type: 'node_log', nodeId: 'n', message: 'fourth' }]));
    expect((await Promise.all(thirds)).map((r) => r.value?.message)).toEqual(Array(20).fill('third'));
    expect((await Promise.all(subscribers.map((s) => s.next()))).map((r) => r.value?.message)).toEqual(Array(20).fill('fourth'));
    expect(reads).toBe(3);
    // A late subscriber still gets the whole history, read for it alone.
    const late = runEvents.subscribe(liveRunId, 0);
    expect((await late.next()).value?.message).toBe('first');
    expect((await late.next()).value?.message).toBe('second');
    expect(reads).toBe(4);
    await Promise.all([...subscribers, late].map((s) => s.return!(undefined)));
  } finally {
    await runEvents.stop();
    await sql.end();
  }
});

test('events appended together are announced by one notice: their last number, and run_status when one is among them', async () => {
  const { db, sql } = harness.services;
  const liveRunId = await insertRun(...owner);
  const notices: string[] = [];
  const listener = await sql.listen(RUN_EVENTS_CHANNEL, (payload) => payload.startsWith(liveRunId) && notices.push(payload));
  try {
    await db.transaction((tx) => appendRunEvents(tx, liveRunId, [{ type: 'node_status', nodeId: 'n', status: 'succeeded' }, { type: 'run_status', status: 'succeeded' }, { type: 'node_log', nodeId: 'n', message: 'after' }]));
    await db.transaction((tx) => appendRunEvents(tx, liveRunId, [{ type: 'node_log', nodeId: 'n', message: 'one' }, { type: 'node_progress', nodeId: 'n', progress: 0.5 }]));
    await expect.poll(() => notices.length).toBe(2);
    expect(notices).toEqual([`${liveRunId}:3:run_status`, `${liveRunId}:5:node_log`]);
  } finally {
    await listener.unlisten();
  }
});
