import { access } from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { buildChain } from '../../engine/testing/fixtures';
import { nodeOutputs, nodeRuns, runs, teams } from '../../db/schema';
import { sweepStoredOutputs } from '../../worker/output-retention';
import { DEFAULT_URL_FETCH_SETTINGS } from '../../worker/url-fetch/settings';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { startFileServer } from '../setup/file-server';

const RUN_EVENTS = /* GraphQL */ `
  subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status payload } }
`;
type RunEvent = { runEvents: { seq: number; type: string; nodeId: string | null; status: string | null; payload: any } };

let harness: Awaited<ReturnType<typeof startHarness>>;
let server: Awaited<ReturnType<typeof startFileServer>>;
let user: UserClient;

beforeAll(async () => {
  server = await startFileServer();
  harness = await startHarness({ worker: true, urlFetch: { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: [server.host], maxBytes: 1024 * 1024, timeoutMs: 5000, revalidateMs: 0 } });
  user = await harness.signUp('cacher@example.com');
});
afterAll(async () => {
  await harness?.stop();
  await server?.close();
});

const db = () => harness.services.db;

async function createPipeline(client: UserClient, graph: PipelineGraph) {
  const created = await client.gql(`mutation { createPipeline(name: "Cached") { id } }`);
  const id = created.data!.createPipeline.id as string;
  await saveGraph(client, id, graph);
  return id;
}

async function saveGraph(client: UserClient, id: string, graph: PipelineGraph) {
  const saved = await client.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph });
  expect(saved.errors).toBeUndefined();
}

/** Starts a run and follows its events to the end. */
async function run(client: UserClient, pipelineId: string, force = false) {
  const started = await client.gql(`mutation ($id: ID!, $force: Boolean) { startRun(pipelineId: $id, force: $force) { id status } }`, { id: pipelineId, force });
  expect(started.errors).toBeUndefined();
  const runId = started.data!.startRun.id as string;
  const events = (await client.subscribe<RunEvent>(RUN_EVENTS, { runId })).map((e) => e.runEvents);
  expect(events.at(-1), JSON.stringify(events.at(-1))).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const nodes = await db().select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
  return { runId, startedAs: started.data!.startRun.status as string, events, nodes: new Map(nodes.map((n) => [n.nodeId, n])) };
}

const computed = (r: Awaited<ReturnType<typeof run>>) => [...r.nodes.values()].filter((n) => n.cachedFromRunId === null).map((n) => n.nodeId).sort();
const jobsOf = async (runId: string) =>
  Number(((await db().execute(sql`select count(*)::int as n from pgboss.job where data->>'runId' = ${runId}`)) as unknown as { n: number }[])[0]!.n);

describe('skip-unchanged caching', () => {
  let pipelineId: string;
  let first: Awaited<ReturnType<typeof run>>;

  test('a rerun with nothing changed reuses every node and finishes without a worker job', async () => {
    pipelineId = await createPipeline(user, penguinsGraph);
    first = await run(user, pipelineId);
    expect(computed(first)).toEqual(penguinsGraph.nodes.map((n) => n.id).sort());
    for (const n of first.nodes.values()) expect(n.contentKey, n.nodeId).toMatch(/^[0-9a-f]{64}$/);
    const [team] = await db().select({ teamId: runs.teamId }).from(runs).where(eq(runs.id, first.runId));
    const stored = await db().select().from(nodeOutputs).where(eq(nodeOutputs.teamId, team!.teamId));
    expect(stored.map((s) => s.nodeId).sort()).toEqual(computed(first));
    expect(stored.every((s) => s.runId === first.runId && s.bytes > 0)).toBe(true);

    const second = await run(user, pipelineId);
    // Decided at start: the run is over before startRun answers.
    expect(second.startedAs).toBe('succeeded');
    expect(computed(second)).toEqual([]);
    for (const n of second.nodes.values()) {
      expect(n).toMatchObject({ status: 'succeeded', cachedFromRunId: first.runId, attempt: 0, dispatch: 0, contentKey: first.nodes.get(n.nodeId)!.contentKey });
      expect(n.outputs).toEqual(first.nodes.get(n.nodeId)!.outputs);
      expect(n.summary).toEqual(first.nodes.get(n.nodeId)!.summary);
    }
    expect(await jobsOf(second.runId)).toBe(0);
    expect(second.events.some((e) => e.status === 'running')).toBe(false);
    const evaluated = second.events.find((e) => e.nodeId === 'evaluate-1' && e.status === 'succeeded')!;
    expect(evaluated.payload).toMatchObject({ cached: true, cachedFromRunId: first.runId });
    expect(evaluated.payload.outputs.metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  test('an edited node recomputes, with everything downstream of it; the rest is reused', async () => {
    const graph = structuredClone(penguinsGraph);
    graph.nodes.find((n) => n.id === 'impute-1')!.params = { strategy: 'median' };
    await saveGraph(user, pipelineId, graph);
    const edited = await run(user, pipelineId);
    expect(computed(edited)).toEqual(['evaluate-1', 'impute-1', 'one-hot-1', 'standard-scale-1', 'train-1']);
    expect(edited.nodes.get('dataset-1')!.cachedFromRunId).toBe(first.runId);
    expect(edited.nodes.get('split-1')!.cachedFromRunId).toBe(first.runId);
    // Back to the first graph: every key is known again, including the ones the edit displaced in between.
    await saveGraph(user, pipelineId, penguinsGraph);
    expect(computed(await run(user, pipelineId))).toEqual([]);
  });

  test('Force rerun recomputes every node and becomes the producer of the stored outputs', async () => {
    const forced = await run(user, pipelineId, true);
    expect(computed(forced)).toEqual(penguinsGraph.nodes.map((n) => n.id).sort());
    // Every node ran on a worker (one running event each), whether sent as a job or taken by the worker that finished its input.
    expect(forced.events.filter((e) => e.type === 'node_status' && e.status === 'running')).toHaveLength(penguinsGraph.nodes.length);
    const keys = [...forced.nodes.values()].map((n) => n.contentKey!);
    const stored = await db().select().from(nodeOutputs).where(inArray(nodeOutputs.contentKey, keys));
    expect(stored.every((s) => s.runId === forced.runId)).toBe(true);
    const next = await run(user, pipelineId);
    expect([...next.nodes.values()].every((n) => n.cachedFromRunId === forced.runId)).toBe(true);
  });

  test('a reuse moves an entry\'s lastUsedAt only when the last move is over an hour old', async () => {
    const keys = [...first.nodes.values()].map((n) => n.contentKey!);
    const ofKeys = inArray(nodeOutputs.contentKey, keys);
    const staleKey = first.nodes.get('dataset-1')!.contentKey!;
    await db().update(nodeOutputs).set({ lastUsedAt: sql`now() - interval '2 hours'` }).where(eq(nodeOutputs.contentKey, staleKey));
    const lastUsed = async () => new Map((await db().select().from(nodeOutputs).where(ofKeys)).map((e) => [e.contentKey, e.lastUsedAt.getTime()]));
    const before = await lastUsed();
    expect(computed(await run(user, pipelineId))).toEqual([]);
    const after = await lastUsed();
    for (const key of keys) {
      if (key === staleKey) expect(after.get(key)! - before.get(key)!).toBeGreaterThan(100 * 60 * 1000);
      else expect(after.get(key), key).toBe(before.get(key));
    }
  });

  test("another team never reuses this team's outputs", async () => {
    const outsider = await harness.signUp('other-team@example.com');
    const theirs = await run(outsider, await createPipeline(outsider, penguinsGraph));
    expect(computed(theirs)).toEqual(penguinsGraph.nodes.map((n) => n.id).sort());
    // Same keys (same graph, same data), stored once per team.
    expect(theirs.nodes.get('train-1')!.contentKey).toBe(first.nodes.get('train-1')!.contentKey);
    const owners = await db().select({ teamId: nodeOutputs.teamId }).from(nodeOutputs).where(eq(nodeOutputs.contentKey, first.nodes.get('train-1')!.contentKey!));
    expect(new Set(owners.map((o) => o.teamId)).size).toBe(2);
  });

  test('a URL is read on every run; what follows it is reused only while its content is unchanged', async () => {
    const graph = buildChain([
      ['fetch', 'fetch-url', { url: `${server.origin}/data.csv`, format: 'csv' }],
      ['keep', 'filter', { conditions: [] }],
    ]);
    const id = await createPipeline(user, graph);
    const a = await run(user, id);
    const b = await run(user, id);
    expect(computed(b)).toEqual(['fetch']);
    expect(b.nodes.get('keep')!.cachedFromRunId).toBe(a.runId);
    expect(b.nodes.get('fetch')!.contentKey).toBe(a.nodes.get('fetch')!.contentKey);
    try {
      server.setCsv('id,name,score\n1,ada,5\n');
      const c = await run(user, id);
      expect(computed(c)).toEqual(['fetch', 'keep']);
      expect(c.nodes.get('fetch')!.contentKey).not.toBe(a.nodes.get('fetch')!.contentKey);
      const kept = c.events.find((e) => e.nodeId === 'keep' && e.status === 'succeeded')!;
      expect(kept.payload.outputs.data.rows).toBe(1);
    } finally {
      server.setCsv('id,name,score\n1,ada,3.5\n2,bob,4\n3,cy,\n');
    }
  });
});

describe('retention', () => {
  const blobPath = (key: string) => path.join(harness.dataDir, 'blobs', key);
  const exists = (key: string) => access(blobPath(key)).then(() => true, () => false);

  test('the sweep deletes outputs unused for the retention period and their blobs, keeping what a model references and what is recent', async () => {
    const owner = await harness.signUp('retention@example.com');
    const neighbour = await harness.signUp('retention-neighbour@example.com');
    const pipelineId = await createPipeline(owner, penguinsGraph);
    const mine = await run(owner, pipelineId);
    const recent = await run(neighbour, await createPipeline(neighbour, penguinsGraph));
    const [{ teamId }] = (await db().select({ teamId: runs.teamId }).from(runs).where(eq(runs.id, mine.runId))) as [{ teamId: string }];
    await db().update(teams).set({ outputRetentionDays: 7 }).where(eq(teams.id, teamId));
    await db().update(nodeOutputs).set({ lastUsedAt: sql`now() - interval '8 days'` }).where(eq(nodeOutputs.teamId, teamId));
    await db().update(runs).set({ finishedAt: sql`now() - interval '8 days'` }).where(eq(runs.id, mine.runId));

    const modelBlob = mine.nodes.get('train-1')!.outputs!.model!;
    const swept = await sweepStoredOutputs(db(), harness.services.blobs, { keep: async (_db, team) => new Set(team === teamId ? [modelBlob] : []) });
    expect(swept).toEqual({ entries: penguinsGraph.nodes.length - 1, runOutputs: penguinsGraph.nodes.length - 1 });

    const left = await db().select().from(nodeOutputs).where(eq(nodeOutputs.teamId, teamId));
    expect(left.map((l) => l.nodeId)).toEqual(['train-1']);
    expect(await exists(modelBlob)).toBe(true);
    const after = new Map((await db().select().from(nodeRuns).where(eq(nodeRuns.runId, mine.runId))).map((n) => [n.nodeId, n]));
    for (const [nodeId, node] of mine.nodes) {
      if (nodeId === 'train-1') continue;
      expect(after.get(nodeId)!.outputs, nodeId).toBeNull();
      for (const key of Object.values(node.outputs!)) expect(await exists(key), key).toBe(false);
    }
    // The other team's outputs are recent (and another team's): untouched.
    for (const node of recent.nodes.values()) for (const key of Object.values(node.outputs!)) expect(await exists(key)).toBe(true);
    expect(await db().select().from(nodeOutputs).where(eq(nodeOutputs.runId, recent.runId))).toHaveLength(penguinsGraph.nodes.length);

    // With the cache gone, the next run computes again (all but the model's kept node).
    const again = await run(owner, pipelineId);
    expect(computed(again)).toEqual(penguinsGraph.nodes.map((n) => n.id).filter((id) => id !== 'train-1').sort());
  });
});
