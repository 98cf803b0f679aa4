import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ModelValue } from '../../engine/define-node';
import { decodePortValue } from '../../engine/io/serialize';
import { predictRecords } from '../../engine/training/predict-records';
import { nodeRuns } from '../../db/schema';
import { startHarness, type UserClient } from '../setup/app-harness';

const RUN_EVENTS = /* GraphQL */ `
  subscription ($runId: ID!) {
    runEvents(runId: $runId) { type nodeId status payload }
  }
`;
type RunEvent = { runEvents: { type: string; nodeId: string | null; status: string | null; payload: any } };

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  user = await harness.signUp('lineage@example.com');
});
afterAll(() => harness?.stop());

/** Two separable classes of flowers; the second upload under the same name is version 2. */
function flowersCsv(rows: number, shift: number): string {
  const lines = ['petal,sepal,kind'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 2 ? 5 : 1) + (i % 7) / 10 + shift},${(i % 5) / 2},${i % 2 ? 'big' : 'small'}`);
  return `${lines.join('\n')}\n`;
}

async function upload(content: string) {
  const form = new FormData();
  form.set('file', new Blob([content], { type: 'text/csv' }), 'flowers.csv');
  const res = await fetch(`${harness.origin}/api/datasets`, { method: 'POST', headers: { origin: harness.origin, cookie: user.cookie }, body: form });
  expect(res.status).toBe(200);
  return (await res.json()) as { ref: { source: 'upload'; datasetVersionId: string } };
}

const graphOn = (ref: unknown) => ({
  nodes: [
    { id: 'data', type: 'dataset', version: 1, params: { dataset: ref }, position: { x: 0, y: 0 } },
    { id: 'split', type: 'split', version: 1, params: { testFraction: 0.25, seed: 1 }, position: { x: 200, y: 0 } },
    { id: 'scale', type: 'standard-scale', version: 1, params: {}, position: { x: 400, y: 0 } },
    { id: 'train', type: 'train', version: 2, params: { target: 'kind', model: 'decision_tree', hyperparameters: { max_depth: 2 }, seed: 9 }, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'a', source: 'data', sourcePort: 'data', target: 'split', targetPort: 'data' },
    { id: 'b', source: 'split', sourcePort: 'data', target: 'scale', targetPort: 'data' },
    { id: 'c', source: 'scale', sourcePort: 'data', target: 'train', targetPort: 'data' },
  ],
});

async function run(pipelineId: string, graph: unknown) {
  const saved = await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipelineId, graph });
  expect(saved.errors).toBeUndefined();
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  expect(started.errors).toBeUndefined();
  const runId = started.data!.startRun.id as string;
  const events = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId })).map((e) => e.runEvents);
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const [row] = await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, 'train')));
  const model = decodePortValue(await harness.services.blobs.get(row!.outputs!.model!)) as ModelValue;
  const summary = events.find((e) => e.nodeId === 'train' && e.status === 'succeeded')!.payload.outputs.model;
  return { runId, model, summary };
}

describe('a trained model stored by a worker', () => {
  test('records its run, pipeline version and the dataset version it was trained from, and predicts raw records', async () => {
    const first = await upload(flowersCsv(40, 0));
    const v2 = flowersCsv(60, 0.05);
    const { ref } = await upload(v2);
    const created = await user.gql(`mutation { createPipeline(name: "Flowers") { id } }`);
    const pipelineId = created.data!.createPipeline.id as string;

    const earlier = await run(pipelineId, graphOn(first.ref));
    expect(earlier.model.lineage).toMatchObject({ runNumber: 1, pipelineVersion: 1, datasets: [{ version: 1, rows: 40 }] });
    const { runId, model, summary } = await run(pipelineId, graphOn(ref));

    expect(model.lineage).toMatchObject({ runId, runNumber: 2, nodeId: 'train', pipelineId, pipelineName: 'Flowers', pipelineVersion: 2 });
    expect(model.lineage!.datasets).toEqual([
      {
        source: 'upload',
        name: 'flowers',
        datasetId: expect.any(String),
        datasetVersionId: ref.datasetVersionId,
        version: 2,
        sha256: createHash('sha256').update(v2).digest('hex'),
        rows: 60,
      },
    ]);
    expect(Date.parse(model.lineage!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(model).toMatchObject({ algorithm: 'decision_tree', classes: ['big', 'small'], features: ['petal', 'sepal'], hyperparameters: { max_depth: 2 }, training: { seed: 9 } });
    expect(model.metrics?.loss).toBeTypeOf('number');
    // The split's input schema travelled through each stored step to the model.
    expect(model.inputSchema).toEqual({ columns: [{ name: 'petal', kind: 'number' }, { name: 'sepal', kind: 'number' }] });
    // The run's summary carries the same card for the editor.
    expect(summary).toMatchObject({ kind: 'model', hyperparameters: { max_depth: 2 }, lineage: { runNumber: 2, datasets: [{ name: 'flowers', version: 2 }] } });
    // The stored model answers raw records: the scaler fitted on the training rows is replayed first.
    const predictions = await predictRecords(model, [{ petal: 1.2, sepal: 0.5 }, { petal: 5.3, sepal: 1 }]);
    expect(predictions.map((p) => ('label' in p ? p.label : null))).toEqual(['small', 'big']);
  });
});
