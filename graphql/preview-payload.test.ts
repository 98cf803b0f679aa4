import { describe, expect, it } from 'vitest';
import { createPreviewer, dataInputsOf } from '../engine/preview';
import type { Table } from '../engine/table';
import { buildChain } from '../engine/testing/fixtures';
import { makeTable } from '../engine/testing/tables';
import { readPreviewCell } from './preview-columns';
import { roundForDisplay } from './preview-cells';
import { serializePreview, serializeWithInputs, type PreviewCaps, type PreviewGridTable, type PreviewPayload } from './preview-payload';

/** `rows` rows: an id, a scaled-looking decimal with gaps, a category of 32 values with gaps, and a date. */
function wideTable(rows: number): Table {
  const table = makeTable({
    id: Array.from({ length: rows }, (_, i) => i),
    x: Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : Math.sin(i) / 3)),
    city: Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : `city ${i % 40}`)),
  });
  const when = Float64Array.from({ length: rows }, (_, i) => (i === 1 ? NaN : Date.UTC(2024, 0, 1 + i)));
  return { rowCount: rows, columns: [...table.columns, { kind: 'date', name: 'when', values: when }] };
}

async function payloadOf(table: Table, caps: PreviewCaps = { rowLimit: 1000, maxBytes: 1 << 20, windowRows: 1000 }) {
  const previewer = createPreviewer({ cacheBytes: 1 << 24, identifyDataset: () => 'wide', loadSample: async () => table });
  const graph = buildChain([['load', 'dataset', { dataset: { source: 'sample', name: 'wide' } }]]);
  const result = await previewer.preview({ graph, nodeId: 'load', sample: { mode: 'head', rows: 10_000 }, rowLimit: caps.rowLimit });
  const json = serializePreview(result, result.status === 'ok' ? previewer.cache.get(result.key) : undefined, caps);
  const payload = JSON.parse(json) as PreviewPayload;
  if (payload.status !== 'ok' || payload.ports[0]?.kind !== 'table') throw new Error(`expected a table preview, got ${json.slice(0, 300)}`);
  return { json, payload, table: payload.ports[0].table };
}

const rowsOf = (table: PreviewGridTable) => Array.from({ length: table.rowsSent }, (_, row) => table.data.map((column) => readPreviewCell(column, row)));

describe('preview payload', () => {
  it('sends rows column by column: rounded numbers, categories as the used values and codes, dates as epoch ms, null for missing', async () => {
    const { table, payload } = await payloadOf(wideTable(50), { rowLimit: 3, maxBytes: 1 << 20 });
    expect(table).toMatchObject({ rowCount: 50, rowsAvailable: 3, rowsSent: 3, truncated: true, columnCount: 4 });
    // 0.280490… and 0.303099… rounded to 6 digits, as integers of 10^-6.
    expect(table.data[1]).toEqual({ values: [null, 280490, 303099], decimals: 6 });
    expect(table.data[2]).toEqual({ codes: [-1, 0, 1], dictionary: ['city 1', 'city 2'] });
    expect(rowsOf(table)).toEqual([
      [0, null, null, Date.UTC(2024, 0, 1)],
      [1, 0.280490, 'city 1', null],
      [2, 0.303099, 'city 2', Date.UTC(2024, 0, 3)],
    ]);
    // Stats cover every sample row, not only the rows sent.
    expect(table.stats![2]).toMatchObject({ missing: 10, distinct: 32 });
    expect(payload).not.toHaveProperty('key');
  });

  it('rounds to the six significant digits the grid shows, leaving integers, huge and tiny values readable', () => {
    for (const v of [0.12345678901234566, -98765.4321, 1234567.891, 3.0000001e-9, 5e-324, 1 / 3]) {
      expect(roundForDisplay(v)).toBe(Number(v.toPrecision(6)));
    }
    // Doubles past 2^53 are all integers, printed in at most 21 characters: left as they are.
    for (const v of [0, 42, -7, 2 ** 53, -7.77777777e200, NaN, Infinity, -Infinity]) expect(roundForDisplay(v)).toBe(v);
  });

  it('reads back every number as the grid would show the full double: 6 significant digits, from integers', async () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? i : Math.tan(i) * 10 ** ((i % 9) - 4)));
    const { table } = await payloadOf(makeTable({ v: values }));
    expect(table.data[0]).toMatchObject({ decimals: expect.any(Number) });
    expect(rowsOf(table).map(([v]) => v)).toEqual(values.map((v) => Number(v.toPrecision(6))));
    // A value far smaller than the rest (a mean subtracted from itself) or too big for an exact integer
    // goes by row as a rounded double; the others stay integers.
    const odd = [0.25, 1e-200 / 3, 1e200 / 7, -1.5, 7e-17];
    const { table: mixed } = await payloadOf(makeTable({ v: odd }));
    expect(mixed.data[0]).toEqual({ values: [25, null, null, -150, null], decimals: 2, exact: { 1: roundForDisplay(1e-200 / 3), 2: 1e200 / 7, 4: 7e-17 } });
    // Integers are shown whole (formatCell), however large.
    expect(rowsOf(mixed).map(([v]) => v)).toEqual(odd.map((v) => (Number.isInteger(v) ? v : Number(v.toPrecision(6)))));
  });

  it('sends the first window of rows; the others stay available to ask for', async () => {
    const { table, payload } = await payloadOf(wideTable(1000), { rowLimit: 400, maxBytes: 1 << 20 });
    expect(table).toMatchObject({ rowCount: 1000, rowsAvailable: 400, rowsSent: 100, truncated: true });
    for (const column of table.data) expect('values' in column ? column.values : column.codes).toHaveLength(100);
    expect(payload.status === 'ok' && payload.limits).toMatchObject({ rowLimit: 400, windowRows: 100, cutByBytes: false });
  });

  it('cuts the first window to the byte cap, says so, and still sends whole rows of every column', async () => {
    const maxBytes = 6 * 1024;
    const { json, payload, table } = await payloadOf(wideTable(1000), { rowLimit: 1000, maxBytes, windowRows: 1000 });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(maxBytes);
    expect(payload.status === 'ok' && payload.limits.cutByBytes).toBe(true);
    // Every row stays available: the grid asks for the rest by window.
    expect(table).toMatchObject({ rowsAvailable: 1000, truncated: false });
    expect(table.rowsSent).toBeGreaterThan(50);
    expect(table.rowsSent).toBeLessThan(1000);
    for (const column of table.data) expect('values' in column ? column.values : column.codes).toHaveLength(table.rowsSent);
    // A category's dictionary holds the values of the rows kept: all 32 within the first 40 rows.
    const city = table.data[2]!;
    expect('dictionary' in city && city.dictionary).toHaveLength(32);
  });

  it('passes errors through as they are', async () => {
    const previewer = createPreviewer({ cacheBytes: 1 << 20, identifyDataset: () => 'x', loadSample: async () => wideTable(5) });
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'x' } }],
      ['scale', 'standard-scale', { columns: ['nope'] }],
    ]);
    const result = await previewer.preview({ graph, nodeId: 'scale' });
    expect(JSON.parse(serializePreview(result, undefined, { rowLimit: 10, maxBytes: 1 << 20 }))).toEqual(JSON.parse(JSON.stringify(result)));
    expect(result).toMatchObject({ status: 'error', failedNodeId: 'scale' });
  });

  describe('a step that shows no rows of its own', () => {
    // A Derive not set up yet, after a split: its preview fails on its own settings.
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'wide' } }],
      ['derive', 'derive', { name: 'y' }],
      ['split', 'split', { testFraction: 0.5 }],
      ['train', 'train', { target: 'city', features: ['id', 'y'] }],
    ]);
    graph.edges = [
      { id: 'a', source: 'load', sourcePort: 'data', target: 'derive', targetPort: 'data' },
      { id: 'b', source: 'derive', sourcePort: 'data', target: 'split', targetPort: 'data' },
      { id: 'c', source: 'split', sourcePort: 'data', target: 'train', targetPort: 'data' },
    ];

    it('finds the outputs feeding its table or split inputs, named as the canvas names them, with the input each feeds', () => {
      expect(dataInputsOf(graph, 'derive')).toEqual([{ nodeId: 'load', port: 'data', name: 'Dataset', input: 'Data' }]);
      expect(dataInputsOf(graph, 'train')).toEqual([{ nodeId: 'split', port: 'data', name: 'Train/test split', input: 'Split' }]);
      expect(dataInputsOf(graph, 'load')).toEqual([]);
      expect(dataInputsOf({ ...graph, edges: [] }, 'derive')).toEqual([]);
      // Join: both sides, left first; Evaluate: its split, not its model.
      const join = { nodes: [...graph.nodes, { id: 'join', type: 'join', version: 1, params: {}, position: { x: 0, y: 0 } }, { id: 'eval', type: 'evaluate', version: 1, params: {}, position: { x: 0, y: 0 } }], edges: [
        ...graph.edges,
        { id: 'r', source: 'derive', sourcePort: 'data', target: 'join', targetPort: 'right' },
        { id: 'l', source: 'load', sourcePort: 'data', target: 'join', targetPort: 'left' },
        { id: 'm', source: 'train', sourcePort: 'model', target: 'eval', targetPort: 'model' },
        { id: 'd', source: 'split', sourcePort: 'data', target: 'eval', targetPort: 'data' },
      ] };
      expect(dataInputsOf(join, 'join').map((i) => [i.input, i.nodeId])).toEqual([['Left', 'load'], ['Right', 'derive']]);
      expect(dataInputsOf(join, 'eval').map((i) => [i.input, i.nodeId])).toEqual([['Split', 'split']]);
    });

    it('sends the rows coming into it beside its error: the input step\'s plain rows, within the byte cap', async () => {
      const previewer = createPreviewer({ cacheBytes: 1 << 24, identifyDataset: () => 'wide', loadSample: async () => wideTable(400) });
      const sample = { mode: 'head', rows: 1000 } as const;
      const failed = await previewer.preview({ graph, nodeId: 'derive', sample });
      expect(failed).toMatchObject({ status: 'error', failedNodeId: 'derive', reason: 'invalid' });
      const upstream = await previewer.preview({ graph, nodeId: 'load', sample });
      if (failed.status === 'ok' || upstream.status !== 'ok') throw new Error('expected the derive to fail and the dataset to preview');
      const caps = { rowLimit: 1000, maxBytes: 2500, windowRows: 100 };
      const inputs = dataInputsOf(graph, 'derive').map((input) => ({ input, result: upstream, outputs: previewer.cache.get(upstream.key) }));
      const json = serializeWithInputs(failed, inputs, caps);
      expect(Buffer.byteLength(json)).toBeLessThanOrEqual(caps.maxBytes);
      const payload = JSON.parse(json) as PreviewPayload;
      if (payload.status !== 'error' || payload.inputs?.length !== 1) throw new Error(`expected an error with its input, got ${json.slice(0, 300)}`);
      expect(payload.message).toBe(failed.message);
      const [input] = payload.inputs;
      expect(input).toMatchObject({ nodeId: 'load', port: 'data', name: 'Dataset', input: 'Data' });
      expect(input!.payload.columns).toEqual({ added: [], changed: [], removed: [] });
      const port = input!.payload.ports[0];
      if (port?.kind !== 'table') throw new Error('expected the dataset table');
      // Cut to the cap, the first rows are still the input's own.
      expect(port.table.rowsSent).toBeGreaterThan(0);
      expect(port.table.rowsSent).toBeLessThan(100);
      expect(rowsOf(port.table)[0]).toEqual([0, null, null, Date.UTC(2024, 0, 1)]);
    });

    it('keeps only the port that feeds it when the input step has several', async () => {
      const previewer = createPreviewer({ cacheBytes: 1 << 24, identifyDataset: () => 'wide', loadSample: async () => wideTable(400) });
      const fixed = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'derive' ? { ...n, params: { name: 'y', expression: 'id * 2' } } : n)) };
      const afterRun = await previewer.preview({ graph: fixed, nodeId: 'train' });
      const split = await previewer.preview({ graph: fixed, nodeId: 'split' });
      if (afterRun.status !== 'after-run' || split.status !== 'ok') throw new Error(`expected Train after a run and the split previewed, got ${JSON.stringify(afterRun).slice(0, 300)}`);
      const withOther = { ...split, ports: [...split.ports, { ...split.ports[0]!, port: 'other' }] };
      const inputs = dataInputsOf(fixed, 'train').map((input) => ({ input, result: withOther, outputs: previewer.cache.get(split.key) }));
      const payload = JSON.parse(serializeWithInputs(afterRun, inputs, { rowLimit: 1000, maxBytes: 1 << 20 })) as PreviewPayload;
      if (payload.status !== 'after-run' || payload.inputs?.length !== 1) throw new Error('expected Train with its input');
      expect(payload.inputs[0]!.payload.ports.map((p) => [p.port, p.kind])).toEqual([['data', 'split']]);
    });
  });
});
