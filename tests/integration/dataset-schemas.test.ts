import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, type UserClient } from '../setup/app-harness';
import { postDataset } from '../setup/multipart-upload';

let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;
let bob: UserClient;

beforeAll(async () => {
  harness = await startHarness();
  [alice, bob] = await Promise.all([harness.signUp('wide@example.com'), harness.signUp('other@example.com')]);
});
afterAll(() => harness?.stop());

/** 2,000 category columns with 20 values each: a schema of a few hundred kB. */
function wideCsv(): Uint8Array {
  const columns = 2000;
  const header = Array.from({ length: columns }, (_, c) => `column_${c}`).join(',');
  const rows = Array.from({ length: 20 }, (_, r) => Array.from({ length: columns }, (_, c) => `v${r}_${c}`).join(','));
  return new TextEncoder().encode([header, ...rows].join('\n') + '\n');
}

const pageSize = async (pipelineId: string) => {
  const res = await fetch(`${harness.origin}/pipelines/${pipelineId}`, { headers: { cookie: alice.cookie } });
  expect(res.status).toBe(200);
  return (await res.text()).length;
};

const createPipeline = async (name: string, graph?: unknown) => {
  const created = await alice.gql<{ createPipeline: { id: string } }>('mutation ($name: String!) { createPipeline(name: $name) { id } }', { name });
  const id = created.data!.createPipeline.id;
  if (graph) {
    const saved = await alice.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph });
    expect(saved.errors).toBeUndefined();
  }
  return id;
};

test("a wide upload's schema is not inlined into editor pages that do not read it, and loads on demand", async () => {
  const plain = await createPipeline('Plain');
  const before = await pageSize(plain);

  const upload = await postDataset(harness.origin, alice.cookie, { fileName: 'wide.csv', bytes: wideCsv() });
  expect(upload.status).toBe(200);
  const schemaBytes = JSON.stringify(upload.body.schema).length;
  expect(schemaBytes).toBeGreaterThan(200_000);
  expect(upload.body.columnCount).toBe(2000);

  // The picker lists it (label, rows, columns) for a few hundred bytes, not its schema.
  const grown = (await pageSize(plain)) - before;
  expect(grown).toBeLessThan(1_000);

  // A pipeline that reads it gets its schema with the page, for edit-time checks.
  const graph = { nodes: [{ id: 'dataset-1', type: 'dataset', version: 1, params: { dataset: upload.body.ref }, position: { x: 0, y: 0 } }], edges: [] };
  const reading = await createPipeline('Reads wide', graph);
  expect((await pageSize(reading)) - before).toBeGreaterThan(schemaBytes);

  // Picked elsewhere, it is fetched on its own, team-scoped.
  const query = 'query ($ref: JSON!) { datasetSchema(ref: $ref) }';
  const fetched = await alice.gql<{ datasetSchema: { columns: unknown[] } }>(query, { ref: upload.body.ref });
  expect(fetched.data!.datasetSchema).toEqual(upload.body.schema);
  expect((await bob.gql(query, { ref: upload.body.ref })).data!.datasetSchema).toBeNull();
  const bad = await alice.gql(query, { ref: { source: 'nowhere' } });
  expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

  // A list never carries uploads' schemas, so one query cannot pull hundreds of them.
  const listed = await alice.gql<{ datasets: { ref: { source: string }; columnCount: number; schema: unknown }[] }>('{ datasets(limit: 200) { ref columnCount schema } }');
  const uploads = listed.data!.datasets.filter((d) => d.ref.source === 'upload');
  expect(uploads).toEqual([{ ref: upload.body.ref, columnCount: 2000, schema: null }]);
});
