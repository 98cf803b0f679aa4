import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('crash@example.com');
});
// Each attempt (and its retry) starts with no worker: a worker left from an earlier attempt would run the next run
// before the test could kill or pause the one it spawned.
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});
afterAll(async () => {
  await harness?.stop();
});

type Event = { runEvents: { seq: number; type: string; nodeId: string | null; status: string | null; message: string | null; payload: any } };

const LEASE_SECONDS = 2;
const options = () => ({ databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: LEASE_SECONDS });

/** Starts a run that trains for a few seconds and collects its events; `onTraining` is called once, at its first progress. */
async function runSlowPipeline(name: string, onTraining: () => Promise<void>) {
  const created = await user.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name });
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: slowPenguinsGraph(300) });
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id, force: true) { id } }`, { id: pipelineId });
  let acted: Promise<void> | undefined;
  const events = (
    await user.subscribe<Event>(`subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status message payload } }`, { runId: started.data!.startRun.id }, (e) => {
      if (!acted && e.runEvents.nodeId === 'train-1' && e.runEvents.type === 'node_progress') acted = onTraining();
    })
  ).map((e) => e.runEvents);
  await acted;
  const train = events.filter((e) => e.nodeId === 'train-1');
  return {
    events,
    train,
    statuses: train.filter((e) => e.type === 'node_status').map((e) => [e.status, e.payload?.attempt ?? null]),
  };
}

test('a worker killed mid-training loses nothing: another worker takes the node over and the run succeeds', async () => {
  workers.push(await spawnWorker(options()));
  const { events, train, statuses } = await runSlowPipeline('Crash', () =>
    workers[0]!.kill().then(async () => {
      workers.push(await spawnWorker(options()));
    }),
  );
  expect(statuses).toEqual([
    ['queued', null],
    ['running', 1],
    ['queued', null],
    ['running', 2],
    ['succeeded', null],
  ]);
  expect(train.find((e) => e.type === 'node_log')?.message).toMatch(/stopped responding/);
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const evaluated = events.find((e) => e.nodeId === 'evaluate-1' && e.status === 'succeeded')!;
  expect(evaluated.payload.outputs.metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
});

test('a worker frozen past its lease with no other worker awake keeps its node: it does not take the node over from itself', async () => {
  const worker = await spawnWorker(options());
  workers.push(worker);
  // SIGSTOP is the harshest stall (a paused VM, swapping, a long synchronous step): no timer runs until SIGCONT, so on
  // waking its lease has lapsed and its own sweeper is due at the same moment as its renewal.
  const { events, train, statuses } = await runSlowPipeline('Frozen', async () => {
    process.kill(worker.pid, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 2_500));
    process.kill(worker.pid, 'SIGCONT');
  });
  expect(statuses).toEqual([
    ['queued', null],
    ['running', 1],
    ['succeeded', null],
  ]);
  expect(train.filter((e) => e.type === 'node_log').map((e) => e.message)).not.toContainEqual(expect.stringMatching(/stopped responding/));
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
});
