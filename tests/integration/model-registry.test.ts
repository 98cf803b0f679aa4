import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ModelValue } from '../../engine/define-node';
import type { PipelineGraph } from '../../engine/graph-types';
import { decodePortValue } from '../../engine/io/serialize';
import { predictRecords } from '../../engine/training/predict-records';
import { auditEvents, memberships, models, modelVersions, nodeOutputs, nodeRuns, runs, sessions, users } from '../../db/schema';
import { sweepStoredOutputs } from '../../worker/output-retention';
import { QUEUES } from '../../worker/queues';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let owner: UserClient;
let viewer: UserClient;
let teamId: string;

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  owner = await harness.signUp('registry-owner@example.com');
  viewer = await harness.signUp('registry-viewer@example.com');
  const { db } = harness.services;
  const [o] = await db.select({ teamId: memberships.teamId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(users.email, 'registry-owner@example.com'));
  teamId = o!.teamId;
  const [v] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'registry-viewer@example.com'));
  // Oldest membership and active team: the viewer works in the owner's team whichever rule picks it.
  await db.insert(memberships).values({ teamId, userId: v!.id, role: 'viewer', createdAt: new Date('2000-01-01') });
  await db.update(sessions).set({ activeTeamId: teamId }).where(eq(sessions.userId, v!.id));
});
afterAll(() => harness?.stop());

/** Penguins with three Train → Evaluate branches: a one-split tree (weak), a deeper tree, and the example's model (auto-registered). */
function threeModels(): PipelineGraph {
  const graph = structuredClone(penguinsGraph);
  graph.nodes.find((n) => n.id === 'train-1')!.params = { target: 'Species', registerAs: 'auto-penguins' };
  const branch = (id: string, params: Record<string, unknown>, y: number) => {
    graph.nodes.push({ id: `train-${id}`, type: 'train', version: 2, params: { target: 'Species', ...params }, position: { x: 780, y } });
    graph.nodes.push({ id: `evaluate-${id}`, type: 'evaluate', version: 2, params: {}, position: { x: 1040, y } });
    graph.edges.push(
      { id: `s-${id}`, source: 'standard-scale-1', sourcePort: 'data', target: `train-${id}`, targetPort: 'data' },
      { id: `m-${id}`, source: `train-${id}`, sourcePort: 'model', target: `evaluate-${id}`, targetPort: 'model' },
      { id: `d-${id}`, source: 'standard-scale-1', sourcePort: 'data', target: `evaluate-${id}`, targetPort: 'data' },
    );
  };
  branch('weak', { model: 'decision_tree', hyperparameters: { max_depth: 1 } }, 400);
  branch('tree', { model: 'decision_tree', hyperparameters: { max_depth: 5 } }, 600);
  // A model scored only by a Compare node, beside the weak tree.
  graph.nodes.push({ id: 'train-compared', type: 'train', version: 2, params: { target: 'Species', model: 'logistic_regression' }, position: { x: 780, y: 800 } });
  graph.nodes.push({ id: 'compare-1', type: 'compare', version: 1, params: {}, position: { x: 1040, y: 800 } });
  graph.edges.push(
    { id: 's-compared', source: 'standard-scale-1', sourcePort: 'data', target: 'train-compared', targetPort: 'data' },
    { id: 'm-compared', source: 'train-compared', sourcePort: 'model', target: 'compare-1', targetPort: 'models' },
    { id: 'm-weak-compared', source: 'train-weak', sourcePort: 'model', target: 'compare-1', targetPort: 'models' },
    { id: 'd-compared', source: 'standard-scale-1', sourcePort: 'data', target: 'compare-1', targetPort: 'data' },
  );
  return graph;
}

async function runToSuccess(graph: PipelineGraph) {
  const created = await owner.gql(`mutation { createPipeline(name: "Registry penguins") { id } }`);
  const pipelineId = created.data!.createPipeline.id as string;
  const saved = await owner.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipelineId, graph });
  expect(saved.errors).toBeUndefined();
  const started = await owner.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  expect(started.errors).toBeUndefined();
  const runId = started.data!.startRun.id as string;
  const events = await owner.subscribe<{ runEvents: { type: string; status: string | null; message: string | null } }>(
    `subscription ($runId: ID!) { runEvents(runId: $runId) { type status message } }`,
    { runId },
  );
  expect(events.at(-1)!.runEvents).toMatchObject({ type: 'run_status', status: 'succeeded' });
  return runId;
}

const REGISTER = `mutation ($runId: ID!, $nodeId: String!, $name: String!) { registerModel(runId: $runId, nodeId: $nodeId, name: $name) { version stage metrics inputSchema evaluation lineage } }`;
const STAGE = `mutation ($v: Int!, $stage: String!, $reason: String) { setModelStage(model: "penguins", version: $v, stage: $stage, reason: $reason) { version stage } }`;
const PREDICT = `query ($records: [JSON!]!) { predict(model: "penguins", records: $records) { version stage predictions } }`;

/** One raw record of the columns the model's requests carry. */
function recordFor(schema: { columns: { name: string; kind: string; categories?: string[] }[] }) {
  return Object.fromEntries(schema.columns.map((c) => [c.name, c.kind === 'number' ? 45 : (c.categories?.[0] ?? 'x')]));
}

async function penguinsVersion(version: number) {
  const [row] = await harness.services.db
    .select({ metrics: modelVersions.metrics })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.teamId, teamId), eq(models.name, 'penguins'), eq(modelVersions.version, version)));
  return row!;
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the model registry', () => {
  let runId: string;
  let record: Record<string, unknown>;

  test('registers models from a run with metrics from its Evaluate node; a viewer may not', async () => {
    runId = await runToSuccess(threeModels());
    const denied = await viewer.gql(REGISTER, { runId, nodeId: 'train-tree', name: 'penguins' });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const badName = await owner.gql(REGISTER, { runId, nodeId: 'train-tree', name: 'my model!' });
    expect(badName.errors?.[0]?.message).toMatch(/'my model!' cannot name a model\. Use 1 to 64 letters/);
    const notTrain = await owner.gql(REGISTER, { runId, nodeId: 'evaluate-tree', name: 'penguins' });
    expect(notTrain.errors?.[0]?.message).toMatch(/is a evaluate node, not a Train node/);

    const v1 = await owner.gql(REGISTER, { runId, nodeId: 'train-tree', name: 'penguins' });
    expect(v1.errors).toBeUndefined();
    expect(v1.data!.registerModel).toMatchObject({ version: 1, stage: 'none', lineage: { runId, nodeId: 'train-tree' } });
    expect(v1.data!.registerModel.metrics.accuracy).toBeGreaterThan(0.9);
    expect(v1.data!.registerModel.evaluation).toMatchObject({ kind: 'metrics', confusionMatrix: expect.any(Object) });
    record = recordFor(v1.data!.registerModel.inputSchema);

    const v2 = await owner.gql(REGISTER, { runId, nodeId: 'train-weak', name: 'penguins' });
    expect(v2.data!.registerModel).toMatchObject({ version: 2 });
    expect(v2.data!.registerModel.metrics.accuracy).toBeLessThan(0.85);
    const again = await owner.gql(REGISTER, { runId, nodeId: 'train-weak', name: 'penguins' });
    expect(again.errors?.[0]).toMatchObject({ message: "This run's model is already version 2 of 'penguins'.", extensions: { code: 'CONFLICT' } });

    // Scored by a Compare node only: its row of the comparison is the version's evaluation.
    const compared = await owner.gql(REGISTER, { runId, nodeId: 'train-compared', name: 'penguins-compared' });
    expect(compared.errors).toBeUndefined();
    expect(compared.data!.registerModel.metrics.accuracy).toBeGreaterThan(0.9);
    expect(compared.data!.registerModel.evaluation).toMatchObject({ kind: 'metrics', metrics: { accuracy: compared.data!.registerModel.metrics.accuracy }, curves: { roc: [{ x: expect.any(Array), y: expect.any(Array) }] } });
    // The weak tree had an Evaluate node too: Evaluate's summary (with its confusion matrix) wins over Compare's row.
    expect(v2.data!.registerModel.evaluation).toMatchObject({ kind: 'metrics', confusionMatrix: expect.any(Object) });

    const audited = await harness.services.db.select().from(auditEvents).where(and(eq(auditEvents.teamId, teamId), eq(auditEvents.action, 'model.registered')));
    expect(audited.map((a) => a.details)).toEqual(expect.arrayContaining([expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2 })]));
  });

  test('gates refuse a worse version saying by how much; promotion, predictions and rollback follow the stages', async () => {
    const gates = await owner.gql(`mutation { setModelGates(model: "penguins", metric: "accuracy", minimum: 0.9, mustBeatProduction: false) { gateMetric gateMinimum } }`);
    expect(gates.data!.setModelGates).toEqual({ gateMetric: 'accuracy', gateMinimum: 0.9 });
    expect((await viewer.gql(STAGE, { v: 1, stage: 'production' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Version 1 passes and serves.
    expect((await owner.gql(STAGE, { v: 1, stage: 'production', reason: 'first release' })).data!.setModelStage).toEqual({ version: 1, stage: 'production' });
    expect((await owner.gql(PREDICT, { records: [record] })).data!.predict).toMatchObject({ version: 1, stage: 'production' });

    // Version 2 falls short of the gate: refused with the shortfall, nothing changes.
    const weak = await owner.gql(STAGE, { v: 2, stage: 'production' });
    expect(weak.errors?.[0]?.extensions?.code).toBe('GATE_FAILED');
    expect(weak.errors?.[0]?.message).toMatch(/^Version 2 cannot go to production: Accuracy 0\.\d+ is 0\.\d+ below the gate's minimum 0\.9\.$/);
    const shortfall = Number(/is (0\.\d+) below/.exec(weak.errors![0]!.message)![1]);
    expect(shortfall).toBeCloseTo(0.9 - (await penguinsVersion(2)).metrics.accuracy!, 3);
    expect((await owner.gql(PREDICT, { records: [record] })).data!.predict.version).toBe(1);

    // A better version (the same good model registered again, from a second run) must beat production too.
    const beat = await owner.gql(`mutation { setModelGates(model: "penguins", metric: "accuracy", minimum: 0.9, mustBeatProduction: true) { gateMustBeatProduction } }`);
    expect(beat.data!.setModelGates).toEqual({ gateMustBeatProduction: true });
    const v3 = await owner.gql(REGISTER, { runId, nodeId: 'train-1', name: 'penguins' });
    expect(v3.data!.registerModel.version).toBe(3);
    const v1Accuracy = (await penguinsVersion(1)).metrics.accuracy!;
    const promoted = await owner.gql(STAGE, { v: 3, stage: 'production', reason: 'better' });
    if (v3.data!.registerModel.metrics.accuracy > v1Accuracy) {
      expect(promoted.errors).toBeUndefined();
    } else {
      expect(promoted.errors?.[0]?.message).toMatch(/does not beat production version 1's/);
      // Same accuracy: the minimum alone still lets it through.
      await owner.gql(`mutation { setModelGates(model: "penguins", metric: "accuracy", minimum: 0.9, mustBeatProduction: false) { gateMetric } }`);
      expect((await owner.gql(STAGE, { v: 3, stage: 'production', reason: 'better' })).errors).toBeUndefined();
    }
    expect((await owner.gql(PREDICT, { records: [record] })).data!.predict).toMatchObject({ version: 3, stage: 'production' });
    const listed = await owner.gql(`{ model(name: "penguins") { productionVersion versions { version stage } history { version fromStage toStage reason actor } } }`);
    expect(listed.data!.model.versions).toEqual([
      { version: 3, stage: 'production' },
      { version: 2, stage: 'none' },
      { version: 1, stage: 'archived' },
    ]);
    expect(listed.data!.model.history[0]).toMatchObject({ version: 3, fromStage: 'none', toStage: 'production', reason: 'better', actor: 'registry-owner' });

    expect((await viewer.gql(`mutation { rollbackModel(model: "penguins") { version } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rolled = await owner.gql(`mutation { rollbackModel(model: "penguins", reason: "v3 misbehaves") { version stage } }`);
    expect(rolled.data!.rollbackModel).toEqual({ version: 1, stage: 'production' });
    expect((await owner.gql(PREDICT, { records: [record] })).data!.predict).toMatchObject({ version: 1, stage: 'production' });
    const [audit] = await harness.services.db.select().from(auditEvents).where(and(eq(auditEvents.teamId, teamId), eq(auditEvents.action, 'model.rolled_back')));
    expect(audit!.details).toEqual({ from: 3, to: 1, reason: 'v3 misbehaves' });
    const promotions = await harness.services.db.select().from(auditEvents).where(and(eq(auditEvents.teamId, teamId), eq(auditEvents.action, 'model.promoted')));
    expect(promotions.length).toBeGreaterThanOrEqual(2);
  });

  test('compares two versions: metric deltas and changed hyperparameters', async () => {
    const compared = await owner.gql(`{ compareModelVersions(model: "penguins", a: 2, b: 1) }`);
    const { metrics, params } = compared.data!.compareModelVersions;
    expect(metrics.find((m: { name: string }) => m.name === 'accuracy')).toMatchObject({ better: 'b', delta: expect.any(Number) });
    expect(params.find((p: { name: string }) => p.name === 'max_depth')).toEqual({ name: 'max_depth', a: 1, b: 5, same: false });
  });

  test('a version downloads as a self-contained bundle whose model predicts like the served one', async () => {
    const res = await fetch(`${harness.origin}/models/penguins/1/bundle`, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="penguins-v1.pwmodel.json"');
    const bundle = (await res.json()) as { format: string; formatVersion: number; model: Record<string, any>; artifact: { data: string; sha256: string } };
    expect(bundle).toMatchObject({ format: 'pipewright-model-bundle', formatVersion: 1, model: { name: 'penguins', version: 1, stage: 'production', target: 'Species' } });
    expect(bundle.model.fittedPreprocessing.length).toBeGreaterThan(0);
    const bytes = Buffer.from(bundle.artifact.data, 'base64');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(bundle.artifact.sha256);
    const local = await predictRecords(decodePortValue(new Uint8Array(bytes)) as ModelValue, [record]);
    expect((await owner.gql(PREDICT, { records: [record] })).data!.predict.predictions).toEqual(local);
    expect((await fetch(`${harness.origin}/models/penguins/9/bundle`, { headers: { cookie: owner.cookie } })).status).toBe(404);
  });

  test('a Train node set to register on success is registered when the run succeeds', async () => {
    const version = await waitFor('the auto-registered model', async () => {
      const [row] = await harness.services.db
        .select({ version: modelVersions.version, runId: modelVersions.runId, nodeId: modelVersions.nodeId })
        .from(modelVersions)
        .innerJoin(models, eq(models.id, modelVersions.modelId))
        .where(and(eq(models.teamId, teamId), eq(models.name, 'auto-penguins')));
      return row;
    });
    expect(version).toEqual({ version: 1, runId, nodeId: 'train-1' });
  });

  test('a fully cached rerun registers no second copy of the model it took unchanged', async () => {
    const rerun = await owner.gql(`mutation ($runId: ID!) { rerunRun(runId: $runId) { id status } }`, { runId });
    expect(rerun.errors).toBeUndefined();
    // Every node came from the stored outputs: the run ended as it started.
    expect(rerun.data!.rerunRun.status).toBe('succeeded');
    const rerunId = rerun.data!.rerunRun.id as string;
    const job = () =>
      harness.services.db.execute<{ state: string }>(sql`select state from pgboss.job where name = ${QUEUES.registerModels} and data->>'runId' = ${rerunId}`);
    await waitFor('the rerun’s registration job', async () => ((await job())[0]?.state === 'completed' ? true : undefined));
    const versions = await harness.services.db
      .select({ version: modelVersions.version })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(and(eq(models.teamId, teamId), eq(models.name, 'auto-penguins')));
    expect(versions).toEqual([{ version: 1 }]);
    const copy = await owner.gql(REGISTER, { runId: rerunId, nodeId: 'train-tree', name: 'penguins' });
    expect(copy.errors?.[0]).toMatchObject({
      message: "This run took its model unchanged from an earlier run's stored output; it is already version 1 of 'penguins'.",
      extensions: { code: 'CONFLICT' },
    });
  });

  test('retention never deletes a registered version’s artifact', async () => {
    const { db, blobs } = harness.services;
    const rows = await db.select({ nodeId: nodeRuns.nodeId, outputs: nodeRuns.outputs }).from(nodeRuns).where(eq(nodeRuns.runId, runId));
    const artifact = rows.find((r) => r.nodeId === 'train-tree')!.outputs!.model!;
    const unregistered = rows.find((r) => r.nodeId === 'evaluate-tree')!.outputs!.metrics!;
    // Everything this team stored is long past its retention.
    await db.update(runs).set({ finishedAt: sql`now() - interval '400 days'` }).where(eq(runs.teamId, teamId));
    await db.update(nodeOutputs).set({ lastUsedAt: sql`now() - interval '400 days'` }).where(eq(nodeOutputs.teamId, teamId));
    await sweepStoredOutputs(db, blobs);
    await expect(blobs.get(unregistered)).rejects.toThrow();
    expect((await blobs.get(artifact)).byteLength).toBeGreaterThan(0);
    expect((await owner.gql(PREDICT, { records: [record] })).data!.predict.version).toBe(1);
  });
});
