import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { runs, scheduleTicks } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

// Two real worker processes, each with its own scheduler and node consumers, over one database.
let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('two-processes@example.com');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await harness?.stop();
});

test('two worker processes run a seconds-level schedule for several ticks: exactly one run per tick, each completed', async () => {
  const options = { databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 10 };
  workers.push(...(await Promise.all([spawnWorker(options), spawnWorker(options)])));

  // One Dataset node: a run finishes well within the two seconds between ticks.
  const graph = { nodes: penguinsGraph.nodes.filter((n) => n.id === 'dataset-1'), edges: [] };
  const created = await user.gql(`mutation { createPipeline(name: "Every two seconds") { id } }`);
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: graph });
  const made = await user.gql(`mutation ($p: ID!) { createSchedule(pipelineId: $p, input: { cron: "*/2 * * * * *", timezone: "UTC", overlap: queue }) { id } }`, { p: pipelineId });
  expect(made.errors).toBeUndefined();
  const scheduleId = made.data!.createSchedule.id;

  const db = harness.services.db;
  const ticksNow = () => db.select().from(scheduleTicks).where(eq(scheduleTicks.scheduleId, scheduleId)).orderBy(scheduleTicks.tickAt);
  await vi.waitFor(async () => expect((await ticksNow()).filter((t) => t.outcome === 'started').length).toBeGreaterThanOrEqual(5), { timeout: 60_000, interval: 200 });
  await user.gql(`mutation ($id: ID!) { pauseSchedule(id: $id) { id } }`, { id: scheduleId });
  await vi.waitFor(async () => {
    const active = await db.select().from(runs).where(eq(runs.scheduleId, scheduleId));
    expect(active.filter((r) => r.status === 'queued' || r.status === 'running')).toEqual([]);
  }, { timeout: 30_000, interval: 200 });

  const ticks = await ticksNow();
  const scheduled = await db.select().from(runs).where(eq(runs.scheduleId, scheduleId));
  const seconds = ticks.map((t) => t.tickAt.getTime() / 1000);
  expect(seconds).toEqual(seconds.map((_, i) => seconds[0]! + 2 * i));
  // Every tick ran (a queued one starts when the previous run ends) with its own run, unless the pause dropped it while it waited.
  const started = ticks.filter((t) => t.outcome === 'started');
  expect(ticks.filter((t) => t.outcome !== 'started').map((t) => t.outcome)).toEqual(ticks.filter((t) => t.outcome !== 'started').map(() => 'skipped_paused'));
  expect(started.length).toBeGreaterThanOrEqual(5);
  expect(scheduled.map((r) => r.id).sort()).toEqual(started.map((t) => t.runId).sort());
  expect(scheduled.every((r) => r.status === 'succeeded' && r.trigger === 'schedule')).toBe(true);
  for (const w of workers) expect(w.output()).not.toMatch(/\[scheduler\] a pass failed/);
});
