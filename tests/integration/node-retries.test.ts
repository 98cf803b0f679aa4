import { rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { datasetVersions, nodeRuns, runEvents, runs } from '../../db/schema';
import { startWorker, type StartedWorker } from '../../worker/boot';
import { startHarness, type UserClient } from '../setup/app-harness';

const RETRY = { limit: 2, delaySeconds: 1 };

let harness: Awaited<ReturnType<typeof startHarness>>;
let worker: StartedWorker;
let user: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  worker = await startWorker({ databaseUrl: harness.databaseUrl, blobDir: path.join(harness.dataDir, 'blobs'), concurrency: 1, leaseSeconds: 30, retry: RETRY });
  user = await harness.signUp('retrier@example.com');
});
afterAll(async () => {
  await worker?.stop();
  await harness?.stop();
});

const RUN_EVENTS = /* GraphQL */ `
  subscription ($runId: ID!) { runEvents(runId: $runId) { seq type nodeId status message payload at } }
`;
type RunEvent = { seq: number; type: string; nodeId: string | null; status: string | null; message: string | null; payload: any; at: string };

/**
 * An uploaded dataset whose stored file goes missing (a storage outage, as far as the worker can tell):
 * reading it fails with ENOENT, a transient error, until the file is back.
 */
async function uploadWithBlob() {
  const form = new FormData();
  form.set('file', new Blob(['x,y\n1,a\n2,b\n3,a\n4,b\n'], { type: 'text/csv' }), 'flaky.csv');
  const res = await fetch(`${harness.origin}/api/datasets`, { method: 'POST', headers: { origin: harness.origin, cookie: user.cookie }, body: form });
  expect(res.status).toBe(200);
  const { ref } = (await res.json()) as { ref: { source: 'upload'; datasetVersionId: string } };
  const [version] = await harness.services.db.select().from(datasetVersions).where(eq(datasetVersions.id, ref.datasetVersionId));
  const file = path.join(harness.dataDir, 'blobs', version!.blobKey);
  return { ref, hide: () => rename(file, `${file}.away`), restore: () => rename(`${file}.away`, file) };
}

async function startRunOf(ref: unknown) {
  const graph = {
    nodes: [
      { id: 'data', type: 'dataset', version: 1, params: { dataset: ref }, position: { x: 0, y: 0 } },
      { id: 'split', type: 'split', version: 1, params: { testFraction: 0.5, seed: 1 }, position: { x: 200, y: 0 } },
    ],
    edges: [{ id: 'data->split', source: 'data', sourcePort: 'data', target: 'split', targetPort: 'data' }],
  };
  const created = await user.gql(`mutation { createPipeline(name: "Flaky storage") { id } }`);
  const id = created.data!.createPipeline.id as string;
  expect((await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph })).errors).toBeUndefined();
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id });
  expect(started.errors).toBeUndefined();
  return started.data!.startRun.id as string;
}

const NODE_RUN = /* GraphQL */ `
  query ($id: ID!) { run(id: $id) { status error nodes { nodeId status attempt error attempts { attempt error at worker } } } }
`;

describe('transient failures', () => {
  test('are retried with a doubling backoff, then the node is a dead letter with every attempt, and the run says retries ran out', async () => {
    const dataset = await uploadWithBlob();
    await dataset.hide();
    const runId = await startRunOf(dataset.ref);
    const events = (await user.subscribe<{ runEvents: RunEvent }>(RUN_EVENTS, { runId })).map((e) => e.runEvents);
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'failed' });

    const statuses = events.filter((e) => e.type === 'node_status' && e.nodeId === 'data').map((e) => e.status);
    expect(statuses).toEqual(['queued', 'running', 'queued', 'running', 'queued', 'running', 'dead_letter']);
    const logs = events.filter((e) => e.type === 'node_log' && e.nodeId === 'data' && e.message!.startsWith('Attempt')).map((e) => e.message!);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^Attempt 1 failed \(.*ENOENT.*\); retry 1 of 2 in 1 second\.$/);
    expect(logs[1]).toMatch(/^Attempt 2 failed \(.*ENOENT.*\); retry 2 of 2 in 2 seconds\.$/);

    // The backoff really waits, and longer each time: each attempt starts no sooner than its delay after the
    // failure before it (1 s, then 2 s).
    const at = (status: string, nth: number) => Date.parse(events.filter((e) => e.nodeId === 'data' && e.type === 'node_status' && e.status === status)[nth]!.at);
    const waited = [at('running', 1) - at('queued', 1), at('running', 2) - at('queued', 2)];
    expect(waited[0]).toBeGreaterThanOrEqual(1000);
    expect(waited[1]).toBeGreaterThanOrEqual(2000);
    const retryAts = events.filter((e) => e.nodeId === 'data' && e.status === 'queued' && e.payload?.retryAt).map((e) => Date.parse(e.payload.retryAt) - Date.parse(e.at));
    expect(retryAts.map((ms) => Math.round(ms / 1000))).toEqual([1, 2]);

    const answer = await user.gql(NODE_RUN, { id: runId });
    expect(answer.errors).toBeUndefined();
    const run = answer.data!.run;
    expect(run.status).toBe('failed');
    const data = run.nodes.find((n: { nodeId: string }) => n.nodeId === 'data');
    expect(data.status).toBe('dead_letter');
    expect(data.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3]);
    for (const a of data.attempts) {
      expect(a.error).toContain('ENOENT');
      expect(a.worker).toBe(worker.id);
      expect(Number.isNaN(Date.parse(a.at))).toBe(false);
    }
    expect(run.error).toBe(`Dataset failed 3 times and its 2 retries were exhausted; the last error: ${data.error}`);
    // What depended on it never ran.
    expect(run.nodes.find((n: { nodeId: string }) => n.nodeId === 'split').status).toBe('skipped');
  }, 60_000);

  test('a retry that succeeds finishes the run, keeping the failed attempt on record', async () => {
    const dataset = await uploadWithBlob();
    await dataset.hide();
    const runId = await startRunOf(dataset.ref);
    let restored: Promise<void> | undefined;
    const events = (
      await user.subscribe<{ runEvents: RunEvent }>(RUN_EVENTS, { runId }, ({ runEvents: e }) => {
        // The storage comes back while the first retry waits.
        if (e.nodeId === 'data' && e.status === 'queued' && e.payload?.retryAt) restored ??= dataset.restore();
      })
    ).map((e) => e.runEvents);
    await restored;
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
    const [node] = await harness.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId)).orderBy(asc(nodeRuns.nodeId));
    expect(node).toMatchObject({ nodeId: 'data', status: 'succeeded', attempt: 2 });
    expect(node!.attempts).toHaveLength(1);
    expect(node!.attempts[0]).toMatchObject({ attempt: 1, worker: worker.id });
    const [stored] = await harness.services.db.select().from(runs).where(eq(runs.id, runId));
    expect(stored!.status).toBe('succeeded');
    expect(await harness.services.db.select().from(runEvents).where(eq(runEvents.runId, runId))).toHaveLength(events.length);
  }, 60_000);
});
