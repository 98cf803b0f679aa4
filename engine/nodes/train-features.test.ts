import { describe, expect, it } from 'vitest';
import type { ModelValue, SplitValue } from '../define-node';
import { analyzeGraph } from '../graph';
import { getNodeType } from '../registry';
import type { TableSchema } from '../table';
import { buildChain, createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';
import { selectFeatures } from './train-features';

const schema: TableSchema = {
  columns: [
    { name: 'y', kind: 'category', categories: ['a', 'b'] },
    { name: 'x1', kind: 'number' },
    { name: 'island', kind: 'category', categories: ['A', 'B', 'C'] },
    { name: 'name', kind: 'category', categories: Array.from({ length: 1000 }, (_, i) => `n${i}`) },
    { name: 'country', kind: 'category', categories: ['NZ'] },
    { name: 'x2', kind: 'number' },
  ],
};

describe('Train feature picker', () => {
  it('uses every numeric column by default and says what it left out, why, and what fixes it', () => {
    const pick = selectFeatures(schema, 'y', []);
    expect(pick.features).toEqual(['x1', 'x2']);
    expect(pick.leftOut.map((l) => [l.column, l.reason])).toEqual([['y', 'target'], ['island', 'category'], ['name', 'many-values'], ['country', 'constant']]);
  });

  it('takes an explicit pick and refuses categories, the target and unknown columns in it with the fix', () => {
    expect(selectFeatures(schema, 'y', ['x2']).features).toEqual(['x2']);
    expect(() => selectFeatures(schema, 'y', ['island'])).toThrow("Train: feature 'island' holds categories, but the model needs numbers. Encode it before Train with One-hot, Ordinal encode or Target encode. Or remove it from Features.");
    expect(() => selectFeatures(schema, 'y', ['name'])).toThrow(/Drop it with Drop columns if it is an ID or a name, or encode it with One-hot \(most frequent values \+ other\), Frequency encode or Target encode/);
    expect(() => selectFeatures(schema, 'y', ['y'])).toThrow("Train: 'y' is the target, so it cannot also be a feature. Remove it from Features.");
    expect(() => selectFeatures(schema, 'y', ['x3'])).toThrow(/column 'x3' was not found/);
  });

  it('explains, when nothing numeric is left, which columns to encode', () => {
    const onlyText: TableSchema = { columns: [schema.columns[0], schema.columns[2]] };
    expect(() => selectFeatures(onlyText, 'y', [])).toThrow("Train: there is no numeric column to learn from besides the target. Train leaves out 'island': categories. Encode it before Train with One-hot, Ordinal encode or Target encode.");
  });

  it('reaches the editor as warnings (not problems) on the Train node, named by its label', () => {
    const graph = buildChain([
      // Read as the example reads it: its '.' for an unknown sex is missing, not a warning of the Dataset node.
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'], types: [] }],
      ['split', 'split', {}],
      ['train', 'train', { target: 'Species' }],
    ]);
    graph.nodes[0].version = 2;
    graph.nodes[2].label = 'Penguin model';
    const analysis = analyzeGraph(graph, createTestContext());
    expect(analysis.problems).toEqual([]);
    expect(analysis.warnings).toEqual([
      {
        nodeId: 'train',
        severity: 'warning',
        message: "Penguin model leaves out 'Island', 'Sex': categories. Encode them before Train with One-hot, Ordinal encode or Target encode.",
      },
    ]);
  });

  it('flags a high-cardinality text column at edit time with the fix', () => {
    const def = getNodeType('train')!;
    const warnings = def.warnings!({ data: { kind: 'split', schema } }, def.params.parse({ target: 'y' }), createTestContext());
    expect(warnings).toContain(
      "Train leaves out 'name' (1000+ values): so many different values look like IDs or names. Drop it with Drop columns if it is an ID or a name, or encode it with One-hot (most frequent values + other), Frequency encode or Target encode.",
    );
  });

  it('trains on the usable columns, leaving out text and, at run time, numbers that never vary', async () => {
    const n = 40;
    const table = makeTable({
      x: Array.from({ length: n }, (_, i) => (i < n / 2 ? -1 - (i % 3) : 1 + (i % 3))),
      flat: Array.from({ length: n }, () => 7),
      name: Array.from({ length: n }, (_, i) => `p${i}`),
      y: Array.from({ length: n }, (_, i) => (i < n / 2 ? 'lo' : 'hi')),
    });
    const split: SplitValue = { kind: 'split', train: table, test: table, fitted: [] };
    const def = getNodeType('train')!;
    const ctx = createTestContext();
    const { model } = await def.run({ data: split }, def.params.parse({ target: 'y', hyperparameters: { epochs: 2 } }), ctx);
    expect((model as ModelValue).features).toEqual(['x']);
    expect(ctx.logs).toContain("Left out 'flat': the same value (or none) in every training row.");
  });
});
