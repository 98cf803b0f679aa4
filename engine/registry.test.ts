import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodeInputValues, PortValue } from './define-node';
import { summarizePortValue } from './io/serialize';
import { describeNodeTypes, getNodeType, nodeTypes } from './registry';
import { sampleRows } from './table-ops';
import { createTestContext } from './testing/fixtures';
import { makeTable } from './testing/tables';

/**
 * The contract every node type keeps: JSON-describable params with defaults, and a pinned (golden)
 * output on a small example. Adding a node type without an example here fails this test.
 */
const table = makeTable({
  x: [1, 2, null, 4, 5, 6, 7, 8, 9, 10],
  color: ['red', 'blue', 'red', null, 'blue', 'red', 'blue', 'red', 'blue', 'red'],
  y: ['lo', 'lo', 'lo', 'lo', 'lo', 'hi', 'hi', 'hi', 'hi', 'hi'],
});
const tableValue: PortValue = { kind: 'table', table };
const separable = makeTable({ x: [-3, -2.5, -2, -1.5, -1, 1, 1.5, 2, 2.5, 3], y: ['lo', 'lo', 'lo', 'lo', 'lo', 'hi', 'hi', 'hi', 'hi', 'hi'] });
const separableSplit: PortValue = { kind: 'split', train: separable, test: separable, fitted: [] };

type Example = { params: Record<string, unknown>; inputs: () => Promise<NodeInputValues>; check(outputs: Record<string, PortValue>): void };
const rowsOf = (value: PortValue, n = 10) => (value.kind === 'table' ? sampleRows(value.table, n) : value.kind === 'split' ? sampleRows(value.train, n) : []);

const examples: Record<string, Example> = {
  dataset: {
    params: { dataset: { source: 'upload', datasetVersionId: 'v1' } },
    inputs: async () => ({}),
    check: (out) => expect(summarizePortValue(out.data)).toMatchObject({ kind: 'table', rows: 10 }),
  },
  validate: {
    params: { mode: 'drop-rows', rules: [{ kind: 'range', column: 'x', min: 2, max: 9 }, { kind: 'not-null', column: 'color' }] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => {
      expect(rowsOf(out.data).map((r) => r[0])).toEqual([2, null, 5, 6, 7, 8, 9]);
      expect(rowsOf(out.failures).map((r) => r.slice(0, 5))).toEqual([[1, 'x between 2 and 9', 'x', 2, 1], [10, 'x between 2 and 9', 'x', 2, 10], [4, 'color is not missing', 'color', 1, 4]]);
    },
  },
  'fetch-url': {
    params: { url: 'https://example.com/data.csv' },
    inputs: async () => ({}),
    check: (out) => expect(rowsOf(out.data, 2)).toEqual([[1, 'red', 'lo'], [2, 'blue', 'lo']]),
  },
  impute: {
    params: { strategy: 'median' },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).slice(2, 4)).toEqual([[6, 'red', 'lo'], [4, 'red', 'lo']]),
  },
  'one-hot': {
    params: { columns: ['color'] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data, 4)).toEqual([[1, 0, 1, 'lo'], [2, 1, 0, 'lo'], [null, 0, 1, 'lo'], [4, 0, 0, 'lo']]),
  },
  'standard-scale': {
    params: { columns: ['x'] },
    inputs: async () => ({ data: { kind: 'table', table: makeTable({ x: [1, 3] }) } }),
    check: (out) => expect(rowsOf(out.data)).toEqual([[-1], [1]]),
  },
  'ordinal-encode': {
    params: { columns: ['color'], order: 'alphabetical' },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).map((r) => r[1])).toEqual([1, 0, 1, null, 0, 1, 0, 1, 0, 1]),
  },
  'frequency-encode': {
    params: { columns: ['color'], as: 'count' },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).map((r) => r[1])).toEqual([5, 4, 5, null, 4, 5, 4, 5, 4, 5]),
  },
  'target-encode': {
    params: { columns: ['color'], target: 'y', smoothing: 0 },
    inputs: async () => ({ data: { kind: 'split', train: table, test: makeTable({ x: [1, 2, 3], color: ['red', 'blue', 'green'], y: ['hi', 'hi', 'hi'] }), fitted: [] } }),
    // Share of 'lo' (the second class) among the training rows with that color; an unseen color gets the overall share.
    check: (out) => expect(out.data.kind === 'split' && sampleRows(out.data.test, 3).map((r) => r[1])).toEqual([2 / 5, 2 / 4, 5 / 10]),
  },
  clip: {
    params: { method: 'fixed', lower: 2, upper: 8 },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).map((r) => r[0])).toEqual([2, 2, null, 4, 5, 6, 7, 8, 8, 8]),
  },
  bin: {
    params: { columns: ['x'], method: 'custom', edges: [7, 3] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data, 7).map((r) => r[0])).toEqual(['< 3', '< 3', null, '[3, 7)', '[3, 7)', '[3, 7)', '≥ 7']),
  },
  'text-clean': {
    params: { case: 'upper', find: 'r', replaceWith: 'g' },
    inputs: async () => ({ data: tableValue }),
    // Replacing comes before changing case.
    check: (out) => expect(rowsOf(out.data, 3)).toEqual([[1, 'GED', 'LO'], [2, 'BLUE', 'LO'], [null, 'GED', 'LO']]),
  },
  filter: {
    params: { conditions: [{ column: 'x', op: 'gte', value: 8 }, { column: 'color', op: 'eq', value: 'red' }] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data)).toEqual([[8, 'red', 'hi'], [10, 'red', 'hi']]),
  },
  'select-columns': {
    params: { columns: ['y', 'x'] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data, 3)).toEqual([['lo', 1], ['lo', 2], ['lo', null]]),
  },
  'drop-columns': {
    params: { columns: ['color'] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data, 2)).toEqual([[1, 'lo'], [2, 'lo']]),
  },
  'rename-columns': {
    params: { renames: [{ from: 'y', to: 'label' }] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(out.data.kind === 'table' && out.data.table.columns.map((c) => c.name)).toEqual(['x', 'color', 'label']),
  },
  'cast-columns': {
    params: { columns: ['x'], to: 'category' },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(out.data.kind === 'table' && out.data.table.columns[0]).toMatchObject({ kind: 'category', dictionary: ['1', '2', '4', '5', '6', '7', '8', '9', '10'] }),
  },
  deduplicate: {
    params: { columns: ['color', 'y'] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data)).toEqual([[1, 'red', 'lo'], [2, 'blue', 'lo'], [4, null, 'lo'], [6, 'red', 'hi'], [7, 'blue', 'hi']]),
  },
  sort: {
    params: { by: [{ column: 'color', order: 'descending' }, { column: 'x', order: 'ascending' }] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).map((r) => r[0])).toEqual([1, 6, 8, 10, null, 2, 5, 7, 9, 4]),
  },
  'sample-rows': {
    params: { mode: 'count', count: 4, seed: 7 },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).map((r) => r[0])).toEqual([1, 2, 8, 10]),
  },
  'date-parts': {
    params: { column: 'd', parts: ['year', 'month', 'weekday', 'day_of_year'] },
    inputs: async () => ({
      data: { kind: 'table', table: { rowCount: 2, columns: [{ kind: 'date', name: 'd', values: Float64Array.of(Date.UTC(2024, 11, 31, 23), NaN) }] } },
    }),
    check: (out) => expect(rowsOf(out.data)).toEqual([[2024, 12, 2, 366], [null, null, null, null]]),
  },
  derive: {
    params: { name: 'big', expression: "if(x is null, 'unknown', if(x >= 5 and color == 'red', 'yes', 'no'))" },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data).map((r) => r[3])).toEqual(['no', 'no', 'unknown', 'no', 'no', 'yes', 'no', 'yes', 'no', 'yes']),
  },
  join: {
    params: { how: 'left', on: [{ left: 'color', right: 'name' }] },
    inputs: async () => ({ left: tableValue, right: { kind: 'table', table: makeTable({ name: ['blue', 'red', 'green'], y: [1, 2, 3] }) } }),
    check: (out) => expect(rowsOf(out.data, 4)).toEqual([[1, 'red', 'lo', 2], [2, 'blue', 'lo', 1], [null, 'red', 'lo', 2], [4, null, 'lo', null]]),
  },
  'group-by': {
    params: { keys: ['y', 'color'], aggregates: [{ column: 'x', fn: 'mean', name: 'avg' }, { column: 'x', fn: 'count' }] },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(rowsOf(out.data)).toEqual([['lo', 'red', 1, 1], ['lo', 'blue', 3.5, 2], ['lo', null, 4, 1], ['hi', 'red', 8, 3], ['hi', 'blue', 8, 2]]),
  },
  'concat-rows': {
    params: { mode: 'union' },
    inputs: async () => ({ first: tableValue, second: { kind: 'table', table: makeTable({ color: ['green', 'red'], z: [1, 2] }) } }),
    check: (out) => expect(rowsOf(out.data, 12).slice(9)).toEqual([[10, 'red', 'hi', null], [null, 'green', null, 1], [null, 'red', null, 2]]),
  },
  split: {
    params: { testFraction: 0.3, seed: 3 },
    inputs: async () => ({ data: tableValue }),
    check: (out) => expect(summarizePortValue(out.data)).toMatchObject({ kind: 'split', trainRows: 7, testRows: 3, fittedSteps: [] }),
  },
  train: {
    params: { target: 'y', model: 'neural_network', hyperparameters: { epochs: 30, learningRate: 0.05 } },
    inputs: async () => ({ data: separableSplit }),
    check: (out) => expect(summarizePortValue(out.model)).toMatchObject({ kind: 'model', classes: ['hi', 'lo'], features: 1, target: 'y' }),
  },
  evaluate: {
    params: {},
    inputs: async () => {
      const train = getNodeType('train')!;
      const { model } = await train.run({ data: separableSplit }, train.params.parse(examples.train.params), createTestContext());
      return { model, data: separableSplit };
    },
    check: (out) => expect(out.metrics).toMatchObject({ kind: 'metrics', metrics: { accuracy: 1, rows: 10 }, confusionMatrix: { labels: ['hi', 'lo'], matrix: [[5, 0], [0, 5]] } }),
  },
  compare: {
    params: { metric: 'accuracy' },
    inputs: async () => {
      const train = getNodeType('train')!;
      const fit = async (model: string) => (await train.run({ data: separableSplit }, train.params.parse({ target: 'y', model }), createTestContext())).model!;
      const items = [{ source: 'a', value: await fit('logistic_regression') }, { source: 'b', label: 'Stump', value: await fit('decision_tree') }];
      return { models: { kind: 'many', items }, data: separableSplit };
    },
    check: (out) =>
      expect(out.comparison).toMatchObject({
        kind: 'comparison',
        metric: 'accuracy',
        testRows: 10,
        models: [
          { source: 'a', label: 'Logistic regression', rank: 1, metrics: { accuracy: 1 } },
          { source: 'b', label: 'Stump', rank: 1, metrics: { accuracy: 1 } },
        ],
      }),
  },
};

describe('node type contract', () => {
  const described = new Map(describeNodeTypes().map((d) => [d.type, d]));

  it('has a golden example for every registered node type and unique type names', () => {
    expect(Object.keys(examples).sort()).toEqual(nodeTypes.map((d) => d.type).sort());
    expect(described.size).toBe(nodeTypes.length);
  });

  for (const def of nodeTypes) {
    describe(def.type, () => {
      it('describes its params as JSON Schema that survives a JSON round trip, with UI hints', () => {
        const description = described.get(def.type)!;
        expect(JSON.parse(JSON.stringify(description))).toEqual(description);
        expect(description.paramsSchema).toMatchObject({ type: 'object' });
        expect(z.toJSONSchema(def.params, { io: 'input' })).toEqual(description.paramsSchema);
      });

      it('declares the datasets it reads when a param picks one, so content keys follow their bytes', () => {
        const picksDataset = Object.values(def.params.shape).some((field) => ['dataset', 'url'].includes((field as z.ZodType).meta()?.widget as string));
        expect(typeof def.datasets === 'function').toBe(picksDataset);
      });

      it('accepts its defaults merged with the example params', () => {
        const { defaults } = described.get(def.type)!;
        expect(def.params.safeParse({ ...defaults, ...examples[def.type].params }).success).toBe(true);
      });

      it('produces the golden output on its example', async () => {
        const example = examples[def.type];
        const ctx = createTestContext({ v1: table, 'https://example.com/data.csv': table });
        const outputs = await def.run(await example.inputs(), def.params.parse(example.params), ctx);
        expect(Object.keys(outputs)).toEqual(def.outputs.map((p) => p.name));
        example.check(outputs);
      });
    });
  }

  it('carries UI hints into the JSON Schema', () => {
    const oneHot = described.get('one-hot')!.paramsSchema as { properties: Record<string, Record<string, unknown>> };
    expect(oneHot.properties.columns).toMatchObject({ widget: 'columns', columnKind: 'category', title: 'Columns' });
  });
});
