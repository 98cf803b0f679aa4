import { describe, expect, it } from 'vitest';
import type { SampleSpec } from './content-key';
import type { DatasetRef } from './define-node';
import type { PipelineGraph } from './graph-types';
import { createPreviewer, type PreviewerOptions, type PreviewResult } from './preview';
import type { Table } from './table';
import { sampleRows } from './table-ops';
import { buildChain, loadSample } from './testing/fixtures';

const penguins = loadSample('penguins');

/** A host whose dataset reads are counted, optionally slow until aborted. */
function createHost(overrides: Partial<PreviewerOptions> = {}) {
  const loads: SampleSpec[] = [];
  const options: PreviewerOptions = {
    cacheBytes: 64 * 1024 * 1024,
    identifyDataset: (ref: DatasetRef) => (ref.source === 'sample' && ref.name === 'penguins' ? 'sample:penguins:v1' : undefined),
    async loadSample(_ref: DatasetRef, sample: SampleSpec): Promise<Table> {
      loads.push(sample);
      return penguins;
    },
    ...overrides,
  };
  return { loads, previewer: createPreviewer(options) };
}

const chain = (): PipelineGraph =>
  buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { testFraction: 0.25, seed: 7 }],
    ['impute', 'impute', { strategy: 'mean' }],
    ['encode', 'one-hot', { columns: ['Island'] }],
    ['scale', 'standard-scale', {}],
  ]);
const edit = (g: PipelineGraph, id: string, params: Record<string, unknown>) => {
  g.nodes.find((n) => n.id === id)!.params = params;
  return g;
};
function ok(result: PreviewResult) {
  if (result.status !== 'ok') throw new Error(`expected a preview, got ${JSON.stringify(result)}`);
  return result;
}

describe('sample previews', () => {
  it('previews a node on its sample: split tabs with counts, schema, capped rows', async () => {
    const { previewer } = createHost();
    const result = ok(await previewer.preview({ graph: chain(), nodeId: 'scale', rowLimit: 5 }));
    expect(result.computed).toEqual(['load', 'split', 'impute', 'encode', 'scale']);
    expect(result.rowsIn).toEqual([{ port: 'data', rows: 344, train: 258, test: 86 }]);
    expect(result.rowsOut).toEqual(result.rowsIn);
    const [port] = result.ports;
    if (port.kind !== 'split') throw new Error('expected a split port');
    expect(port.train).toMatchObject({ rowCount: 258, truncated: true });
    expect(port.train.head.rowCount).toBe(5);
    expect(port.test.head.rowCount).toBe(5);
    expect(port.train.head.columns.map((c) => c.name)).toEqual(port.train.schema.columns.map((c) => c.name));
    expect(port.train.schema.columns.map((c) => c.name)).toContain('Island=Biscoe');
    expect(result.columns.changed).toEqual(expect.arrayContaining(['Body Mass (g)', 'Island=Biscoe']));
  });

  it('recomputes only the edited node and its descendants, and reads each source once', async () => {
    const { previewer, loads } = createHost();
    await previewer.preview({ graph: chain(), nodeId: 'scale' });
    expect(ok(await previewer.preview({ graph: chain(), nodeId: 'scale' })).computed).toEqual([]);
    const scaled = ok(await previewer.preview({ graph: edit(chain(), 'scale', { columns: ['Body Mass (g)'] }), nodeId: 'scale' }));
    expect(scaled.computed).toEqual(['scale']);
    expect(scaled.columns.changed).toEqual(['Body Mass (g)']);
    const imputed = edit(edit(chain(), 'impute', { strategy: 'median' }), 'scale', { columns: ['Body Mass (g)'] });
    expect(ok(await previewer.preview({ graph: imputed, nodeId: 'scale' })).computed).toEqual(['impute', 'encode', 'scale']);
    expect(ok(await previewer.preview({ graph: imputed, nodeId: 'split' })).computed).toEqual([]);
    expect(loads).toHaveLength(1);
  });

  it('reports added, removed and changed columns and rows kept by a filter', async () => {
    const { previewer } = createHost();
    const g = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['keep', 'filter', { conditions: [{ column: 'Body Mass (g)', op: 'gt', value: 4000 }] }],
      ['encode', 'one-hot', { columns: ['Island'] }],
      ['fill', 'impute', { strategy: 'most_frequent', columns: ['Sex'] }],
    ]);
    const kept = ok(await previewer.preview({ graph: g, nodeId: 'keep' }));
    expect(kept.rowsIn).toEqual([{ port: 'data', rows: 344 }]);
    expect(kept.rowsOut[0].rows).toBeGreaterThan(100);
    expect(kept.rowsOut[0].rows).toBeLessThan(344);
    expect(kept.columns).toEqual({ added: [], changed: [], removed: [] });
    const encoded = ok(await previewer.preview({ graph: g, nodeId: 'encode' }));
    expect(encoded.columns).toEqual({ added: ['Island=Biscoe', 'Island=Dream', 'Island=Torgersen'], changed: [], removed: ['Island'] });
    expect(ok(await previewer.preview({ graph: g, nodeId: 'fill' })).columns).toEqual({ added: [], changed: ['Sex'], removed: [] });
  });

  it('takes the head or a seeded random sample once per source, reproducibly', async () => {
    const { previewer, loads } = createHost();
    const load = (sample: SampleSpec) => previewer.preview({ graph: chain(), nodeId: 'load', sample, rowLimit: 1000 });
    const rowsOf = (r: PreviewResult) => {
      const { head } = (ok(r).ports[0] as { table: { head: Table } }).table;
      return sampleRows(head, head.rowCount);
    };
    const head = rowsOf(await load({ mode: 'head', rows: 50 }));
    expect(head).toHaveLength(50);
    expect(head[0]).toEqual(rowsOf(await load({ mode: 'head', rows: 1000 }))[0]);
    const random = rowsOf(await load({ mode: 'random', rows: 50, seed: 3 }));
    expect(random).toHaveLength(50);
    expect(random).not.toEqual(head);
    const again = createHost().previewer;
    expect(rowsOf(await again.preview({ graph: chain(), nodeId: 'load', sample: { mode: 'random', rows: 50, seed: 3 } }))).toEqual(random);
    expect(rowsOf(await load({ mode: 'random', rows: 50, seed: 4 }))).not.toEqual(random);
    expect(loads.map((s) => s.mode)).toEqual(['head', 'head', 'random', 'random']);
  });

  it('shows model and metrics outputs only after a run, without training on the sample', async () => {
    const { previewer, loads } = createHost();
    const g = chain();
    g.nodes.push({ id: 'train', type: 'train', version: 1, params: { target: 'Species' }, position: { x: 0, y: 0 } });
    g.edges.push({ id: 't', source: 'scale', sourcePort: 'data', target: 'train', targetPort: 'data' });
    const result = await previewer.preview({ graph: g, nodeId: 'train' });
    expect(result).toMatchObject({ status: 'after-run', ports: [{ port: 'model', kind: 'model', afterRun: true }] });
    expect(result.status === 'after-run' && result.message).toBe("Train is shown after a run, from the last run's result.");
    // Its input is computed on the sample for the checks fitting starts with (next test), nothing more.
    expect(loads).toHaveLength(1);
  });

  it('flags on the sample what would stop Train before it fits: a feature with missing values', async () => {
    const { previewer } = createHost();
    const g = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['split', 'split', { testFraction: 0.25, seed: 7 }],
      ['train', 'train', { target: 'Species', features: ['Body Mass (g)'] }],
    ]);
    const trainRows = ok(await previewer.preview({ graph: g, nodeId: 'split' })).ports[0];
    if (trainRows?.kind !== 'split') throw new Error('expected a split port');
    const { head } = trainRows.train;
    const missing = sampleRows(head, head.rowCount).filter((row) => row[head.columns.findIndex((c) => c.name === 'Body Mass (g)')] === null).length;
    expect(missing).toBeGreaterThan(0);
    const result = await previewer.preview({ graph: g, nodeId: 'train' });
    expect(result).toMatchObject({
      status: 'error',
      failedNodeId: 'train',
      reason: 'invalid',
      message: `Train: feature 'Body Mass (g)' has ${missing} missing value${missing === 1 ? '' : 's'}. Add an Impute step before this one.`,
    });
    // Filled in upstream, the same Train has nothing to flag and waits for a run.
    const imputed = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['split', 'split', { testFraction: 0.25, seed: 7 }],
      ['impute', 'impute', { strategy: 'mean' }],
      ['train', 'train', { target: 'Species', features: ['Body Mass (g)'] }],
    ]);
    expect(await previewer.preview({ graph: imputed, nodeId: 'train' })).toMatchObject({ status: 'after-run' });
  });

  it('shows a failing Validate rule as a note with its failing rows, and the steps after it still preview', async () => {
    const { previewer } = createHost();
    const range = { kind: 'range', column: 'Beak Length (mm)', min: 35, max: 55 };
    const failing = penguins.columns.find((c) => c.name === 'Beak Length (mm)')!;
    let outOfRange = 0;
    if (failing.kind === 'number') for (const v of failing.values) if (v < 35 || v > 55) outOfRange++;
    expect(outOfRange).toBeGreaterThan(0);
    const g = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['check', 'validate', { mode: 'fail-run', rules: [range] }],
      ['fill', 'impute', { strategy: 'mean' }],
    ]);
    const checked = ok(await previewer.preview({ graph: g, nodeId: 'check' }));
    expect(checked.notes).toHaveLength(1);
    expect(checked.notes[0]).toMatch(new RegExp(`^On a run, this step would stop the pipeline here\\. Validate: 1 of 1 rules failed on 344 rows\\. .*${outOfRange} of 344 rows fail`));
    expect(checked.rowsOut).toEqual([{ port: 'data', rows: 344 }, { port: 'failures', rows: outOfRange }]);
    // From the cache, the same notes; the step after it computes on every row.
    expect(ok(await previewer.preview({ graph: g, nodeId: 'check' }))).toMatchObject({ computed: [], notes: checked.notes });
    expect(ok(await previewer.preview({ graph: g, nodeId: 'fill' }))).toMatchObject({ computed: ['fill'], notes: [], rowsOut: [{ port: 'data', rows: 344 }] });
    // Dropping rows says how many went; a rule that cannot be checked is still the settings' problem.
    const dropped = ok(await previewer.preview({ graph: edit(g, 'check', { mode: 'drop-rows', rules: [range] }), nodeId: 'check' }));
    expect(dropped.notes).toEqual([`Validate: dropped ${outOfRange} of 344 rows that broke a rule.`]);
    const wrongKind = await previewer.preview({ graph: edit(g, 'check', { mode: 'fail-run', rules: [{ ...range, column: 'Species' }] }), nodeId: 'check' });
    expect(wrongKind).toMatchObject({ status: 'error', reason: 'invalid', failedNodeId: 'check' });
  });

  it('returns a node error as a value naming the failing node, and keeps the good upstream cached', async () => {
    const { previewer } = createHost();
    const bad = edit(chain(), 'encode', { columns: ['Islnd'] });
    const result = await previewer.preview({ graph: bad, nodeId: 'scale' });
    expect(result).toMatchObject({ status: 'error', nodeId: 'scale', failedNodeId: 'encode', reason: 'invalid', computed: ['load', 'split', 'impute'] });
    expect(result.status === 'error' && result.message).toMatch(/column 'Islnd' was not found/);
    expect(ok(await previewer.preview({ graph: chain(), nodeId: 'scale' })).computed).toEqual(['encode', 'scale']);
  });

  it('names unknown nodes, deleted datasets and loops', async () => {
    const { previewer } = createHost();
    expect(await previewer.preview({ graph: chain(), nodeId: 'nope' })).toMatchObject({ status: 'error', reason: 'invalid', message: "The step 'nope' is not in this pipeline; it may have been deleted." });
    const gone = edit(chain(), 'load', { dataset: { source: 'upload', datasetVersionId: 'v9' } });
    expect(await previewer.preview({ graph: gone, nodeId: 'split' })).toMatchObject({ status: 'error', failedNodeId: 'load', message: "Dataset: the uploaded dataset version 'v9' was not found. It may have been deleted; pick another dataset." });
    const loop = chain();
    loop.edges.push({ id: 'back', source: 'scale', sourcePort: 'data', target: 'split', targetPort: 'data' });
    expect(await previewer.preview({ graph: loop, nodeId: 'impute' })).toMatchObject({ status: 'error', reason: 'invalid', message: expect.stringContaining('is part of a loop') });
  });

  it('stops on cancellation and at the time cap, between nodes and inside a waiting one', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await createHost().previewer.preview({ graph: chain(), nodeId: 'scale', signal: cancelled.signal })).toMatchObject({ status: 'error', reason: 'aborted', failedNodeId: 'load', computed: [] });

    let clock = 0;
    const slowClock = createHost({ now: () => (clock += 700), timeoutMs: 2000 }).previewer;
    const timedOut = await slowClock.preview({ graph: chain(), nodeId: 'scale' });
    expect(timedOut).toMatchObject({ status: 'error', reason: 'timeout' });
    expect(timedOut.status === 'error' && timedOut.message).toMatch(/^The preview took longer than 2000 ms and stopped at /);

    const hanging = (_ref: DatasetRef, _s: SampleSpec, signal: AbortSignal) =>
      new Promise<Table>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const stuck = await createHost({ loadSample: hanging, timeoutMs: 30 }).previewer.preview({ graph: chain(), nodeId: 'scale' });
    expect(stuck).toMatchObject({ status: 'error', reason: 'timeout', failedNodeId: 'load' });
  });

  it('keeps the cache within its byte budget', async () => {
    const { previewer } = createHost({ cacheBytes: 60_000 });
    ok(await previewer.preview({ graph: chain(), nodeId: 'scale' }));
    expect(previewer.cache.bytes).toBeLessThanOrEqual(60_000);
    expect(previewer.cache.size).toBeGreaterThan(0);
    expect(previewer.cache.size).toBeLessThan(5);
  });
});
