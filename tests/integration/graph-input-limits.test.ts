import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { postForm, startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let ada: UserClient;
let pipelineId: string;
beforeAll(async () => {
  harness = await startHarness();
  ada = await harness.signUp('graph-limits@example.com');
  pipelineId = (await ada.gql(`mutation { createPipeline(name: "Limits") { id } }`)).data!.createPipeline.id;
});
afterAll(() => harness?.stop());

const SAVE = `mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`;
const save = (graph: unknown) => ada.gql(SAVE, { id: pipelineId, graph });
const withNode = (change: (node: (typeof penguinsGraph.nodes)[number]) => void) => {
  const graph = structuredClone(penguinsGraph);
  change(graph.nodes.find((n) => n.id === 'train-1')!);
  return graph;
};

describe('graph size caps', () => {
  test('a node whose settings exceed 64 KB is refused, naming the node; the saved graph is unchanged', async () => {
    expect((await save(penguinsGraph)).errors).toBeUndefined();
    const res = await save(withNode((n) => (n.params = { ...n.params, note: 'x'.repeat(100 * 1024) })));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toBe(
      'The pipeline could not be saved. Node "train-1" has 101 KB of settings; the limit is 64 KB per node. Shorten its longest values.',
    );
    expect(res.errors?.[0]?.extensions?.problems).toEqual([{ nodeId: 'train-1', message: expect.stringContaining('101 KB') }]);
    const stored = await ada.gql(`query ($id: ID!) { pipeline(id: $id) { graph } }`, { id: pipelineId });
    expect(stored.data!.pipeline.graph).toEqual(penguinsGraph);
  });

  test('a 20 MB setting never reaches the resolver: the request body cap answers 413', async () => {
    const res = await fetch(`${harness.origin}/graphql`, {
      method: 'POST',
      headers: { origin: harness.origin, cookie: ada.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query: SAVE, variables: { id: pipelineId, graph: withNode((n) => (n.params = { note: 'x'.repeat(20 << 20) })) } }),
    });
    expect(res.status).toBe(413);
  });

  test('more than 500 nodes, or more than 2 MB in all, is refused', async () => {
    const node = penguinsGraph.nodes[0]!;
    const many = { nodes: Array.from({ length: 501 }, (_, i) => ({ ...node, id: `n${i}` })), edges: [] };
    expect((await save(many)).errors?.[0]?.message).toBe('The pipeline could not be saved. nodes: A pipeline holds at most 500 nodes.');
    const heavy = { nodes: Array.from({ length: 40 }, (_, i) => ({ ...node, id: `n${i}`, params: { ...node.params, note: 'x'.repeat(60 * 1024) } })), edges: [] };
    expect((await save(heavy)).errors?.[0]?.message).toMatch(/^The pipeline could not be saved\. The pipeline is 2\d\d\d KB as JSON; the limit is 2048 KB/);
  });
});

describe('node notes', () => {
  test('a note is saved with its node outside the 64 KB settings cap, read back through PipelineNode, and capped at 4000 characters', async () => {
    const noted = withNode((n) => Object.assign(n, { note: 'Try a forest next.' }));
    expect((await save(noted)).errors).toBeUndefined();
    const stored = await ada.gql(`query ($id: ID!) { pipeline(id: $id) { graph nodes { id note } } }`, { id: pipelineId });
    expect(stored.data!.pipeline.graph).toEqual(noted);
    expect(stored.data!.pipeline.nodes.find((n: { id: string }) => n.id === 'train-1')).toEqual({ id: 'train-1', note: 'Try a forest next.' });
    // A long note does not count against the node's settings, which keep their own cap.
    const longNote = withNode((n) => Object.assign(n, { note: 'n'.repeat(4000), params: { ...n.params, extra: 'x'.repeat(60 * 1024) } }));
    expect((await save(longNote)).errors).toBeUndefined();
    const tooLong = await save(withNode((n) => Object.assign(n, { note: 'n'.repeat(4001) })));
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLong.errors?.[0]?.extensions?.problems).toEqual([{ nodeId: 'train-1', message: expect.stringContaining('note') }]);
  });
});

describe('NUL characters', () => {
  test('in a pipeline name (GraphQL and the pipelines page): refused with a message, nothing stored', async () => {
    const created = await ada.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name: 'bad\u0000name' });
    expect(created.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(created.errors?.[0]?.message).toMatch(/^The pipeline name contains a NUL character/);
    const renamed = await ada.gql(`mutation ($id: ID!) { renamePipeline(id: $id, name: "x\\u0000") { id } }`, { id: pipelineId });
    expect(renamed.errors?.[0]?.message).toMatch(/^The pipeline name contains a NUL character/);

    const page = await postForm(harness.origin, '/pipelines', { intent: 'create', name: 'form\u0000name' }, { cookie: ada.cookie });
    expect(page.status).toBe(400);
    const list = await ada.gql(`{ pipelines { name } }`);
    expect(list.data!.pipelines.map((p: { name: string }) => p.name)).toEqual(['Limits']);
  });

  test('in a node label, a setting value or a setting key: refused naming the node and the field', async () => {
    const label = await save(withNode((n) => (n.label = 'Tr\u0000ain')));
    expect(label.errors?.[0]?.message).toBe(
      'The pipeline could not be saved. Node "train-1", label: This text contains a NUL character (\\u0000), which cannot be stored. Remove it and try again.',
    );
    const value = await save(withNode((n) => (n.params = { ...n.params, options: { names: ['ok', 'b\u0000d'] } })));
    expect(value.errors?.[0]?.message).toMatch(/^The pipeline could not be saved\. Node "train-1": setting "options\.names\[1\]" contains a NUL character/);
    const key = await save(withNode((n) => (n.params = { ...n.params, ['k\u0000']: 1 })));
    expect(key.errors?.[0]?.message).toMatch(/Node "train-1": setting "k\u0000" contains a NUL character/);
    for (const res of [label, value, key]) expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // No blob or row was written on the way.
    expect(await readdir(harness.dataDir)).toEqual([]);
  });
});
