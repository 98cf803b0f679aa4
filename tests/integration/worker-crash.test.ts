import { afterAll, beforeAll, expect, test } from 'vitest';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('crash@example.com');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await harness?.stop();
});

type Event = { runEvents: { seq: number; type: string; nodeId: string | null; status: string | null; message: string | null; payload: any } };

test('a worker killed mid-training loses nothing: another worker takes the node over and the run succeeds', async () => {
  const options = { databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 2 };
  workers.push(await spawnWorker(options));

  // Long enough (a few seconds) to be killed in the middle.
  const graph = slowPenguinsGraph(300);
  const created = await user.gql(`mutation { createPipeline(name: "Crash") { id } }`);
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: graph });
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  const runId = started.data!.startRun.id;

  let killed: Promise<void> | undefined;
  const events = (
    await user.subscribe<Event>(
      `subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status message payload } }`,
      { runId },
      (e) => {
        if (!killed && e.runEvents.nodeId === 'train-1' && e.runEvents.type === 'node_progress') {
          killed = workers[0]!.kill().then(async () => {
            workers.push(await spawnWorker(options));
          });
        }
      },
    )
  ).map((e) => e.runEvents);
  await killed;

  const train = events.filter((e) => e.nodeId === 'train-1');
  const statuses = train.filter((e) => e.type === 'node_status').map((e) => [e.status, e.payload?.attempt ?? null]);
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
