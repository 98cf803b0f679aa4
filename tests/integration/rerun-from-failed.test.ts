import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { datasetVersions, nodeRuns, runEvents } from '../../db/schema';
import { startWorker, type StartedWorker } from '../../worker/boot';
import { startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let worker: StartedWorker;
let user: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  worker = await startWorker({ databaseUrl: harness.databaseUrl, blobDir: path.join(harness.dataDir, 'blobs'), concurrency: 1, leaseSeconds: 30, retry: { limit: 1, delaySeconds: 3 } });
  user = await harness.signUp('rerunner@example.com');
});
afterAll(async () => {
  await worker?.stop();
  await harness?.stop();
});

const RUN_EVENTS = /* GraphQL */ `subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status payload } }`;
const RERUN = /* GraphQL */ `mutation ($id: ID!, $from: ID, $key: String, $force: Boolean) { rerunRun(runId: $id, fromNodeId: $from, idempotencyKey: $key, force: $force) { id status } }`;
type RunEvent = { seq: number; type: string; nodeId: string | null; status: string | null; payload: any };

async function upload(name: string, csv: string) {
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), name);
  const res = await fetch(`${harness.origin}/api/datasets`, { method: 'POST', headers: { origin: harness.origin, cookie: user.cookie }, body: form });
  expect(res.status).toBe(200);
  const { ref } = (await res.json()) as { ref: { source: 'upload'; datasetVersionId: string } };
  const [version] = await harness.services.db.select().from(datasetVersions).where(eq(datasetVersions.id, ref.datasetVersionId));
  return { ref, file: path.join(harness.dataDir, 'blobs', version!.blobKey) };
}

const finish = async (runId: string) => (await user.subscribe<{ runEvents: RunEvent }>(RUN_EVENTS, { runId })).map((e) => e.runEvents);
const nodesOf = async (runId: string) =>
  Object.fromEntries((await harness.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId))).map((n) => [n.nodeId, n]));

describe('rerun from a failed node', () => {
  test('reuses the outputs of the nodes before it and recomputes it and everything after it', async () => {
    // Two uploads stacked: `sorted` is independent of `flaky`, whose stored file is missing in the first run
    // (its one retry waits 3 s, long enough for `good` and `sorted` to finish first).
    const good = await upload('good.csv', 'x,y\n3,a\n1,b\n2,a\n');
    const flaky = await upload('flaky.csv', 'x,y\n4,b\n5,a\n6,b\n');
    const graph = {
      nodes: [
        { id: 'good', type: 'dataset', version: 1, params: { dataset: good.ref }, position: { x: 0, y: 0 } },
        { id: 'sorted', type: 'sort', version: 1, params: { by: [{ column: 'x', order: 'ascending' }] }, position: { x: 200, y: 0 } },
        { id: 'flaky', type: 'dataset', version: 1, params: { dataset: flaky.ref }, position: { x: 0, y: 200 } },
        { id: 'both', type: 'concat-rows', version: 1, params: {}, position: { x: 400, y: 100 } },
      ],
      edges: [
        { id: 'good->sorted', source: 'good', sourcePort: 'data', target: 'sorted', targetPort: 'data' },
        { id: 'sorted->both', source: 'sorted', sourcePort: 'data', target: 'both', targetPort: 'first' },
        { id: 'flaky->both', source: 'flaky', sourcePort: 'data', target: 'both', targetPort: 'second' },
      ],
    };
    const created = await user.gql(`mutation { createPipeline(name: "Stack") { id } }`);
    const pipelineId = created.data!.createPipeline.id as string;
    expect((await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipelineId, graph })).errors).toBeUndefined();

    await rename(flaky.file, `${flaky.file}.away`);
    const first = (await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId })).data!.startRun.id as string;
    expect((await finish(first)).at(-1)).toMatchObject({ type: 'run_status', status: 'failed' });
    const before = await nodesOf(first);
    expect(Object.fromEntries(Object.entries(before).map(([id, n]) => [id, n.status]))).toEqual({ good: 'succeeded', sorted: 'succeeded', flaky: 'dead_letter', both: 'skipped' });

    // The storage is back: rerun from the dead letter, twice with one key (a double click): one run.
    await rename(`${flaky.file}.away`, flaky.file);
    const key = randomUUID();
    const [a, b] = await Promise.all([user.gql(RERUN, { id: first, from: 'flaky', key }), user.gql(RERUN, { id: first, from: 'flaky', key })]);
    expect(a.errors).toBeUndefined();
    expect(b.data!.rerunRun.id).toBe(a.data!.rerunRun.id);
    const rerun = a.data!.rerunRun.id as string;
    const events = await finish(rerun);
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });

    const after = await nodesOf(rerun);
    for (const id of ['good', 'sorted']) {
      // Taken from the first run: same stored outputs, never sent to a worker.
      expect(after[id]).toMatchObject({ status: 'succeeded', cachedFromRunId: first, attempt: 0, dispatch: 0, outputs: before[id]!.outputs });
      expect(events.filter((e) => e.nodeId === id).map((e) => [e.status, e.payload?.cachedFromRunId])).toEqual([['succeeded', first]]);
    }
    for (const id of ['flaky', 'both']) {
      expect(after[id]).toMatchObject({ status: 'succeeded', cachedFromRunId: null, attempt: 1 });
      expect(events.filter((e) => e.type === 'node_status' && e.nodeId === id).map((e) => e.status)).toEqual(['queued', 'running', 'succeeded']);
    }
    // The recomputed node read the reused upstream output: all six rows, sorted ones first.
    const stacked = events.find((e) => e.nodeId === 'both' && e.status === 'succeeded')!.payload.outputs.data;
    expect(stacked.rows).toBe(6);

    // A plain rerun of the whole run reuses every stored output; a forced one recomputes everything; another
    // team cannot rerun it; an unknown node is named.
    const plain = (await user.gql(RERUN, { id: rerun })).data!.rerunRun.id as string;
    expect((await finish(plain)).at(-1)).toMatchObject({ status: 'succeeded' });
    expect(Object.values(await nodesOf(plain)).every((n) => n.cachedFromRunId !== null)).toBe(true);
    const whole = (await user.gql(RERUN, { id: rerun, force: true })).data!.rerunRun.id as string;
    expect((await finish(whole)).at(-1)).toMatchObject({ status: 'succeeded' });
    expect(Object.values(await nodesOf(whole)).map((n) => n.cachedFromRunId)).toEqual([null, null, null, null]);
    const outsider = await harness.signUp('rerun-outsider@example.com');
    expect((await outsider.gql(RERUN, { id: first, from: 'flaky' })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const unknown = await user.gql(RERUN, { id: first, from: 'nope' });
    expect(unknown.errors![0]).toMatchObject({ message: 'Node nope is not in the pipeline version that run used.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await harness.services.db.select().from(runEvents).where(eq(runEvents.runId, rerun))).toHaveLength(events.length);
  }, 90_000);
});
