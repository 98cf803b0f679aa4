import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { buildChain } from '../../engine/testing/fixtures';
import { readPreviewCell } from '../../graphql/preview-columns';
import type { PreviewPayload } from '../../graphql/preview-payload';
import { DEFAULT_URL_FETCH_SETTINGS } from '../../worker/url-fetch/settings';
import { startHarness, type UserClient } from '../setup/app-harness';
import { startFileServer } from '../setup/file-server';
import { postDataset } from '../setup/multipart-upload';

/** What the editor asks while a Fetch node is configured: its URL's columns, its preview; and a run of the same. */
let server: Awaited<ReturnType<typeof startFileServer>>;
let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;

beforeAll(async () => {
  server = await startFileServer();
  harness = await startHarness({ worker: true, urlFetch: { ...DEFAULT_URL_FETCH_SETTINGS, allowHosts: [server.host], maxBytes: 1024 * 1024, timeoutMs: 5000, revalidateMs: 0 } });
  user = await harness.signUp('editor-fetch@example.com');
});
afterAll(async () => {
  await harness?.stop();
  await server?.close();
});

const at = (pathname: string) => `${server.origin}${pathname}`;
const SCHEMA = 'query ($ref: JSON!) { datasetSchema(ref: $ref) }';
const PREVIEW = 'query ($pipelineId: ID!, $graph: JSON!, $nodeId: ID!) { preview(pipelineId: $pipelineId, graph: $graph, nodeId: $nodeId) }';
const RUN_EVENTS = 'subscription ($runId: ID!) { runEvents(runId: $runId) { type nodeId status message payload } }';
const readZips = { missingTokens: ['?'], types: [{ column: 'zip', type: 'category' }] };

async function newPipeline(graph?: PipelineGraph) {
  const created = await user.gql('mutation { createPipeline(name: "Fetch in the editor") { id } }');
  const id = created.data!.createPipeline.id as string;
  if (graph) {
    const saved = await user.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph });
    expect(saved.errors).toBeUndefined();
  }
  return id;
}

describe('datasetSchema with a URL', () => {
  test("an allowed URL answers with the file's own columns", async () => {
    const res = await user.gql(SCHEMA, { ref: { source: 'url', url: at('/data.csv'), format: 'auto' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.datasetSchema.columns.map((c: { name: string; kind: string }) => [c.name, c.kind])).toEqual([['id', 'number'], ['name', 'category'], ['score', 'number']]);
  });

  test('a refused address or a missing file is a message for the node, not a server error', async () => {
    const inside = `http://127.0.0.2:${new URL(server.origin).port}/data.csv`;
    const refused = await user.gql(SCHEMA, { ref: { source: 'url', url: inside, format: 'csv' } });
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/points to 127\.0\.0\.2, a loopback address\. .*FETCH_ALLOW_HOSTS/), extensions: { code: 'BAD_USER_INPUT' } });
    const missing = await user.gql(SCHEMA, { ref: { source: 'url', url: at('/missing.csv'), format: 'auto' } });
    expect(missing.errors?.[0]).toMatchObject({ message: expect.stringContaining('answered HTTP 404 Not Found'), extensions: { code: 'BAD_USER_INPUT' } });
    const malformed = await user.gql(SCHEMA, { ref: { source: 'url' } });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('preview of a Fetch node over GraphQL', () => {
  test('shows the fetched rows read with the missing tokens and a text zip column, and a Filter downstream', async () => {
    const id = await newPipeline();
    const graph = buildChain([
      ['fetch', 'fetch-url', { url: at('/zips.csv'), ...readZips }],
      ['keep', 'filter', { mode: 'expression', expression: "zip == '02134'" }],
    ]);
    const fetched = await user.gql<{ preview: PreviewPayload }>(PREVIEW, { pipelineId: id, graph, nodeId: 'fetch' });
    expect(fetched.errors).toBeUndefined();
    expect(fetched.data!.preview).toMatchObject({ status: 'ok', ports: [{ port: 'data', kind: 'table', table: { rowsSent: 2 } }] });
    const { ports } = fetched.data!.preview as Extract<PreviewPayload, { status: 'ok' }>;
    const table = ports[0]!.kind === 'table' ? ports[0]!.table : undefined;
    const rows = [0, 1].map((row) => table!.data.map((column) => readPreviewCell(column, row)));
    expect(rows).toEqual([['02134', 'Boston', null], ['10001', 'New York', 4]]);
    const kept = await user.gql<{ preview: PreviewPayload }>(PREVIEW, { pipelineId: id, graph, nodeId: 'keep' });
    expect(kept.data!.preview).toMatchObject({ status: 'ok', rowsOut: [{ rows: 1 }] });
  });
});

describe('read options on a run', () => {
  async function runRows(graph: PipelineGraph, nodeId: string) {
    const started = await user.gql('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: await newPipeline(graph) });
    expect(started.errors).toBeUndefined();
    type Events = { runEvents: { type: string; nodeId: string | null; status: string | null; payload: any } };
    const events = (await user.subscribe<Events>(RUN_EVENTS, { runId: started.data!.startRun.id })).map((e) => e.runEvents);
    expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
    return events.find((e) => e.nodeId === nodeId && e.status === 'succeeded')!.payload.outputs.data.rows as number;
  }

  test('an upload read with a category override keeps leading zeros (02134, not 2134)', async () => {
    const bytes = new TextEncoder().encode('zip,city\n02134,Boston\n10001,New York\n');
    const res = await postDataset(harness.origin, user.cookie, { fileName: 'zips.csv', bytes });
    expect(res.status).toBe(200);
    const graph = buildChain([
      ['load', 'dataset', { dataset: res.body.ref, types: [{ column: 'zip', type: 'category' }] }],
      ['keep', 'filter', { mode: 'expression', expression: "zip == '02134'" }],
    ]);
    expect(await runRows(graph, 'keep')).toBe(1);
  });

  test('a Fetch node reads with its options on the worker too', async () => {
    const graph = buildChain([
      ['fetch', 'fetch-url', { url: at('/zips.csv'), ...readZips }],
      ['keep', 'filter', { mode: 'expression', expression: "zip == '02134' and rating is null" }],
    ]);
    expect(await runRows(graph, 'keep')).toBe(1);
  });
});
