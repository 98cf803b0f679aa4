import { describe, expect, it } from 'vitest';
import { SchemaPending } from './define-node';
import { analyzeGraph, parseGraph } from './graph';
import type { PipelineGraph } from './graph-types';
import { buildChain, createTestContext } from './testing/fixtures';

const ctx = createTestContext();
const messages = (graph: PipelineGraph) => analyzeGraph(graph, ctx).problems.map((p) => p.message);

describe('analyzeGraph', () => {
  it('orders nodes topologically and propagates schemas', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['encode', 'one-hot', { columns: ['Island'] }],
    ]);
    const analysis = analyzeGraph(graph, ctx);
    expect(analysis.problems).toEqual([]);
    expect(analysis.order).toEqual(['load', 'encode']);
    const encoded = analysis.outputSchemas.encode.data;
    expect(encoded.kind === 'table' && encoded.schema.columns.map((c) => c.name)).toContain('Island=Biscoe');
    // Saved as version 1, so it keeps encoding every value and dropping none.
    expect(analysis.params.encode).toEqual({ columns: ['Island'], maxCategories: 1000, dropFirst: false });
  });

  it('reports every problem at once, naming nodes by label or title', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['split', 'split', {}],
      ['train', 'train', { target: 'Speces' }],
    ]);
    graph.nodes.push(
      { id: 'future', type: 'gradient-boosting', version: 1, params: {}, position: { x: 0, y: 0 } },
      { id: 'eval', type: 'evaluate', version: 1, params: {}, position: { x: 0, y: 0 }, label: 'Score it' },
      { id: 'newer', type: 'impute', version: 9, params: {}, position: { x: 0, y: 0 } },
      { id: 'scale', type: 'standard-scale', version: 1, params: { columns: 'all' }, position: { x: 0, y: 0 } },
    );
    graph.edges.push({ id: 'bad-kind', source: 'load', sourcePort: 'data', target: 'eval', targetPort: 'model' });
    const expected = [
      "gradient-boosting: unknown step type 'gradient-boosting'. It may come from a newer version of Pipewright; update Pipewright or remove the step.",
      "Dataset gives a table, but the 'Model' input of Score it takes a model. Connect a matching step instead.",
      "Train: column 'Speces' was not found. Available columns: Species, Island, Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g), Sex.",
      "Connect a model to the 'Model' input of Score it.",
      "Connect a split to the 'Split' input of Score it.",
      'Impute was saved by a newer version of Pipewright (step version 9; this server knows up to 1). Update Pipewright to run it.',
      "Connect a table or split to the 'Data' input of Impute.",
      "Rescale, 'Columns' must be a list.",
      "Connect a table or split to the 'Data' input of Rescale.",
    ];
    const found = messages(graph);
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(expected.length);
  });

  it('records no problem for a node whose columns are still being read, and waits downstream', () => {
    const graph = buildChain([
      ['fetch', 'fetch-url', { url: 'https://example.com/claims.csv' }],
      ['encode', 'one-hot', { columns: ['region'] }],
    ]);
    const reading = {
      datasetSchema() {
        throw new SchemaPending('Reading the columns of https://example.com/claims.csv…');
      },
    };
    const analysis = analyzeGraph(graph, reading);
    expect(analysis.problems).toEqual([]);
    expect(analysis.outputSchemas.fetch).toBeUndefined();
    expect(analysis.outputSchemas.encode).toBeUndefined();
  });

  it('names the setting a param problem is about', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['encode', 'one-hot', {}],
      ['split', 'split', {}],
      ['train', 'train', { crossValidation: 1 }],
    ]);
    graph.nodes[3].version = 2;
    expect(messages(graph)).toEqual([
      "One-hot: fill in 'Columns'.",
      "Train: fill in 'Target column'.",
      "Train, 'Cross-validation folds': Use 0 for no cross-validation, or 2 folds or more.",
    ]);
    graph.nodes[1].params = { columns: [] };
    expect(messages(graph)[0]).toBe("One-hot, 'Columns': Pick at least one category column to encode.");
  });

  it('names a setting inside a list by the entry the form shows, counted from 1', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['check', 'validate', { rules: [{ kind: 'not-null', column: 'Species' }, { kind: 'range', min: 0 }] }],
    ]);
    expect(messages(graph)).toEqual(["Validate, rule 2: fill in 'Column'."]);
    // The entry's own kind names the field, not the first kind that has one of that name.
    graph.nodes[1]!.params = { rules: [{ kind: 'row-count', min: -1 }] };
    expect(messages(graph)).toEqual(["Validate, rule 1, 'At least (rows)' must be at least 0."]);
  });

  it('checks only the fields the chosen option shows: a condition left half made is ignored while filtering by expression', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['keep', 'filter', { mode: 'expression', expression: '`Body Mass (g)` > 4000', conditions: [{ column: '', op: 'gt', value: 1 }] }],
    ]);
    expect(messages(graph)).toEqual([]);
    graph.nodes[1]!.params = { ...graph.nodes[1]!.params, mode: 'conditions' };
    expect(messages(graph)).toEqual(["Filter, condition 1, 'Column': Pick a column."]);
    // An unset choice counts as its default (conditions): an expression left over is not checked.
    const leftOver = { expression: 'Species ==', conditions: [{ column: 'Species', op: 'eq', value: 'Adelie' }] };
    graph.nodes[1]!.params = leftOver;
    expect(messages(graph)).toEqual([]);
    graph.nodes[1]!.params = { ...leftOver, mode: 'expression' };
    expect(messages(graph)).toEqual([expect.stringMatching(/^Filter: .*expression/i)]);
  });

  it('warns of a Filter with no conditions yet, which passes every row, without stopping a run', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'], types: [] }],
      ['keep', 'filter', {}],
    ]);
    graph.nodes[0]!.version = 2;
    const analysis = analyzeGraph(graph, ctx);
    expect(analysis.problems).toEqual([]);
    expect(analysis.warnings).toEqual([{ nodeId: 'keep', severity: 'warning', message: 'Filter: no conditions yet, so every row passes. Add a condition, or filter by an expression.' }]);
    graph.nodes[1]!.params = { conditions: [{ column: 'Species', op: 'eq', value: 'Adelie' }] };
    expect(analyzeGraph(graph, ctx).warnings).toEqual([]);
  });

  it('warns of a step that learns from the rows before a Split, not of one that learns nothing or comes after it', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' }, missingTokens: ['.'], types: [] }],
      ['fill', 'impute', {}],
      ['ratio', 'derive', { name: 'r', expression: '`Beak Length (mm)` / 2' }],
      ['keep', 'filter', { conditions: [{ column: 'Species', op: 'neq', value: 'Gentoo' }] }],
      ['split', 'split', {}],
      ['scale', 'standard-scale', {}],
    ]);
    graph.nodes[0]!.version = 2;
    graph.nodes[1]!.label = 'Fill gaps';
    const analysis = analyzeGraph(graph, ctx);
    expect(analysis.problems).toEqual([]);
    expect(analysis.warnings).toEqual([
      {
        nodeId: 'fill',
        severity: 'warning',
        message: 'Fill gaps learns from every row before the Split, test rows included, so the test scores will look a little better than new data will give. Move it after the Split to keep the test rows unseen.',
      },
    ]);
    // With no Split downstream (data prepared for export, say) there is no test row to keep unseen.
    const noSplit = { ...graph, nodes: graph.nodes.slice(0, 4), edges: graph.edges.slice(0, 3) };
    expect(analyzeGraph(noSplit, ctx).warnings).toEqual([]);
  });

  it('names the steps on a cycle', () => {
    const graph = buildChain([
      ['a', 'impute', {}],
      ['b', 'standard-scale', {}],
    ]);
    graph.nodes[1].label = 'Scale it';
    graph.edges.push({ id: 'back', source: 'b', sourcePort: 'data', target: 'a', targetPort: 'data' });
    const analysis = analyzeGraph(graph, ctx);
    expect(analysis.order).toEqual([]);
    expect(analysis.problems.map((p) => p.message)).toEqual(['These steps form a loop: Impute → Scale it → Impute. Remove one of the connections so data flows one way.']);
  });

  it('rejects two connections into one input and a table where a split is needed', () => {
    const graph = buildChain([
      ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
      ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
      ['train', 'train', { target: 'Species' }],
    ]);
    graph.edges.push({ id: 'again', source: 'load', sourcePort: 'data', target: 'encode', targetPort: 'data' });
    expect(messages(graph)).toEqual([
      "The 'Data' input of One-hot has two connections; an input takes one. Delete one of them.",
      "The 'Split' input of Train takes a split, but One-hot gives a table. Put a Train/test split before it.",
    ]);
  });

  it('refuses at edit time an impute constant that cannot fill a numeric column, and lists a text one as a category', () => {
    const chain = (constant: string, columns: string[]) =>
      buildChain([
        ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
        ['fill', 'impute', { strategy: 'constant', constant, columns }],
      ]);
    expect(messages(chain('unknown', []))).toEqual([
      "Impute: column 'Beak Length (mm)' holds numbers, but the constant 'unknown' is not a number. Enter a number such as 0.",
    ]);
    const analysis = analyzeGraph(chain('unknown', ['Sex']), ctx);
    expect(analysis.problems).toEqual([]);
    const out = analysis.outputSchemas.fill.data;
    expect(out.kind === 'table' && out.schema.columns.find((c) => c.name === 'Sex')?.categories).toContain('unknown');
  });

  it('reports an unknown dataset', () => {
    expect(messages(buildChain([['load', 'dataset', { dataset: { source: 'upload', datasetVersionId: 'gone' } }]]))).toEqual([
      "Dataset: the uploaded dataset version 'gone' was not found. It may have been deleted; pick another dataset.",
    ]);
  });
});

describe('parseGraph', () => {
  it('accepts a saved graph and explains a malformed one', () => {
    expect(parseGraph({ nodes: [], edges: [] })).toEqual({ nodes: [], edges: [] });
    expect(() => parseGraph({ nodes: [{ id: 'x' }] })).toThrow(/^The pipeline could not be read: Node "x", type: /);
  });
});
