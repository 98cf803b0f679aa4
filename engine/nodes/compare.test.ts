import { beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonValue, ModelValue, SplitValue } from '../define-node';
import { executeGraph } from '../execute';
import { analyzeGraph } from '../graph';
import type { PipelineGraph } from '../graph-types';
import { findExamplePipeline } from '../samples/example-pipelines';
import { createTestContext } from '../testing/fixtures';
import { getNodeType } from '../registry';

const example = () => structuredClone(findExamplePipeline('penguins-compare')!.graph);
const problemsOf = (graph: PipelineGraph) => analyzeGraph(graph, createTestContext()).problems.map((p) => p.message);

let outputs: Awaited<ReturnType<typeof executeGraph>>;
beforeAll(async () => {
  outputs = await executeGraph(example(), createTestContext());
}, 120_000);

describe('Compare node', () => {
  it('takes four models on one input and ranks them on ROC AUC, best first, with an ROC curve each', () => {
    expect(problemsOf(example())).toEqual([]);
    const c = outputs.get('compare-1')!.comparison as ComparisonValue;
    expect(c).toMatchObject({ kind: 'comparison', task: 'classification', target: 'Species', metric: 'roc_auc', higherIsBetter: true });
    expect(c.models.map((m) => m.label).sort()).toEqual(['Decision tree', 'Gradient-boosted trees', 'Logistic regression', 'Random forest']);
    expect(c.models.map((m) => m.source).sort()).toEqual(['train-1', 'train-2', 'train-3', 'train-4']);
    const aucs = c.models.map((m) => m.metrics.roc_auc!);
    expect(aucs).toEqual([...aucs].sort((a, b) => b - a));
    expect(c.models[0]!.rank).toBe(1);
    for (const m of c.models) {
      expect(m.metrics.rows).toBe(c.testRows);
      expect(m.roc?.label).toBe(m.label);
      expect(m.roc?.x.length).toBe(m.roc?.y.length);
    }
  });

  it('ranks lowest first on an error metric', async () => {
    const graph = example();
    graph.nodes.find((n) => n.id === 'compare-1')!.params = { metric: 'log_loss' };
    const c = (await executeGraph(graph, createTestContext())).get('compare-1')!.comparison as ComparisonValue;
    const losses = c.models.map((m) => m.metrics.log_loss!);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
  }, 120_000);

  it('refuses at edit time a regression model among classifiers, and a regression metric for classifiers', () => {
    const graph = example();
    graph.nodes.find((n) => n.id === 'train-4')!.params = { target: 'Body Mass (g)', model: 'linear_regression' };
    expect(problemsOf(graph)).toEqual([expect.stringContaining("Compare: Logistic regression predicts 'Species' but Linear regression predicts 'Body Mass (g)'.")]);
    const wrongMetric = example();
    wrongMetric.nodes.find((n) => n.id === 'compare-1')!.params = { metric: 'r2' };
    expect(problemsOf(wrongMetric)).toEqual(['Compare: R² scores regression models, but these are classification models. Rank on ROC AUC, Accuracy, Balanced accuracy, F1 (macro), Log loss or Auto instead.']);
  });

  it('asks for a model when none is connected, and keeps one connection per ordinary input', () => {
    const graph = example();
    graph.edges = graph.edges.filter((e) => e.targetPort !== 'models');
    expect(problemsOf(graph)).toContain("Connect one or more models to the 'Models' input of Compare.");
    const doubled = example();
    doubled.edges.push({ id: 'extra', source: 'one-hot-1', sourcePort: 'data', target: 'compare-1', targetPort: 'data' });
    expect(problemsOf(doubled)).toContain("The 'Split' input of Compare has two connections; an input takes one. Delete one of them.");
    const twice = example();
    twice.edges.push({ id: 'again', source: 'train-1', sourcePort: 'model', target: 'compare-1', targetPort: 'models' });
    expect(problemsOf(twice)).toContain("Train is connected twice to the 'Models' input of Compare. Delete one of the connections.");
  });

  it('refuses at run time a model trained on rows prepared differently from the split', async () => {
    const compare = getNodeType('compare')!;
    const model = outputs.get('train-1')!.model as ModelValue;
    const rawSplit = outputs.get('split-1')!.data as SplitValue;
    const run = compare.run({ models: { kind: 'many', items: [{ source: 'train-1', value: model }] }, data: rawSplit }, compare.params.parse({}), createTestContext());
    await expect(run).rejects.toThrow('Compare: Logistic regression was trained on rows prepared differently from the split connected to Compare (its fitted steps: impute → one-hot → standard-scale; the split\'s: none)');
  });
});
