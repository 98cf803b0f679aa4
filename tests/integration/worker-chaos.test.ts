import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runEvents, runs } from '../../db/schema';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

const RUNS = 20;
const LEASE_SECONDS = 3;

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('chaos@example.com');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await harness?.stop();
});

const options = () => ({ databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: LEASE_SECONDS });
const between = (min: number, max: number) => min + Math.random() * (max - min);

test('chaos: one of two workers SIGKILLed every 1.5–3 s; every run ends and no node result is committed twice', async () => {
  workers.push(await spawnWorker(options()), await spawnWorker(options()));
  // Trains for a second or two, so kills land mid-node; the default logistic regression would end every run between kills.
  const graph = slowPenguinsGraph(100);
  const created = await user.gql(`mutation { createPipeline(name: "Chaos") { id } }`);
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: graph });
  const runIds: string[] = [];
  // Forced: every run computes every node (stored outputs would let later runs skip the work the chaos is aimed at).
  for (let i = 0; i < RUNS; i++) runIds.push((await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: pipelineId })).data!.startRun.id);

  const { db } = harness.services;
  const unfinished = async () => (await db.select({ id: runs.id }).from(runs).where(inArray(runs.id, runIds))).length -
    (await db.select({ id: runs.id }).from(runs).where(sql`${runs.id} in ${runIds} and ${runs.status} in ('succeeded', 'failed')`)).length;
  let kills = 0;
  const dead = new Set<(typeof workers)[number]>();
  const respawns: Promise<void>[] = [];
  const deadline = Date.now() + 120_000;
  while ((await unfinished()) > 0 && Date.now() < deadline) {
    // The first kill comes early, so even a fast machine sees several.
    const wait = Date.now() + (kills === 0 ? between(500, 1_000) : between(1_500, 3_000));
    while (Date.now() < wait && (await unfinished()) > 0) await new Promise((r) => setTimeout(r, 100));
    if ((await unfinished()) === 0) break;
    const alive = workers.flatMap((w, i) => (dead.has(w) ? [] : [i]));
    // One worker always keeps going: a kill lands on one of two live workers, as in production.
    if (alive.length < 2) continue;
    const slot = alive[Math.floor(Math.random() * alive.length)]!;
    const victim = workers[slot]!;
    await victim.kill();
    dead.add(victim);
    kills++;
    // Respawned in the background, so the kill cadence does not wait for a worker's start-up.
    respawns.push(spawnWorker(options()).then((w) => void (workers[slot] = w)));
  }
  await Promise.all(respawns);

  const finals = await db.select({ id: runs.id, status: runs.status, error: runs.error }).from(runs).where(inArray(runs.id, runIds));
  for (const run of finals) {
    if (run.status === 'succeeded') continue;
    expect(run, `run ${run.id} should end: succeeded, or failed at the retry limit`).toMatchObject({ status: 'failed', error: expect.stringMatching(/stopped responding \d+ times|handed to workers \d+ times/) });
  }
  expect(kills).toBeGreaterThanOrEqual(2);
  const committed = await db
    .select({ runId: runEvents.runId, nodeId: runEvents.nodeId, n: sql<number>`count(*)::int` })
    .from(runEvents)
    .where(sql`${runEvents.runId} in ${runIds} and ${runEvents.type} = 'node_status' and ${runEvents.status} = 'succeeded'`)
    .groupBy(runEvents.runId, runEvents.nodeId);
  expect(committed.filter((c) => c.n > 1)).toEqual([]);
  console.log(`[chaos] ${kills} kills; ${finals.filter((r) => r.status === 'succeeded').length}/${RUNS} runs succeeded`);
}, 150_000);
