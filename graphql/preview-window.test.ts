import { describe, expect, it } from 'vitest';
import type { PortValue } from '../engine/define-node';
import { createPreviewer } from '../engine/preview';
import type { Table } from '../engine/table';
import { buildChain } from '../engine/testing/fixtures';
import { makeTable } from '../engine/testing/tables';
import { readPreviewCell } from './preview-columns';
import { serializePreviewRows, type PreviewRowsPayload, type PreviewWindow } from './preview-window';

/** Row i: id i, a decimal, and one of 40 categories (every fifth missing). */
function table(rows: number): Table {
  return makeTable({
    id: Array.from({ length: rows }, (_, i) => i),
    x: Array.from({ length: rows }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e6),
    city: Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : `city ${i % 40}`)),
  });
}

async function windowOf(graph: ReturnType<typeof buildChain>, nodeId: string, window: PreviewWindow, maxBytes = 1 << 20) {
  const previewer = createPreviewer({ cacheBytes: 1 << 24, identifyDataset: () => 't', loadSample: async () => table(3000), rowLimit: 1000 });
  const result = await previewer.preview({ graph, nodeId, sample: { mode: 'head', rows: 3000 } });
  const outputs = result.status === 'ok' ? previewer.cache.get(result.key) : undefined;
  const json = serializePreviewRows(result, outputs, window, { rowLimit: 1000, maxBytes });
  return { json, payload: JSON.parse(json) as PreviewRowsPayload, outputs };
}

const load = ['load', 'dataset', { dataset: { source: 'sample', name: 't' } }] as const;
const rowsOf = (payload: PreviewRowsPayload) => {
  if (payload.status !== 'ok') throw new Error(JSON.stringify(payload));
  return Array.from({ length: payload.rowsSent }, (_, row) => payload.data.map((column) => readPreviewCell(column, row)));
};

describe('preview rows window', () => {
  it("sends rows offset onwards of a table, as the table's own cells read", async () => {
    const { payload } = await windowOf(buildChain([[...load]]), 'load', { port: 'data', offset: 900, limit: 100 });
    expect(payload).toMatchObject({ status: 'ok', port: 'data', offset: 900, rowsSent: 100, rowsAvailable: 1000, cutByBytes: false });
    const rows = rowsOf(payload);
    expect(rows[0]).toEqual([900, Math.round(Math.sin(900) * 1e6) / 1e6, null]);
    expect(rows[99]).toEqual([999, Number((Math.round(Math.sin(999) * 1e6) / 1e6).toPrecision(6)), `city ${999 % 40}`]);
    // Each window's category dictionary holds only the values its rows use, in order of first use.
    const city = payload.status === 'ok' ? payload.data[2]! : undefined;
    expect(city && 'dictionary' in city && [city.dictionary.length, city.dictionary[0]]).toEqual([32, 'city 21']);
  });

  it('stops at the row cap: a window past it is empty, one across it cut short', async () => {
    const graph = buildChain([[...load]]);
    expect((await windowOf(graph, 'load', { port: 'data', offset: 950, limit: 100 })).payload).toMatchObject({ offset: 950, rowsSent: 50 });
    expect((await windowOf(graph, 'load', { port: 'data', offset: 2000, limit: 100 })).payload).toMatchObject({ offset: 1000, rowsSent: 0, data: [{ values: [] }, { values: [] }, { codes: [] }] });
  });

  it("reads a split's train or test rows from the node's cached output", async () => {
    const graph = buildChain([[...load], ['split', 'split', { testFraction: 0.25, seed: 3 }]]);
    const { payload, outputs } = await windowOf(graph, 'split', { port: 'data', part: 'test', offset: 300, limit: 20 });
    const test = (outputs!.data as Extract<PortValue, { kind: 'split' }>).test;
    const ids = (test.columns[0] as { values: Float64Array }).values;
    expect(rowsOf(payload).map(([id]) => id)).toEqual(Array.from(ids.subarray(300, 320)));
    expect(payload).toMatchObject({ part: 'test', rowsAvailable: 750 });
  });

  it('cuts a window over the byte cap to whole rows that fit', async () => {
    const maxBytes = 2048;
    const { json, payload } = await windowOf(buildChain([[...load]]), 'load', { port: 'data', offset: 0, limit: 1000 }, maxBytes);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(maxBytes);
    expect(payload).toMatchObject({ cutByBytes: true, offset: 0 });
    const sent = payload.status === 'ok' ? payload.rowsSent : 0;
    expect(sent).toBeGreaterThan(20);
    expect(sent).toBeLessThan(1000);
    expect(rowsOf(payload).map(([id]) => id)).toEqual(Array.from({ length: sent }, (_, i) => i));
  });

  it('answers a port or part the step does not have with a message saying what it has', async () => {
    const split = buildChain([[...load], ['split', 'split', { testFraction: 0.25, seed: 3 }]]);
    const { payload } = await windowOf(split, 'split', { port: 'data', offset: 0, limit: 10 });
    expect(payload).toMatchObject({ status: 'error', reason: 'invalid', message: expect.stringMatching(/ask for part "train" or "test"/) });
    const { payload: missing } = await windowOf(split, 'split', { port: 'nope', part: 'train', offset: 0, limit: 10 });
    expect(missing).toMatchObject({ status: 'error', message: expect.stringMatching(/no table output 'nope'/) });
  });
});
