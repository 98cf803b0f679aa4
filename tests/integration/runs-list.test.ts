import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appendRunEvent } from '../../db/queries/run-events';
import { runs } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { startUntilSeen } from '../setup/team-feed';
import { openSocket, waitFor } from '../setup/ws-client';

// No worker: runs stay queued unless a test moves them on the way the worker would (an event in a transaction).
let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;
let bob: UserClient;
beforeAll(async () => {
  harness = await startHarness();
  [alice, bob] = await Promise.all([harness.signUp('alice@example.com'), harness.signUp('bob@example.com')]);
});
afterAll(() => harness?.stop());

const RUN_FIELDS = 'id number pipelineId pipelineName status trigger startedBy { name email } schedule { cron } durationMs pipelineVersion pipelineVersionId rerunOfRunId force cancelRequestedAt';
const RUNS = `query ($pipelineId: ID, $status: String, $trigger: String, $limit: Int, $offset: Int) {
  runs(pipelineId: $pipelineId, status: $status, trigger: $trigger, limit: $limit, offset: $offset) { total hasMore runs { ${RUN_FIELDS} } }
}`;
type ListedRun = { id: string; number: number; pipelineId: string; pipelineName: string; status: string; trigger: string; startedBy: { name: string; email: string } | null; durationMs: number | null; pipelineVersion: number; rerunOfRunId: string | null; force: boolean };
type RunsAnswer = { runs: { total: number; hasMore: boolean; runs: ListedRun[] } };

async function createPipeline(user: UserClient, name: string) {
  const created = await user.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name });
  const id = created.data!.createPipeline.id as string;
  const saved = await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph: penguinsGraph });
  expect(saved.errors).toBeUndefined();
  return id;
}

async function startRun(user: UserClient, pipelineId: string) {
  const answer = await user.gql<{ startRun: { id: string } }>(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  expect(answer.errors).toBeUndefined();
  return answer.data!.startRun.id;
}

/** Moves a run on as the worker does: the row and its run_status event in one transaction. */
async function setRunStatus(runId: string, status: 'running' | 'succeeded' | 'failed' | 'cancelled') {
  await harness.services.db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(runs)
      .set({ status, ...(status === 'running' ? { startedAt: now } : { finishedAt: now }) })
      .where(eq(runs.id, runId));
    await appendRunEvent(tx, runId, { type: 'run_status', status });
  });
}

describe('runs(...)', () => {
  let trainId: string;
  let otherId: string;
  const trainRuns: string[] = [];
  beforeAll(async () => {
    [trainId, otherId] = await Promise.all([createPipeline(alice, 'Train nightly'), createPipeline(alice, 'Other')]);
    for (let i = 0; i < 4; i++) {
      // Runs 1 and 2 run the first draft, runs 3 and 4 the draft saved after them.
      if (i === 2) await alice.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: trainId, graph: { ...penguinsGraph, nodes: penguinsGraph.nodes.map((n, j) => (j === 0 ? { ...n, position: { x: n.position.x + 40, y: n.position.y } } : n)) } });
      trainRuns.push(await startRun(alice, trainId));
    }
    await startRun(alice, otherId);
    await setRunStatus(trainRuns[0]!, 'running');
    await setRunStatus(trainRuns[0]!, 'succeeded');
    await setRunStatus(trainRuns[1]!, 'failed');
    await harness.services.db.update(runs).set({ trigger: 'api' }).where(eq(runs.id, trainRuns[2]!));
  });

  test('lists the team’s runs newest first with their number, pipeline, trigger, starter, version and duration', async () => {
    const answer = await alice.gql<RunsAnswer>(RUNS, {});
    expect(answer.errors).toBeUndefined();
    const { total, hasMore, runs: list } = answer.data!.runs;
    expect(total).toBe(5);
    expect(hasMore).toBe(false);
    expect(list.map((r) => [r.pipelineName, r.number])).toEqual([
      ['Other', 1],
      ['Train nightly', 4],
      ['Train nightly', 3],
      ['Train nightly', 2],
      ['Train nightly', 1],
    ]);
    const first = list.at(-1)!;
    expect(first).toMatchObject({ id: trainRuns[0], status: 'succeeded', trigger: 'manual', startedBy: { name: 'alice', email: 'alice@example.com' }, force: false, rerunOfRunId: null });
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(list[1]!.durationMs).toBeNull(); // queued: not started
    // Each run pins the draft as it was: runs of an unchanged draft share its version, a saved edit makes the next one.
    expect(list.filter((r) => r.pipelineId === trainId).map((r) => r.pipelineVersion)).toEqual([2, 2, 1, 1]);
  });

  test('filters by pipeline, status and trigger, together', async () => {
    const ids = async (vars: Record<string, unknown>) => {
      const answer = await alice.gql<RunsAnswer>(RUNS, vars);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.runs.total).toBe(answer.data!.runs.runs.length);
      return answer.data!.runs.runs.map((r) => r.id);
    };
    expect(await ids({ pipelineId: trainId })).toEqual([...trainRuns].reverse());
    expect(await ids({ status: 'failed' })).toEqual([trainRuns[1]]);
    expect(await ids({ trigger: 'api' })).toEqual([trainRuns[2]]);
    expect(await ids({ pipelineId: trainId, status: 'queued' })).toEqual([trainRuns[3], trainRuns[2]]);
    expect(await ids({ pipelineId: otherId, status: 'succeeded' })).toEqual([]);
    expect(await ids({ trigger: 'schedule' })).toEqual([]);
  });

  test('pages with limit and offset; total and hasMore say what is left', async () => {
    const page = async (offset: number) => (await alice.gql<RunsAnswer>(RUNS, { limit: 2, offset })).data!.runs;
    const pages = await Promise.all([page(0), page(2), page(4)]);
    expect(pages.map((p) => [p.total, p.hasMore, p.runs.length])).toEqual([
      [5, true, 2],
      [5, true, 2],
      [5, false, 1],
    ]);
    const all = (await alice.gql<RunsAnswer>(RUNS, {})).data!.runs.runs.map((r) => r.id);
    expect(pages.flatMap((p) => p.runs.map((r) => r.id))).toEqual(all);
  });

  test('bad filters and pages are refused with what to send instead', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'done' }, 'status "done" is not a run status: use one of queued, running, succeeded, failed, cancelled.'],
      [{ trigger: 'cron' }, 'trigger "cron" is not a run trigger: use one of manual, schedule, api.'],
      [{ pipelineId: 'nope' }, 'pipelineId "nope" is not a pipeline id (a UUID).'],
      [{ limit: 101 }, 'runs: limit must be between 1 and 100 (got 101).'],
    ];
    for (const [vars, message] of cases) {
      const answer = await alice.gql(RUNS, vars);
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toContain(message);
    }
  });

  test('another team sees none of these runs, and its pipeline filter is NOT_FOUND', async () => {
    const mine = (await bob.gql<RunsAnswer>(RUNS, {})).data!.runs;
    expect(mine).toEqual({ total: 0, hasMore: false, runs: [] });
    const foreign = await bob.gql(RUNS, { pipelineId: trainId });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const single = await bob.gql(`query ($id: ID!) { run(id: $id) { id } }`, { id: trainRuns[0] });
    expect(single.data!.run).toBeNull();
  });

  test('the Runs page serves the team’s runs and answers a bad filter with 400 and a foreign pipeline with 404', async () => {
    const page = (user: UserClient, query: string) => fetch(`${harness.origin}/runs${query}`, { headers: { cookie: user.cookie } });
    const listed = await page(alice, `?pipeline=${trainId}&status=failed`);
    expect(listed.status).toBe(200);
    const html = await listed.text();
    expect(html).toContain('Runs of Train nightly');
    expect(html).toContain('Run #2 of Train nightly');
    expect(html).not.toContain('Run #1 of Train nightly');
    const bad = await page(alice, '?status=done');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('status &quot;done&quot; is not a run status: use one of queued, running, succeeded, failed, cancelled.');
    expect((await page(bob, `?pipeline=${trainId}`)).status).toBe(404);
    const empty = await page(bob, '');
    expect(await empty.text()).toContain('No runs yet');
  });

  test('a single run and a pipeline’s runs carry the same details', async () => {
    const single = await alice.gql<{ run: ListedRun }>(`query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: trainRuns[2] });
    expect(single.data!.run).toMatchObject({ number: 3, pipelineName: 'Train nightly', trigger: 'api', pipelineVersion: 2 });
    const viaPipeline = await alice.gql<{ pipeline: { runs: ListedRun[] } }>(`query ($id: ID!) { pipeline(id: $id) { runs { number pipelineName startedBy { email } } } }`, { id: trainId });
    expect(viaPipeline.data!.pipeline.runs).toEqual([4, 3, 2, 1].map((number) => ({ number, pipelineName: 'Train nightly', startedBy: { email: 'alice@example.com' } })));
  });

  test('a scheduled run names its schedule in words on the list, the Runs page and the run page, not as cron text', async () => {
    const pipelineId = await createPipeline(alice, 'Scheduled');
    const created = await alice.gql<{ createSchedule: { id: string } }>(
      `mutation ($id: ID!) { createSchedule(pipelineId: $id, input: { cron: "30 2 * * *", timezone: "Europe/Paris", enabled: false }) { id } }`,
      { id: pipelineId },
    );
    expect(created.errors).toBeUndefined();
    const runId = await startRun(alice, pipelineId);
    await harness.services.db.update(runs).set({ trigger: 'schedule', scheduleId: created.data!.createSchedule.id, startedBy: null }).where(eq(runs.id, runId));

    const words = 'Every day at 02:30 Europe/Paris';
    const listed = await alice.gql<{ runs: { runs: { schedule: { cron: string; description: string } }[] } }>(
      `query ($id: ID!) { runs(pipelineId: $id) { runs { schedule { cron description } } } }`,
      { id: pipelineId },
    );
    expect(listed.data!.runs.runs).toEqual([{ schedule: { cron: '30 2 * * *', description: words } }]);
    for (const path of [`/runs?pipeline=${pipelineId}`, `/runs/${runId}`]) {
      const html = await (await fetch(`${harness.origin}${path}`, { headers: { cookie: alice.cookie } })).text();
      expect(html, path).toContain(words);
    }
  });
});

describe('row actions', () => {
  const RERUN = `mutation ($id: ID!, $force: Boolean) { rerunRun(runId: $id, force: $force) { ${RUN_FIELDS} } }`;

  test('Rerun and Force rerun list a new run of the same pinned version that names the one it repeats', async () => {
    const pipelineId = await createPipeline(alice, 'Rerun me');
    const original = await startRun(alice, pipelineId);
    // The draft moves on: a rerun still runs version 1.
    await alice.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipelineId, graph: { ...penguinsGraph, nodes: penguinsGraph.nodes.slice(0, 1), edges: [] } });
    const plain = await alice.gql<{ rerunRun: ListedRun }>(RERUN, { id: original, force: false });
    const forced = await alice.gql<{ rerunRun: ListedRun }>(RERUN, { id: original, force: true });
    expect(plain.errors).toBeUndefined();
    expect(plain.data!.rerunRun).toMatchObject({ number: 2, pipelineVersion: 1, rerunOfRunId: original, force: false, trigger: 'manual' });
    expect(forced.data!.rerunRun).toMatchObject({ number: 3, pipelineVersion: 1, rerunOfRunId: original, force: true });
    const listed = (await alice.gql<RunsAnswer>(RUNS, { pipelineId })).data!.runs.runs;
    expect(listed.map((r) => [r.number, r.force, r.rerunOfRunId])).toEqual([
      [3, true, original],
      [2, false, original],
      [1, false, null],
    ]);
  });

  test('another team cannot rerun the run: NOT_FOUND, and nothing starts', async () => {
    const pipelineId = await createPipeline(alice, 'Not yours');
    const runId = await startRun(alice, pipelineId);
    const answer = await bob.gql(RERUN, { id: runId, force: true });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await alice.gql<RunsAnswer>(RUNS, { pipelineId })).data!.runs.total).toBe(1);
  });
});

describe('teamRunUpdates', () => {
  const UPDATES = `subscription { teamRunUpdates { id number pipelineName status trigger } }`;
  type Update = { teamRunUpdates: { id: string; number: number; pipelineName: string; status: string } };

  test('delivers the team’s new runs and their status changes, and never another team’s', async () => {
    const [alicePipeline, bobPipeline] = await Promise.all([createPipeline(alice, 'Live A'), createPipeline(bob, 'Live B')]);
    const aliceSocket = openSocket(harness.origin, alice.cookie);
    const bobSocket = openSocket(harness.origin, bob.cookie);
    try {
      const aliceFeed = aliceSocket.start<Update>(UPDATES);
      const bobFeed = bobSocket.start<Update>(UPDATES);
      const aliceWarm = await startUntilSeen(() => startRun(alice, alicePipeline), aliceFeed);
      const bobWarm = await startUntilSeen(() => startRun(bob, bobPipeline), bobFeed);

      const aliceRun = await startRun(alice, alicePipeline);
      await waitFor(() => aliceFeed.results.find((r) => r.teamRunUpdates.id === aliceRun), 5_000, 'Alice’s new run');
      await setRunStatus(aliceRun, 'running');
      await setRunStatus(aliceRun, 'failed');
      await waitFor(() => aliceFeed.results.find((r) => r.teamRunUpdates.id === aliceRun && r.teamRunUpdates.status === 'failed'), 5_000, 'Alice’s run failing');

      // Bob's next run is notified after all of Alice's: had any reached Bob, it would be listed before it.
      const bobRun = await startRun(bob, bobPipeline);
      await waitFor(() => bobFeed.results.find((r) => r.teamRunUpdates.id === bobRun), 5_000, 'Bob’s new run');
      const bobSaw = new Set(bobFeed.results.map((r) => r.teamRunUpdates.id));
      expect(bobSaw.has(aliceRun)).toBe(false);
      expect([...bobSaw].every((id) => id === bobRun || bobWarm.includes(id))).toBe(true);
      expect(aliceFeed.results.some((r) => r.teamRunUpdates.id === bobRun || bobWarm.includes(r.teamRunUpdates.id))).toBe(false);

      const aliceUpdate = aliceFeed.results.find((r) => r.teamRunUpdates.id === aliceRun)!.teamRunUpdates;
      expect(aliceUpdate).toMatchObject({ pipelineName: 'Live A', number: aliceWarm.length + 1 });
    } finally {
      aliceSocket.dispose();
      bobSocket.dispose();
    }
  });

  test('progress and log events do not wake the feed', async () => {
    const pipelineId = await createPipeline(alice, 'Quiet');
    const socket = openSocket(harness.origin, alice.cookie);
    try {
      const feed = socket.start<Update>(UPDATES);
      const runId = (await startUntilSeen(() => startRun(alice, pipelineId), feed)).at(-1)!;
      const before = feed.results.length;
      await harness.services.db.transaction(async (tx) => {
        await appendRunEvent(tx, runId, { type: 'node_log', nodeId: 'train-1', message: 'epoch 1' });
        await appendRunEvent(tx, runId, { type: 'node_progress', nodeId: 'train-1', progress: 0.5 });
      });
      await setRunStatus(runId, 'cancelled');
      await waitFor(() => feed.results.find((r) => r.teamRunUpdates.status === 'cancelled'), 5_000, 'the cancel');
      expect(feed.results.length).toBe(before + 1);
    } finally {
      socket.dispose();
    }
  });

});
