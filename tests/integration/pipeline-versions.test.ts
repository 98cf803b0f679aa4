import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;
let bob: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  [alice, bob] = await Promise.all([harness.signUp('alice@example.com'), harness.signUp('bob@example.com')]);
});
afterAll(() => harness?.stop());

const SAVE = `mutation ($id: ID!, $graph: JSON!, $base: Int) { savePipelineGraph(pipelineId: $id, graph: $graph, baseRevision: $base) { revision graph } }`;
const CHECKPOINT = `mutation ($id: ID!, $name: String!, $graph: JSON) { createCheckpoint(pipelineId: $id, name: $name, graph: $graph) { version kind name author runId graph } }`;
const VERSIONS = `query ($id: ID!) { pipeline(id: $id) { versions { version kind name author runId graph } } }`;
const RESTORE = `mutation ($id: ID!, $version: Int!, $base: Int) { restorePipelineVersion(pipelineId: $id, version: $version, baseRevision: $base) { revision graph } }`;

async function newPipeline(client: UserClient) {
  const created = await client.gql(`mutation { createPipeline(name: "Versions") { id revision } }`);
  expect(created.data!.createPipeline.revision).toBe(0);
  return created.data!.createPipeline.id as string;
}

const withParam = (graph: PipelineGraph, nodeId: string, params: Record<string, unknown>): PipelineGraph => ({
  ...graph,
  nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, ...params } } : n)),
});

describe('conflict-safe saving', () => {
  test('a save based on a stale revision is refused with CONFLICT and the current draft; nothing is overwritten', async () => {
    const id = await newPipeline(alice);
    // Two tabs open revision 0; the first saves, so the draft moves to revision 1.
    const first = await alice.gql(SAVE, { id, graph: penguinsGraph, base: 0 });
    expect(first.errors).toBeUndefined();
    expect(first.data!.savePipelineGraph.revision).toBe(1);

    const stale = await alice.gql(SAVE, { id, graph: { nodes: [], edges: [] }, base: 0 });
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', revision: 1, graph: penguinsGraph });
    expect(stale.errors![0]!.message).toMatch(/changed elsewhere/);
    const now = await alice.gql(`query ($id: ID!) { pipeline(id: $id) { revision graph } }`, { id });
    expect(now.data!.pipeline).toEqual({ revision: 1, graph: penguinsGraph });

    // Based on the revision the conflict reported, the merged graph saves.
    const merged = await alice.gql(SAVE, { id, graph: { nodes: [], edges: [] }, base: 1 });
    expect(merged.data!.savePipelineGraph.revision).toBe(2);
  });
});

describe('versions', () => {
  test('checkpoints are listed with runs, and restoring one saves a new revision without rewriting history', async () => {
    const id = await newPipeline(alice);
    await alice.gql(SAVE, { id, graph: penguinsGraph, base: 0 });
    const named = await alice.gql(CHECKPOINT, { id, name: '  Before tuning  ' });
    expect(named.errors).toBeUndefined();
    expect(named.data!.createCheckpoint).toMatchObject({ version: 1, kind: 'checkpoint', name: 'Before tuning', author: 'alice@example.com', runId: null });

    const tuned = withParam(penguinsGraph, penguinsGraph.nodes[1]!.id, { testFraction: 0.3 });
    await alice.gql(SAVE, { id, graph: tuned, base: 1 });
    const run = await alice.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id });
    expect(run.errors).toBeUndefined();

    const listed = (await alice.gql(VERSIONS, { id })).data!.pipeline.versions;
    expect(listed.map((v: { version: number; kind: string }) => [v.version, v.kind])).toEqual([
      [2, 'run'],
      [1, 'checkpoint'],
    ]);
    expect(listed[0]).toMatchObject({ runId: run.data!.startRun.id, graph: tuned, author: 'alice@example.com' });

    const stale = await alice.gql(RESTORE, { id, version: 1, base: 1 });
    expect(stale.errors![0]!.extensions!.code).toBe('CONFLICT');
    const restored = await alice.gql(RESTORE, { id, version: 1, base: 2 });
    expect(restored.data!.restorePipelineVersion).toEqual({ revision: 3, graph: penguinsGraph });
    // History keeps both versions as they were.
    expect((await alice.gql(VERSIONS, { id })).data!.pipeline.versions).toEqual(listed);
    expect((await alice.gql(RESTORE, { id, version: 9 })).errors![0]!.extensions!.code).toBe('NOT_FOUND');

    const unnamed = await alice.gql(CHECKPOINT, { id, name: ' ' });
    expect(unnamed.errors![0]!.message).toBe('Give the version a name.');
    const kept = await alice.gql(CHECKPOINT, { id, name: 'Kept aside', graph: { nodes: [], edges: [] } });
    expect(kept.data!.createCheckpoint).toMatchObject({ version: 3, graph: { nodes: [], edges: [] } });
  });

  test('runs of an unchanged draft share its version, listed once with the first run; a saved edit makes a new one', async () => {
    const id = await newPipeline(alice);
    await alice.gql(SAVE, { id, graph: penguinsGraph, base: 0 });
    const START = `mutation ($id: ID!) { startRun(pipelineId: $id) { id pipelineVersion } }`;
    const first = (await alice.gql(START, { id })).data!.startRun;
    const again = (await alice.gql(START, { id })).data!.startRun;
    const rerun = await alice.gql(`mutation ($run: ID!) { rerunRun(runId: $run) { pipelineVersion } }`, { run: first.id });
    expect([first.pipelineVersion, again.pipelineVersion, rerun.data!.rerunRun.pipelineVersion]).toEqual([1, 1, 1]);
    expect((await alice.gql(VERSIONS, { id })).data!.pipeline.versions).toEqual([{ version: 1, kind: 'run', name: null, author: 'alice@example.com', runId: first.id, graph: penguinsGraph }]);

    const tuned = withParam(penguinsGraph, penguinsGraph.nodes[1]!.id, { testFraction: 0.3 });
    await alice.gql(SAVE, { id, graph: tuned, base: 1 });
    const edited = (await alice.gql(START, { id })).data!.startRun;
    expect(edited.pipelineVersion).toBe(2);
    const listed = (await alice.gql(VERSIONS, { id })).data!.pipeline.versions;
    expect(listed.map((v: { version: number; runId: string; graph: PipelineGraph }) => [v.version, v.runId, v.graph])).toEqual([
      [2, edited.id, tuned],
      [1, first.id, penguinsGraph],
    ]);
  });

  test("another team cannot list, checkpoint or restore a pipeline's versions", async () => {
    const id = await newPipeline(alice);
    await alice.gql(SAVE, { id, graph: penguinsGraph });
    await alice.gql(CHECKPOINT, { id, name: 'Secret' });
    expect((await bob.gql(VERSIONS, { id })).data!.pipeline).toBeNull();
    expect((await bob.gql(CHECKPOINT, { id, name: 'Mine now' })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await bob.gql(RESTORE, { id, version: 1 })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await bob.gql(SAVE, { id, graph: { nodes: [], edges: [] }, base: 1 })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await alice.gql(VERSIONS, { id })).data!.pipeline.versions).toHaveLength(1);
  });
});
