import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { listPipelines } from '../../db/queries/pipelines';
import { nodeRuns, runs } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

const RUN_EVENTS = /* GraphQL */ `
  subscription ($runId: ID!, $afterSeq: Int) {
    runEvents(runId: $runId, afterSeq: $afterSeq) { seq type nodeId status progress message payload }
  }
`;
type RunEvent = { runEvents: { seq: number; type: string; nodeId: string | null; status: string | null; progress: number | null; message: string | null; payload: any } };

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  user = await harness.signUp('runner@example.com');
});
afterAll(() => harness?.stop());

async function createPipelineWith(graph: unknown) {
  const created = await user.gql(`mutation { createPipeline(name: "Penguins") { id } }`);
  const id = created.data!.createPipeline.id as string;
  const saved = await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph });
  expect(saved.errors).toBeUndefined();
  return id;
}

describe('a run through real pg-boss workers', () => {
  test('penguins pipeline: every node succeeds live over graphql-ws and accuracy ≥ 0.90', async () => {
    const pipelineId = await createPipelineWith(penguinsGraph);
    const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id status } }`, { id: pipelineId });
    expect(started.errors).toBeUndefined();
    const runId = started.data!.startRun.id as string;

    const events = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId })).map((e) => e.runEvents);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });

    for (const n of penguinsGraph.nodes) {
      const statuses = events.filter((e) => e.type === 'node_status' && e.nodeId === n.id).map((e) => e.status);
      expect(statuses, n.id).toEqual(['queued', 'running', 'succeeded']);
    }
    // Dependency order: a node starts only after each of its inputs succeeded.
    const indexOf = (nodeId: string, status: string) => events.findIndex((e) => e.type === 'node_status' && e.nodeId === nodeId && e.status === status);
    for (const e of penguinsGraph.edges) expect(indexOf(e.source, 'succeeded')).toBeLessThan(indexOf(e.target, 'running'));
    const training = events.filter((e) => e.type === 'node_progress' && e.nodeId === 'train-1');
    expect(training.length).toBeGreaterThan(0);
    // Training streams its loss with the progress ticks; it should fall as epochs pass.
    const losses = training.map((e) => e.payload?.metrics?.loss?.value).filter((v): v is number => typeof v === 'number');
    expect(losses.length).toBeGreaterThan(0);
    expect(losses.at(-1)!).toBeLessThan(1.1); // below the loss of a uniform guess over 3 classes (ln 3)

    const evaluated = events.find((e) => e.nodeId === 'evaluate-1' && e.status === 'succeeded')!;
    expect(evaluated.payload.outputs.metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.9);

    // A late subscriber replays the same history from the table, and afterSeq resumes mid-way.
    const replay = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId })).map((e) => e.runEvents.seq);
    expect(replay).toEqual(seqs);
    const resumed = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId, afterSeq: seqs[5] })).map((e) => e.runEvents.seq);
    expect(resumed).toEqual(seqs.slice(6));

    // Another team can neither follow nor read this run.
    const outsider = await harness.signUp('outsider@example.com');
    await expect(outsider.subscribe<RunEvent>(RUN_EVENTS, { runId })).rejects.toThrow('Run was not found in your team.');
    expect((await outsider.gql(`query ($id: ID!) { run(id: $id) { id } }`, { id: runId })).data!.run).toBeNull();

    const [run] = await harness.services.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe('succeeded');
    const listed = await listPipelines(harness.services.db, run!.teamId);
    expect(listed.find((p) => p.id === pipelineId)?.lastRunStatus).toBe('succeeded');
  });

  test('a random forest with cross-validation and a gradient-boosted model stream trees and folds live, before they finish', async () => {
    const graph = structuredClone(penguinsGraph);
    // Enough trees that each fold outlasts the 250 ms between progress ticks (400 could finish between two).
    graph.nodes.find((n) => n.id === 'train-1')!.params = { target: 'Species', model: 'random_forest', crossValidation: 5, hyperparameters: { n_estimators: 1500 } };
    graph.nodes.push({ id: 'train-2', type: 'train', version: 2, params: { target: 'Species', model: 'gradient_boosting', hyperparameters: { max_iter: 400 } }, position: { x: 260, y: 400 } });
    graph.edges.push({ id: 'scale->train-2', source: 'standard-scale-1', sourcePort: 'data', target: 'train-2', targetPort: 'data' });
    const pipelineId = await createPipelineWith(graph);
    const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
    expect(started.errors).toBeUndefined();
    const events = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId: started.data!.startRun.id })).map((e) => e.runEvents);
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });

    const progressOf = (nodeId: string) => {
      const finished = events.findIndex((e) => e.type === 'node_status' && e.nodeId === nodeId && e.status === 'succeeded');
      return events.slice(0, finished).filter((e) => e.type === 'node_progress' && e.nodeId === nodeId);
    };
    const during = (nodeId: string) => progressOf(nodeId).filter((e) => e.progress! < 1);
    const forest = during('train-1');
    const forestMessages = forest.map((e) => e.message ?? '');
    // Folds first (each building its trees), then the final model on every training row.
    expect(forestMessages[0]).toBe('Fold 1 of 5');
    expect(forestMessages.some((m) => /^Fold [2-5] of 5/.test(m))).toBe(true);
    expect(forestMessages.some((m) => /^Fold \d of 5 · Tree \d+ of 1500$/.test(m))).toBe(true);
    const fractions = forest.map((e) => e.progress!);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));

    const boosting = during('train-2');
    expect(boosting.length).toBeGreaterThan(0);
    expect(boosting.some((e) => /^Tree \d+ of 1200$/.test(e.message ?? ''))).toBe(true);
    // Ticks carry the learning curve's latest loss, which the canvas charts live. Ticks are at most every
    // 250 ms and a small boosting fit can finish between two, so the last tick (sent before the node
    // succeeds, with the final curve point) counts too.
    expect(progressOf('train-2').some((e) => typeof e.payload?.metrics?.loss?.value === 'number')).toBe(true);
  }, 120_000);

  test('a data error fails that node with its message and skips the rest', async () => {
    // Keeping only Adelie penguins validates (the schema still lists every species), but then Train
    // sees a single class in its rows: a data problem only the run can find.
    const graph = structuredClone(penguinsGraph);
    graph.nodes.push({ id: 'filter-1', type: 'filter', version: 1, params: { conditions: [{ column: 'Species', op: 'eq', value: 'Adelie' }] }, position: { x: 0, y: 200 } });
    graph.edges = graph.edges.map((e) => (e.source === 'dataset-1' ? { ...e, id: 'filter->split', source: 'filter-1' } : e));
    graph.edges.push({ id: 'dataset->filter', source: 'dataset-1', sourcePort: 'data', target: 'filter-1', targetPort: 'data' });
    graph.nodes.find((n) => n.id === 'split-1')!.params = { testFraction: 0.2, seed: 7 };
    const pipelineId = await createPipelineWith(graph);
    const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
    expect(started.errors).toBeUndefined();
    const runId = started.data!.startRun.id as string;
    const events = (await user.subscribe<RunEvent>(RUN_EVENTS, { runId })).map((e) => e.runEvents);
    const failed = events.find((e) => e.type === 'node_status' && e.status === 'failed')!;
    expect(failed.nodeId).toBe('train-1');
    expect(failed.message).toBe("Train: target 'Species' has one class only ('Adelie') in the training rows; at least 2 are needed to learn anything. Pick another target or check the Split.");
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'failed' });
    expect(events.at(-1)!.message).toContain('Train failed');
    const rows = await harness.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
    expect(rows.filter((r) => r.status === 'skipped').map((r) => r.nodeId)).toEqual(['evaluate-1']);
  });
});
