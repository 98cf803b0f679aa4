import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { count } from 'drizzle-orm';
import { datasetVersions, runs } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { postForm, startHarness, type UserClient } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;
let bob: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  [alice, bob] = await Promise.all([harness.signUp('alice@example.com'), harness.signUp('bob@example.com')]);
});
afterAll(() => harness?.stop());

async function pipelineWith(client: UserClient, graph: unknown) {
  const created = await client.gql(`mutation { createPipeline(name: "Test") { id } }`);
  const id = created.data!.createPipeline.id as string;
  const saved = await client.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph });
  expect(saved.errors).toBeUndefined();
  return id;
}

async function startRunProblems(client: UserClient, pipelineId: string) {
  const res = await client.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  return res.errors![0]!.extensions!.problems as { nodeId?: string; message: string }[];
}

const runCount = async () => (await harness.services.db.select({ n: count() }).from(runs))[0]!.n;

describe('pipelines over GraphQL', () => {
  test('create, list, rename, delete', async () => {
    const created = await alice.gql(`mutation { createPipeline(name: "  Churn  ") { id name } }`);
    const { id, name } = created.data!.createPipeline;
    expect(name).toBe('Churn');
    await alice.gql(`mutation ($id: ID!) { renamePipeline(id: $id, name: "Churn v2") { id } }`, { id });
    const listed = await alice.gql(`{ pipelines { id name } }`);
    expect(listed.data!.pipelines).toContainEqual({ id, name: 'Churn v2' });
    expect((await alice.gql(`mutation ($id: ID!) { deletePipeline(id: $id) }`, { id })).data!.deletePipeline).toBe(true);
    expect((await alice.gql(`query ($id: ID!) { pipeline(id: $id) { id } }`, { id })).data!.pipeline).toBeNull();
    const empty = await alice.gql(`mutation { createPipeline(name: "   ") { id } }`);
    expect(empty.errors![0]!.message).toBe('Give the pipeline a name.');
  });

  test('a new team can open a ready-made example that validates and runs', async () => {
    const open = (example: string) =>
postForm(harness.origin, '/pipelines', { intent: 'example', example }, { cookie: bob.cookie });
    const res = await open('penguins');
    expect(res.status).toBe(302);
    const id = /\/pipelines\/([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')![1];
    const pipeline = (await bob.gql(`query ($id: ID!) { pipeline(id: $id) { name nodes { type } } }`, { id })).data!.pipeline;
    expect(pipeline.name).toBe('Penguin species');
    expect(pipeline.nodes.map((n: { type: string }) => n.type)).toEqual(['dataset', 'split', 'impute', 'one-hot', 'standard-scale', 'train', 'evaluate']);
    const started = await bob.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { status } }`, { id });
    expect(started.data!.startRun.status).toBe('queued');
    expect((await open('unicorns')).status).toBe(400);
  });

  test("another team's pipeline and runs are invisible and untouchable", async () => {
    const id = await pipelineWith(alice, penguinsGraph);
    expect((await bob.gql(`query ($id: ID!) { pipeline(id: $id) { id } }`, { id })).data!.pipeline).toBeNull();
    expect((await bob.gql(`{ pipelines { id } }`)).data!.pipelines).not.toContainEqual({ id });
    for (const mutation of [
      `mutation ($id: ID!) { renamePipeline(id: $id, name: "mine now") { id } }`,
      `mutation ($id: ID!) { deletePipeline(id: $id) }`,
      `mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`,
      `mutation ($id: ID!) { savePipelineGraph(pipelineId: $id, graph: { nodes: [], edges: [] }) { id } }`,
    ]) {
      const res = await bob.gql(mutation, { id });
      expect(res.errors?.[0]?.extensions?.code, mutation).toBe('NOT_FOUND');
    }
    expect((await alice.gql(`query ($id: ID!) { pipeline(id: $id) { name nodes { id } } }`, { id })).data!.pipeline.nodes).toHaveLength(7);
  });

  test('signed-out callers get UNAUTHENTICATED', async () => {
    const res = await fetch(`${harness.origin}/graphql`, {
      method: 'POST',
      headers: { origin: harness.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ pipelines { id } }' }),
    });
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test('cross-site requests are refused', async () => {
    const res = await fetch(`${harness.origin}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie: alice.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createPipeline(name: "x") { id } }' }),
    });
    expect(res.status).toBe(403);
    // Reads are not shared with other origins either: no CORS grant, so a foreign page cannot see them.
    const read = await fetch(`${harness.origin}/graphql?query=${encodeURIComponent('{ pipelines { id } }')}`, {
      headers: { origin: 'http://localhost:8080', cookie: alice.cookie },
    });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('nodeTypes exposes every registered node with a JSON Schema', async () => {
    const res = await alice.gql(`{ nodeTypes { type version title category paramsSchema inputs outputs } }`);
    const types = res.data!.nodeTypes.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['dataset', 'impute', 'one-hot', 'standard-scale', 'split', 'train', 'evaluate']));
    const train = res.data!.nodeTypes.find((t: { type: string }) => t.type === 'train');
    expect(train.paramsSchema.properties.target).toBeDefined();
  });
});

describe('startRun refuses a graph that cannot run, names the node, and stores nothing', () => {
  test('a cycle', async () => {
    const graph = structuredClone(penguinsGraph);
    graph.edges.push({ id: 'back', source: 'impute-1', sourcePort: 'data', target: 'split-1', targetPort: 'data' });
    const before = await runCount();
    const problems = await startRunProblems(alice, await pipelineWith(alice, graph));
    expect(problems.map((p) => p.message).join(' ')).toMatch(/form a loop: Train\/test split → Impute → Train\/test split/);
    expect(problems.some((p) => p.nodeId === 'split-1' || p.nodeId === 'impute-1')).toBe(true);
    expect(await runCount()).toBe(before);
  });

  test('an unknown node type', async () => {
    const graph = structuredClone(penguinsGraph);
    graph.nodes.push({ id: 'magic-1', type: 'quantum-boost', version: 1, params: {}, position: { x: 0, y: 0 } });
    const problems = await startRunProblems(alice, await pipelineWith(alice, graph));
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: 'magic-1', message: expect.stringContaining('quantum-boost') }));
  });

  test('a missing input', async () => {
    const graph = structuredClone(penguinsGraph);
    graph.edges = graph.edges.filter((e) => e.target !== 'train-1');
    const problems = await startRunProblems(alice, await pipelineWith(alice, graph));
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: 'train-1' }));
  });

  test('a target column that does not exist', async () => {
    const graph = structuredClone(penguinsGraph);
    graph.nodes.find((n) => n.id === 'train-1')!.params = { target: 'Wingspan' };
    const problems = await startRunProblems(alice, await pipelineWith(alice, graph));
    const problem = problems.find((p) => p.nodeId === 'train-1');
    expect(problem?.message).toContain('Wingspan');
  });

  test('a malformed saved graph is refused when saved', async () => {
    const created = await alice.gql(`mutation { createPipeline(name: "Broken") { id } }`);
    const res = await alice.gql(`mutation ($id: ID!) { savePipelineGraph(pipelineId: $id, graph: { nodes: [{ id: "a" }], edges: [] }) { id } }`, {
      id: created.data!.createPipeline.id,
    });
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/Node "a", type: /);
  });
});

describe('dataset upload', () => {
  const upload = (client: UserClient, name: string, content: string) => {
    const form = new FormData();
    form.set('file', new Blob([content], { type: 'text/csv' }), name);
    return fetch(`${harness.origin}/api/datasets`, { method: 'POST', headers: { origin: harness.origin, cookie: client.cookie }, body: form });
  };
  const versionCount = async () => (await harness.services.db.select({ n: count() }).from(datasetVersions))[0]!.n;

  test('a good CSV becomes a dataset version with an inferred schema', async () => {
    const res = await upload(alice, 'flowers.csv', 'petal,kind\n1.5,a\n2.5,b\n,a\n');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rowCount).toBe(3);
    expect(body.schema.columns.map((c: { name: string; kind: string }) => [c.name, c.kind])).toEqual([
      ['petal', 'number'],
      ['kind', 'category'],
    ]);
    const options = await alice.gql(`{ datasets { label ref } }`);
    expect(options.data!.datasets).toContainEqual({ label: 'flowers v1', ref: body.ref });
    const others = await bob.gql(`{ datasets { label } }`);
    expect(others.data!.datasets.map((d: { label: string }) => d.label)).not.toContain('flowers v1');
  });

  test('a malformed CSV is refused with the line, and nothing is stored', async () => {
    const before = await versionCount();
    const res = await upload(alice, 'ragged.csv', 'a,b\n1,2\n3,4,5\n');
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toContain('ragged.csv');
    expect(error).toMatch(/line 3/i);
    expect(await versionCount()).toBe(before);
  });

  test('a file over the size limit is refused even when streamed without a Content-Length', async () => {
    const before = await versionCount();
    const limit = 5 * 1024 * 1024; // the harness's maxUploadBytes
    const boundary = 'pipewrightboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\na\n`;
    const chunk = new TextEncoder().encode('1\n'.repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
        for (let sent = 0; sent <= limit; sent += chunk.byteLength) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
        controller.close();
      },
    });
    const res = await fetch(`${harness.origin}/api/datasets`, {
      method: 'POST',
      headers: { origin: harness.origin, cookie: alice.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('The file is larger than the 5 MB upload limit.');
    expect(await versionCount()).toBe(before);
  });

  test('a file of a kind no reader knows is refused, naming the kinds it could be', async () => {
    const res = await upload(alice, 'budget.xlsx', 'PK\u0003\u0004 not a table');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/"budget\.xlsx" is not a dataset file this server reads\. Upload one of: .*\.csv.*\.parquet/);
  });
});
