import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createDb } from '../../db/client';
import { notifications, runs, scheduleTicks, schedules } from '../../db/schema';
import { buildChain } from '../../engine/testing/fixtures';
import { startBoss } from '../../worker/queues';
import { startScheduler } from '../../worker/scheduler';
import { DEFAULT_URL_FETCH_SETTINGS } from '../../worker/url-fetch/settings';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

// Scheduler loops in this process, each with its own database pool and pg-boss, like separate processes.
// No worker runs nodes: a run stays queued until a test ends it the way a worker would.
let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
const loops: { stop(): Promise<void> }[] = [];

async function startLoop() {
  const { db, sql } = createDb(harness.databaseUrl, { max: 3 });
  const boss = await startBoss(harness.databaseUrl, { supervise: false, leaseSeconds: 30 });
  const scheduler = await startScheduler({ db, sql, boss, datasets: harness.services.datasets });
  const loop = {
    async stop() {
      await scheduler.stop();
      await boss.stop({ graceful: false, wait: true });
      await sql.end({ timeout: 5 });
    },
  };
  loops.push(loop);
  return loop;
}

beforeAll(async () => {
  // Loopback URLs allowed and never served from the cache: the slow-source test reads a local server.
  harness = await startHarness({ urlFetch: { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: ['127.0.0.1'], timeoutMs: 60_000, revalidateMs: 0 } });
  user = await harness.signUp('scheduler@example.com');
});
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});
afterAll(() => harness?.stop());

const db = () => harness.services.db;

async function createPipeline(name: string, graph = penguinsGraph) {
  const created = await user.gql(`mutation ($n: String!) { createPipeline(name: $n) { id } }`, { n: name });
  const id = created.data!.createPipeline.id as string;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id, g: graph });
  return id;
}

async function createSchedule(pipelineId: string, input: Record<string, unknown>) {
  const res = await user.gql(`mutation ($p: ID!, $i: ScheduleInput!) { createSchedule(pipelineId: $p, input: $i) { id } }`, { p: pipelineId, i: { timezone: 'UTC', ...input } });
  expect(res.errors).toBeUndefined();
  return res.data!.createSchedule.id as string;
}

const ticksOf = (scheduleId: string) => db().select().from(scheduleTicks).where(eq(scheduleTicks.scheduleId, scheduleId)).orderBy(scheduleTicks.tickAt);
const runsOf = (scheduleId: string) => db().select().from(runs).where(eq(runs.scheduleId, scheduleId)).orderBy(runs.createdAt);
const pause = (id: string) => user.gql(`mutation ($id: ID!) { pauseSchedule(id: $id) { id } }`, { id });

describe('scheduler', () => {
  test('two scheduler loops with separate pools fire every tick of three schedules exactly once', async () => {
    await startLoop();
    await startLoop();
    const ids = await Promise.all(['A', 'B', 'C'].map(async (n) => createSchedule(await createPipeline(`Every second ${n}`), { cron: '* * * * * *', overlap: 'queue' })));
    // Each tick's run is ended at once (as a fast worker would), so queued ticks start their runs too.
    await vi.waitFor(
      async () => {
        await db().update(runs).set({ status: 'succeeded', finishedAt: new Date() }).where(and(inArray(runs.scheduleId, ids), eq(runs.status, 'queued')));
        const started = await db().select().from(scheduleTicks).where(and(inArray(scheduleTicks.scheduleId, ids), eq(scheduleTicks.outcome, 'started')));
        for (const id of ids) expect(started.filter((t) => t.scheduleId === id).length).toBeGreaterThanOrEqual(4);
      },
      { timeout: 20_000, interval: 100 },
    );
    await Promise.all(ids.map(pause));
    await Promise.all(loops.splice(0).map((l) => l.stop()));
    await db().update(runs).set({ status: 'succeeded' }).where(and(inArray(runs.scheduleId, ids), eq(runs.status, 'queued')));

    for (const id of ids) {
      const ticks = await ticksOf(id);
      const scheduled = await runsOf(id);
      // No second gaps: one tick row per second from the first to the last, whatever the outcome.
      const seconds = ticks.map((t) => t.tickAt.getTime() / 1000);
      expect(seconds).toEqual(seconds.map((_, i) => seconds[0]! + i));
      expect(ticks.every((t) => t.tickAt.getMilliseconds() === 0)).toBe(true);
      // Exactly one run per started tick, named by the tick and never started twice.
      const started = ticks.filter((t) => t.outcome === 'started');
      expect(new Set(started.map((t) => t.runId)).size).toBe(started.length);
      expect(scheduled.map((r) => r.id).sort()).toEqual(started.map((t) => t.runId).sort());
      expect(scheduled.map((r) => r.idempotencyKey).sort()).toEqual(started.map((t) => `schedule-${id}-${t.tickAt.getTime()}`).sort());
      expect(scheduled.every((r) => r.trigger === 'schedule')).toBe(true);
    }
  });

  test('overlap skip: ticks while the previous run is still going are skipped and say which run', async () => {
    const id = await createSchedule(await createPipeline('Skips'), { cron: '* * * * * *', overlap: 'skip' });
    await startLoop();
    await vi.waitFor(async () => expect((await ticksOf(id)).length).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 100 });
    await pause(id);
    const [first, ...rest] = await ticksOf(id);
    const [run] = await runsOf(id);
    expect(first).toMatchObject({ outcome: 'started', runId: run!.id });
    for (const t of rest) expect(t).toMatchObject({ outcome: 'skipped_overlap', runId: null, message: `Skipped: run ${run!.id} of an earlier tick is still going (overlap: skip).` });
    expect(await runsOf(id)).toHaveLength(1);
  });

  test('overlap queue: a tick waits for the previous run and starts the moment it ends; pausing drops the waiting ones', async () => {
    const id = await createSchedule(await createPipeline('Queues'), { cron: '* * * * * *', overlap: 'queue' });
    await startLoop();
    await vi.waitFor(async () => expect((await ticksOf(id)).length).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 100 });
    const before = await ticksOf(id);
    expect(before.map((t) => t.outcome)).toEqual(['started', ...Array(before.length - 1).fill('queued')]);
    const [firstRun] = await runsOf(id);
    expect(firstRun!.status).toBe('queued');

    // A worker would end the run; the trigger's NOTIFY wakes the scheduler, which starts the earliest waiting tick.
    await db().update(runs).set({ status: 'failed', finishedAt: new Date() }).where(eq(runs.id, firstRun!.id));
    await vi.waitFor(async () => expect(await runsOf(id)).toHaveLength(2), { timeout: 5_000, interval: 50 });
    await pause(id);
    const after = await ticksOf(id);
    expect(after[1]).toMatchObject({ tickAt: before[1]!.tickAt, outcome: 'started', message: 'Started when the previous run ended (overlap: queue).' });
    expect(after[1]!.runId).toBe((await runsOf(id))[1]!.id);
    // One run at a time; the pause dropped the ticks still waiting.
    expect(after.slice(2).length).toBeGreaterThan(0);
    expect(after.slice(2).map((t) => t.outcome)).toEqual(after.slice(2).map(() => 'skipped_paused'));
  });

  test.each([
    ['run_once', 1],
    ['skip', 0],
  ] as const)('missed ticks while nothing was up (%s) give %i run at start-up', async (missedTicks, runCount) => {
    const id = await createSchedule(await createPipeline(`Missed ${missedTicks}`), { cron: '0 * * * *', missedTicks });
    // As if every process had been down since 10 hours ago.
    const due = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - 9 * 3600_000);
    await db().update(schedules).set({ nextRunAt: due }).where(eq(schedules.id, id));
    await startLoop();
    await vi.waitFor(async () => expect(await ticksOf(id)).toHaveLength(1), { timeout: 10_000, interval: 50 });
    const [tick] = await ticksOf(id);
    const latest = new Date(due.getTime() + 9 * 3600_000);
    expect(tick!.tickAt).toEqual(latest);
    expect(tick!.message).toMatch(new RegExp(`^10 ticks from ${due.toISOString()} to ${latest.toISOString()} passed while no scheduler was running`));
    expect(tick!.outcome).toBe(missedTicks === 'run_once' ? 'started' : 'skipped_missed');
    expect(await runsOf(id)).toHaveLength(runCount);
    const [s] = await db().select().from(schedules).where(eq(schedules.id, id));
    expect(s!.nextRunAt).toEqual(new Date(latest.getTime() + 3600_000));
  });

  test('a schedule whose pipeline no longer validates is paused with the reason and a notification', async () => {
    const broken = structuredClone(penguinsGraph);
    broken.edges = broken.edges.filter((e) => e.target !== 'train-1');
    const pipelineId = await createPipeline('Broken', broken);
    const id = await createSchedule(pipelineId, { cron: '* * * * * *' });
    await startLoop();
    await vi.waitFor(async () => expect((await ticksOf(id)).map((t) => t.outcome)).toEqual(['paused_invalid']), { timeout: 10_000, interval: 50 });
    const listed = await user.gql(`query ($p: ID!) { schedules(pipelineId: $p) { enabled pausedReason nextRunAt lastTick { outcome message } } }`, { p: pipelineId });
    const s = listed.data!.schedules[0];
    expect(s).toMatchObject({ enabled: false, nextRunAt: null, lastTick: { outcome: 'paused_invalid' } });
    expect(s.pausedReason).toMatch(/^The pipeline no longer validates: .*Train.* Fix the pipeline, then resume the schedule\.$/);
    expect(await runsOf(id)).toHaveLength(0);
    const told = await db().select().from(notifications).where(eq(notifications.event, 'schedule_paused'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: 'Schedule paused: Broken (Every second)', body: s.pausedReason, link: '/schedules' });
  });

  test('a URL dataset is read for validation before the schedule row is locked: a slow server holds no lock', async () => {
    const source = await startGatedCsvServer();
    try {
      const pipelineId = await createPipeline('Slow source', buildChain([['fetch', 'fetch-url', { url: source.url }]]));
      const id = await createSchedule(pipelineId, { cron: '* * * * * *', overlap: 'skip' });
      source.hold();
      await startLoop();
      await source.held; // the scheduler is waiting for the URL's bytes to check its schema
      // Meanwhile the schedule's row is free: locking it does not wait (NOWAIT fails at once if anyone holds it).
      await db().transaction((tx) => tx.execute(sql`select id from schedules where id = ${id} for update nowait`));
      source.release();
      await vi.waitFor(async () => expect((await runsOf(id)).length).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 50 });
      await pause(id);
      const [tick] = await ticksOf(id);
      expect(tick).toMatchObject({ outcome: 'started', runId: (await runsOf(id))[0]!.id });
    } finally {
      await source.close();
    }
  });
});

/** Serves a small CSV; between hold() and release() it answers nothing, and `held` resolves on the first request it keeps waiting. */
async function startGatedCsvServer() {
  let holding = false;
  const waiting: (() => void)[] = [];
  let onHeld: () => void = () => {};
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const server = http.createServer((_req, res) => {
    const answer = () => res.writeHead(200, { 'content-type': 'text/csv' }).end('id,name\n1,ada\n2,bob\n');
    if (!holding) return answer();
    waiting.push(answer);
    onHeld();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/late.csv`,
    held,
    hold: () => void (holding = true),
    release() {
      holding = false;
      waiting.splice(0).forEach((answer) => answer());
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
