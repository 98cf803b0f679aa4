import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { nodeRuns } from '../../db/schema';
import type { ComparisonValue } from '../../engine/define-node';
import { findExamplePipeline } from '../../engine/samples/example-pipelines';
import { startHarness, type UserClient } from '../setup/app-harness';
import { spawnWorker } from '../setup/spawn-worker';

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];

beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('compare@example.com');
  // Two worker processes that each run one node at a time: the four Train nodes can only all be
  // running at once if the scheduler hands them to both.
  const options = { databaseUrl: harness.databaseUrl, dataDir: harness.dataDir, leaseSeconds: 30, concurrency: 1 };
  workers.push(...(await Promise.all([spawnWorker(options), spawnWorker(options)])));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await harness?.stop();
});

type Event = { runEvents: { seq: number; type: string; nodeId: string | null; status: string | null; payload: any } };

test('four models trained from one split run on both workers at once, and Compare ranks them by ROC AUC', async () => {
  const graph = structuredClone(findExamplePipeline('penguins-compare')!.graph);
  const trains = graph.nodes.filter((n) => n.type === 'train').map((n) => n.id);
  expect(trains).toHaveLength(4);
  const created = await user.gql(`mutation { createPipeline(name: "Compare") { id } }`);
  const pipelineId = created.data!.createPipeline.id;
  const saved = await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: graph });
  expect(saved.errors).toBeUndefined();
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  const runId = started.data!.startRun.id as string;

  const events = (await user.subscribe<Event>(`subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status payload } }`, { runId })).map((e) => e.runEvents);
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });

  // Every Train node was claimed by a worker, and both workers took some.
  const ranOn = new Map(events.filter((e) => e.type === 'node_status' && e.status === 'running' && trains.includes(e.nodeId!)).map((e) => [e.nodeId!, e.payload.worker as string]));
  expect([...ranOn.keys()].sort()).toEqual([...trains].sort());
  expect(new Set(ranOn.values()).size).toBe(2);
  // Two of them held leases at the same time (the run records of the nodes overlap).
  const records = await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), like(nodeRuns.nodeId, 'train-%')));
  const spans = records.map((r) => [r.startedAt!.getTime(), r.finishedAt!.getTime()] as const);
  const overlapping = spans.some(([s1, f1], i) => spans.some(([s2, f2], j) => i !== j && s1 < f2 && s2 < f1));
  expect(overlapping).toBe(true);
  // Compare started only after all four succeeded.
  const indexOf = (nodeId: string, status: string) => events.findIndex((e) => e.type === 'node_status' && e.nodeId === nodeId && e.status === status);
  for (const id of trains) expect(indexOf(id, 'succeeded')).toBeLessThan(indexOf('compare-1', 'running'));

  const comparison = events.find((e) => e.nodeId === 'compare-1' && e.status === 'succeeded')!.payload.outputs.comparison as ComparisonValue;
  expect(comparison).toMatchObject({ kind: 'comparison', task: 'classification', target: 'Species', metric: 'roc_auc', higherIsBetter: true });
  expect(comparison.models.map((m) => m.source).sort()).toEqual([...trains].sort());
  const aucs = comparison.models.map((m) => m.metrics.roc_auc!);
  expect(aucs).toEqual([...aucs].sort((a, b) => b - a));
  expect(comparison.models[0]!.rank).toBe(1);
  expect(comparison.models[0]!.metrics.roc_auc).toBe(Math.max(...aucs));
  for (const m of comparison.models) {
    expect(m.rank).toBe(1 + aucs.filter((auc) => auc > m.metrics.roc_auc!).length);
    expect(m.roc?.x.length).toBeGreaterThan(1);
  }
  expect(aucs.every((auc) => auc > 0.9)).toBe(true);
});
