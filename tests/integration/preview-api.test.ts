import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PipelineGraph } from '../../engine/graph-types';
import { bundledThread } from '../../engine/threads/thread-bundle';
import { readPreviewCell } from '../../graphql/preview-columns';
import type { PreviewGridTable, PreviewPayload } from '../../graphql/preview-payload';
import type { PreviewRowsPayload } from '../../graphql/preview-window';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';
import { postDataset } from '../setup/multipart-upload';

const PREVIEW = /* GraphQL */ `
  query ($pipelineId: ID!, $graph: JSON!, $nodeId: ID!, $sample: JSON) {
    preview(pipelineId: $pipelineId, graph: $graph, nodeId: $nodeId, sample: $sample)
  }
`;
const PREVIEW_ROWS = /* GraphQL */ `
  query ($pipelineId: ID!, $graph: JSON!, $nodeId: ID!, $sample: JSON, $port: String!, $part: String, $offset: Int!, $limit: Int!) {
    previewRows(pipelineId: $pipelineId, graph: $graph, nodeId: $nodeId, sample: $sample, port: $port, part: $part, offset: $offset, limit: $limit)
  }
`;
/**
 * Small enough that 1,000 rows of the three-column upload (~12 KB column by column) do not fit in one
 * window, large enough for a preview's first 100 rows and their stats (~2 KB).
 */
const MAX_KB = 8;

let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;
let bob: UserClient;
let upload: { source: 'upload'; datasetVersionId: string };

/** 30,000 rows: id, x (0–99.9), label; a random 10,000 of them make derive chains slow enough to watch. */
function numbersCsv() {
  let csv = 'id,x,label\n';
  for (let i = 0; i < 30_000; i++) csv += `${i},${((i * 7919) % 1000) / 10},${['red', 'green', 'blue'][i % 3]}\n`;
  return new TextEncoder().encode(csv);
}

beforeAll(async () => {
  harness = await startHarness({ preview: { maxKb: MAX_KB } });
  [alice, bob] = await Promise.all([harness.signUp('alice@example.com'), harness.signUp('bob@example.com')]);
  const res = await postDataset(harness.origin, alice.cookie, { fileName: 'numbers.csv', bytes: numbersCsv() });
  expect(res.status).toBe(200);
  upload = res.body.ref;
});
afterAll(() => harness?.stop());

async function newPipeline(client: UserClient) {
  const created = await client.gql(`mutation { createPipeline(name: "Preview") { id } }`);
  return created.data!.createPipeline.id as string;
}

async function preview(client: UserClient, pipelineId: string, graph: PipelineGraph, nodeId: string, sample?: unknown) {
  const res = await client.gql<{ preview: PreviewPayload }>(PREVIEW, { pipelineId, graph, nodeId, sample });
  if (res.errors) throw new Error(`preview refused: ${JSON.stringify(res.errors)}`);
  return res.data!.preview;
}

function ok(payload: PreviewPayload) {
  if (payload.status !== 'ok') throw new Error(`expected a preview, got ${JSON.stringify(payload).slice(0, 500)}`);
  return payload;
}

const tableOf = (payload: PreviewPayload, port = 'data'): PreviewGridTable => {
  const found = ok(payload).ports.find((p) => p.port === port);
  if (found?.kind !== 'table') throw new Error(`no table port ${port}`);
  return found.table;
};

const rowsOf = (table: Pick<PreviewGridTable, 'rowsSent' | 'data'>) =>
  Array.from({ length: table.rowsSent }, (_, row) => table.data.map((column) => readPreviewCell(column, row)));

type WindowArgs = { port: string; part?: 'train' | 'test'; offset: number; limit: number };
async function previewRows(client: UserClient, pipelineId: string, graph: PipelineGraph, nodeId: string, sample: unknown, window: WindowArgs) {
  const res = await client.gql<{ previewRows: PreviewRowsPayload }>(PREVIEW_ROWS, { pipelineId, graph, nodeId, sample, ...window });
  if (res.errors) throw new Error(`previewRows refused: ${JSON.stringify(res.errors)}`);
  const payload = res.data!.previewRows;
  if (payload.status !== 'ok') throw new Error(`expected rows, got ${JSON.stringify(payload).slice(0, 500)}`);
  return payload;
}

/** The upload's row i as the engine reads it: id, x, label. */
const uploadRow = (i: number) => [i, ((i * 7919) % 1000) / 10, ['red', 'green', 'blue'][i % 3]];

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
const chainOf = (nodes: ReturnType<typeof node>[]): PipelineGraph => ({
  nodes,
  edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, sourcePort: 'data', target: n.id, targetPort: 'data' })),
});

/** The upload, then `count` Derive steps that each rewrite a column: ~4 s on 10,000 rows here. */
function slowGraph(count = 450): PipelineGraph {
  // Heavy enough (8 terms, ~110 parts, well inside the language's 200) that even a quiet machine needs
  // several seconds for the chain, so the 2 s cap always stops it.
  const term = (i: number, k: number) => `sqrt(x * ${i + k}) + log(x + ${k}) + exp(x / 100) * abs(x - ${k})`;
  const expression = (i: number) => `if(x > ${i % 50}, ${Array.from({ length: 8 }, (_, k) => term(i, k + 1)).join(' + ')}, 0)`;
  const derives = Array.from({ length: count }, (_, i) => node(`d${i + 1}`, 'derive', { name: `c${i % 5}`, expression: expression(i), replace: true }));
  return chainOf([node('load', 'dataset', { dataset: upload }), ...derives]);
}

describe('preview over GraphQL', () => {
  test('an upload previews its schema, first rows and column stats; the sample and the row cap apply', async () => {
    const id = await newPipeline(alice);
    const graph = chainOf([node('load', 'dataset', { dataset: upload }), node('pick', 'select-columns', { columns: ['x'] })]);
    const head = tableOf(await preview(alice, id, graph, 'pick'));
    expect(head.schema.columns).toEqual([{ name: 'x', kind: 'number' }]);
    // The first window of rows comes with the preview; the grid asks for the others as it scrolls.
    expect(head).toMatchObject({ rowCount: 1000, rowsAvailable: 1000, rowsSent: 100, truncated: false, columnCount: 1 });
    expect(head.data).toEqual([{ values: expect.any(Array), decimals: 1 }]);
    expect(rowsOf(head).slice(0, 3)).toEqual([[0], [91.9], [83.8]]);
    expect(head.stats![0]!.missing).toBe(0);
    expect(head.stats![0]!.histogram!.bins.reduce((a, b) => a + b, 0)).toBe(1000);

    // 10,000 sample rows, of which the grid may show 1,000.
    const big = await preview(alice, id, graph, 'pick', { mode: 'head', rows: 10_000 });
    expect(tableOf(big)).toMatchObject({ rowCount: 10_000, rowsAvailable: 1000, rowsSent: 100, truncated: true });
    expect(ok(big).limits).toMatchObject({ rowLimit: 1000, windowRows: 100, cutByBytes: false });

    // A category column sends each value once, and only the values its rows use.
    const wide = tableOf(await preview(alice, id, graph, 'load'));
    expect(wide.data[2]).toMatchObject({ dictionary: ['red', 'green', 'blue'] });
    expect(rowsOf(wide)[4]).toEqual([4, 67.6, 'green']);
    expect(wide.stats![2]!.top).toEqual([
      { value: 'red', count: 334 },
      { value: 'green', count: 333 },
      { value: 'blue', count: 333 },
    ]);
  });

  test('the grid reads rows past the first window from the cached output, up to the row cap and within the byte cap', async () => {
    const id = await newPipeline(alice);
    const graph = chainOf([node('load', 'dataset', { dataset: upload })]);
    const sample = { mode: 'head', rows: 10_000 };
    // The preview caches the node's sample output; the windows read it (computed by an earlier test or here).
    expect(tableOf(await preview(alice, id, graph, 'load', sample))).toMatchObject({ rowsAvailable: 1000, rowsSent: 100 });

    const last = await previewRows(alice, id, graph, 'load', sample, { port: 'data', offset: 900, limit: 100 });
    expect(last).toMatchObject({ offset: 900, rowsSent: 100, rowsAvailable: 1000, cutByBytes: false });
    expect(rowsOf(last)).toEqual(Array.from({ length: 100 }, (_, i) => uploadRow(900 + i)));
    // Rows stop at the row cap, however many the sample holds.
    expect(await previewRows(alice, id, graph, 'load', sample, { port: 'data', offset: 990, limit: 100 })).toMatchObject({ offset: 990, rowsSent: 10 });
    // Three columns of 1,000 rows are over 8 KB: the window carries the whole rows that fit, and says so.
    const res = await alice.gql<{ previewRows: PreviewRowsPayload }>(PREVIEW_ROWS, { pipelineId: id, graph, nodeId: 'load', sample, port: 'data', offset: 0, limit: 1000 });
    expect(Buffer.byteLength(JSON.stringify(res))).toBeLessThanOrEqual(MAX_KB * 1024);
    const cut = res.data!.previewRows;
    if (cut.status !== 'ok') throw new Error(JSON.stringify(cut));
    expect(cut.cutByBytes).toBe(true);
    expect(cut.rowsSent).toBeGreaterThan(100);
    expect(cut.rowsSent).toBeLessThan(1000);
    expect(rowsOf(cut)).toEqual(Array.from({ length: cut.rowsSent }, (_, i) => uploadRow(i)));
  });

  test("a split's train and test rows come by window, the same rows the preview counted", async () => {
    const id = await newPipeline(alice);
    const graph = chainOf([node('load', 'dataset', { dataset: upload }), node('split', 'split', { testFraction: 0.25, seed: 5 })]);
    const first = ok(await preview(alice, id, graph, 'split'));
    const port = first.ports[0]!;
    if (port.kind !== 'split') throw new Error('expected a split port');
    expect([port.train.rowsAvailable, port.test.rowsAvailable]).toEqual([750, 250]);
    const test = await previewRows(alice, id, graph, 'split', undefined, { port: 'data', part: 'test', offset: 0, limit: 250 });
    const train = await previewRows(alice, id, graph, 'split', undefined, { port: 'data', part: 'train', offset: 100, limit: 650 });
    // The first window and the windows after it hold every sample row once, in order within each part.
    const ids = [...rowsOf(port.train), ...rowsOf(train), ...rowsOf(test)].map(([rowId]) => rowId as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(rowsOf(test).slice(0, 100)).toEqual(rowsOf(port.test));
    for (const row of [...rowsOf(train), ...rowsOf(test)]) expect(row).toEqual(uploadRow(row[0] as number));
  });

  test('a window asked for wrongly is refused, saying what to ask for', async () => {
    const id = await newPipeline(alice);
    const graph = chainOf([node('load', 'dataset', { dataset: upload })]);
    const ask = (client: UserClient, pipelineId: string, window: Record<string, unknown>) => client.gql(PREVIEW_ROWS, { pipelineId, graph, nodeId: 'load', port: 'data', offset: 0, limit: 100, ...window });
    const tooMany = await ask(alice, id, { limit: 5000 });
    expect(tooMany.errors?.[0]).toMatchObject({ message: 'limit must be 1 to 1000 rows (it was 5000).', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await ask(alice, id, { offset: -1 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ask(alice, id, { part: 'validation' })).errors?.[0]?.message).toMatch(/^part must be "train" or "test"/);
    const wrongPart = await ask(alice, id, { part: 'train' });
    expect(wrongPart.data!.previewRows).toMatchObject({ status: 'error', reason: 'invalid', message: expect.stringMatching(/one table: ask without a part/) });
    // Another team's pipeline and upload stay out of reach through windows too.
    const bobPipeline = await newPipeline(bob);
    expect((await ask(bob, bobPipeline, {})).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await ask(bob, id, {})).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('an edit recomputes only the edited node and its descendants; split outputs come as train and test', async () => {
    const id = await newPipeline(alice);
    const graph = structuredClone(penguinsGraph);
    const first = ok(await preview(alice, id, graph, 'standard-scale-1'));
    expect(first.computed).toEqual(['dataset-1', 'split-1', 'impute-1', 'one-hot-1', 'standard-scale-1']);
    expect(first.rowsOut).toEqual([{ port: 'data', rows: 344, train: 275, test: 69 }]);
    const [port] = first.ports;
    expect(port).toMatchObject({ kind: 'split', train: { rowCount: 275 }, test: { rowCount: 69 } });

    graph.nodes.find((n) => n.id === 'one-hot-1')!.params = { columns: ['Island'] };
    const edited = ok(await preview(alice, id, graph, 'standard-scale-1'));
    expect(edited.computed).toEqual(['one-hot-1', 'standard-scale-1']);
    const scaled = edited.ports[0]!;
    if (scaled.kind !== 'split') throw new Error('expected a split port');
    // Sex is no longer one-hot encoded, so it passes through as a category column.
    expect(scaled.train.schema.columns).toContainEqual({ name: 'Sex', kind: 'category' });
  });

  test('a node error comes back as a value naming the node; a model port is shown after a run', async () => {
    const id = await newPipeline(alice);
    const graph = structuredClone(penguinsGraph);
    graph.nodes.find((n) => n.id === 'one-hot-1')!.params = { columns: ['Islnd'] };
    const failed = await preview(alice, id, graph, 'standard-scale-1');
    expect(failed).toMatchObject({ status: 'error', failedNodeId: 'one-hot-1', reason: 'invalid' });
    expect(failed.status === 'error' && failed.message).toMatch(/Islnd/);
    // Train's input is checked on the sample, so the broken step upstream is named there too.
    expect(await preview(alice, id, graph, 'train-1')).toMatchObject({ status: 'error', failedNodeId: 'one-hot-1' });
    expect(await preview(alice, id, penguinsGraph, 'train-1')).toMatchObject({ status: 'after-run', ports: [{ port: 'model', afterRun: true }] });
  });

  test("a step failing on its own settings, or shown only after a run, comes with the rows coming into it", async () => {
    const id = await newPipeline(alice);
    const graph = structuredClone(penguinsGraph);
    // Broken at One-hot: its own preview says why, over the rows Impute hands it (split into train and test).
    graph.nodes.find((n) => n.id === 'one-hot-1')!.params = { columns: ['Islnd'] };
    const failed = await preview(alice, id, graph, 'one-hot-1');
    if (failed.status !== 'error' || failed.inputs?.length !== 1) throw new Error(`expected an error with its input, got ${JSON.stringify(failed).slice(0, 300)}`);
    expect(failed).toMatchObject({ failedNodeId: 'one-hot-1', inputs: [{ nodeId: 'impute-1', port: 'data', name: 'Impute', input: 'Data' }] });
    expect(failed.inputs[0]!.payload.ports).toMatchObject([{ kind: 'split', train: { rowCount: 275 }, test: { rowCount: 69 } }]);
    // A step after it has no rows to show either, but its input is what failed: nothing is sent.
    const downstream = await preview(alice, id, graph, 'standard-scale-1');
    expect(downstream.status === 'error' && downstream.inputs).toBeUndefined();
    // Train: shown after a run, with the split it learns from.
    const train = await preview(alice, id, penguinsGraph, 'train-1');
    expect(train).toMatchObject({ status: 'after-run', inputs: [{ nodeId: 'standard-scale-1', payload: { ports: [{ kind: 'split' }] } }] });
    // A Train not set up says what it lacks, as any other step does, over the same rows.
    const unset = structuredClone(penguinsGraph);
    unset.nodes.find((n) => n.id === 'train-1')!.params = {};
    const lacking = await preview(alice, id, unset, 'train-1');
    expect(lacking).toMatchObject({ status: 'error', failedNodeId: 'train-1', reason: 'invalid', inputs: [{ nodeId: 'standard-scale-1' }] });
    expect(lacking.status === 'error' && lacking.message).toMatch(/fill in 'Target column'/);
    // A Join not set up shows both sides, each named by the input it feeds.
    const dataset = penguinsGraph.nodes.find((n) => n.id === 'dataset-1')!;
    const joined: PipelineGraph = {
      nodes: [dataset, { ...dataset, id: 'dataset-2' }, { id: 'join-1', type: 'join', version: 1, params: {}, position: { x: 400, y: 0 } }],
      edges: [
        { id: 'l', source: 'dataset-1', sourcePort: 'data', target: 'join-1', targetPort: 'left' },
        { id: 'r', source: 'dataset-2', sourcePort: 'data', target: 'join-1', targetPort: 'right' },
      ],
    };
    const join = await preview(alice, id, joined, 'join-1');
    expect(join).toMatchObject({ status: 'error', failedNodeId: 'join-1', inputs: [{ input: 'Left', nodeId: 'dataset-1' }, { input: 'Right', nodeId: 'dataset-2' }] });
    // The input's rows past its first window come by window, as the input step's own.
    const window = await previewRows(alice, id, penguinsGraph, 'standard-scale-1', undefined, { port: 'data', part: 'train', offset: 270, limit: 100 });
    expect(window.rowsSent).toBe(5);
  });

  test("another team's pipeline or dataset is refused before anything is computed", async () => {
    const alicePipeline = await newPipeline(alice);
    const bobPipeline = await newPipeline(bob);
    const graph = chainOf([node('load', 'dataset', { dataset: upload })]);
    const stolen = await bob.gql(PREVIEW, { pipelineId: bobPipeline, graph, nodeId: 'load' });
    expect(stolen.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(stolen.errors?.[0]?.message).toMatch(/^The dataset read by Dataset \(version [0-9a-f-]+\) was not found in your team\.$/);
    const theirs = await bob.gql(PREVIEW, { pipelineId: alicePipeline, graph: penguinsGraph, nodeId: 'dataset-1' });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await alice.gql(PREVIEW, { pipelineId: alicePipeline, graph: { nodes: 'none' }, nodeId: 'x' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a newer request for the same node cancels the older one', async () => {
    const id = await newPipeline(alice);
    const graph = slowGraph();
    const sample = { mode: 'random', rows: 10_000, seed: 1 };
    const older = preview(alice, id, graph, 'd450', sample);
    await vi.waitFor(() => expect(harness.services.previews.inFlight()).toBe(1), { timeout: 10_000, interval: 5 });
    const started = performance.now();
    const newer = preview(alice, id, slowGraph(3), 'd3', sample);
    const newerOnSameNode = preview(alice, id, graph, 'd450', { ...sample, rows: 100 });
    expect(await older).toMatchObject({ status: 'error', reason: 'aborted', message: 'A newer preview of this step replaced this one.' });
    // The older request is answered at once, not when its computation would have ended.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ok(await newerOnSameNode).rowsOut).toEqual([{ port: 'data', rows: 100 }]);
    // A preview of another node is not a newer version of the same one.
    expect((await newer).status).toBe('ok');
  });

  test('a slow preview blocks neither /healthz nor other queries', async () => {
    const id = await newPipeline(alice);
    let slowDone = false;
    const slow = preview(alice, id, slowGraph(), 'd450', { mode: 'random', rows: 10_000, seed: 2 }).finally(() => (slowDone = true));
    await vi.waitFor(() => expect(harness.services.previews.inFlight()).toBe(1), { timeout: 10_000, interval: 5 });
    const health = await fetch(`${harness.origin}/healthz`);
    expect(health.status).toBe(200);
    expect((await alice.gql(`{ me { email } }`)).data!.me.email).toBe('alice@example.com');
    const other = await newPipeline(bob);
    expect(ok(await preview(bob, other, penguinsGraph, 'dataset-1')).rowsOut).toEqual([{ port: 'data', rows: 344 }]);
    expect(slowDone).toBe(false);
    // At the default 2 s cap the 450-step chain stops itself, naming where.
    expect(await slow).toMatchObject({ status: 'error', reason: 'timeout', message: expect.stringMatching(/^The preview took longer than 2000 ms and stopped at Derive column/) });
  });

  test('preview threads start on a bundle of their entry, without a TypeScript loader (ADR 0018)', async () => {
    const pipelineId = await newPipeline(alice);
    ok(await preview(alice, pipelineId, chainOf([node('load', 'dataset', { dataset: upload })]), 'load'));
    const bundle = bundledThread(new URL('../../app/preview-thread.server.ts', import.meta.url));
    expect(bundle?.href).toMatch(/\/pipewright-threads\/preview-thread\.server-[0-9a-f]+\.mjs$/);
  });
});

describe('preview time cap', () => {
  let capped: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    capped = await startHarness({ preview: { timeoutMs: 1, threads: 1 } });
  });
  afterAll(() => capped?.stop());

  test('a preview over PREVIEW_TIMEOUT_MS stops with a timeout value, not an error response', async () => {
    const carol = await capped.signUp('carol@example.com');
    const { id } = (await carol.gql(`mutation { createPipeline(name: "Capped") { id } }`)).data!.createPipeline;
    const res = await carol.gql<{ preview: PreviewPayload }>(PREVIEW, { pipelineId: id, graph: penguinsGraph, nodeId: 'standard-scale-1' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.preview).toMatchObject({ status: 'error', reason: 'timeout', message: expect.stringMatching(/^The preview took longer than 1 ms/) });
  });
});
