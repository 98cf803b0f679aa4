import { describe, expect, it } from 'vitest';
import type { MetricsValue, ModelValue } from './define-node';
import { executeGraph } from './execute';
import { analyzeGraph } from './graph';
import { replayFittedSteps } from './replay-fitted';
import { createTestContext, loadSample, penguinsChain } from './testing/fixtures';
import { headRows } from './table-ops';
import { loadTf } from './training/load-tf';
import { predictRecords } from './training/predict-records';
import { predictTable } from './training/predict-table';

const penguinsGraph = () => {
  const graph = penguinsChain();
  graph.nodes.push({ id: 'eval', type: 'evaluate', version: 1, params: {}, position: { x: 0, y: 200 } });
  graph.edges.push(
    { id: 'm', source: 'train', sourcePort: 'model', target: 'eval', targetPort: 'model' },
    { id: 'd', source: 'scale', sourcePort: 'data', target: 'eval', targetPort: 'data' },
  );
  return graph;
};

describe('penguins end to end', () => {
  it('validates cleanly and reaches at least 90% test accuracy', async () => {
    const ctx = createTestContext();
    const graph = penguinsGraph();
    const analysis = analyzeGraph(graph, ctx);
    expect(analysis.problems).toEqual([]);
    expect(analysis.outputSchemas.train.model).toMatchObject({ kind: 'model', target: 'Species' });

    const outputs = await executeGraph(graph, ctx);
    const metrics = outputs.get('eval')!.metrics as MetricsValue;
    expect(metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(metrics.confusionMatrix?.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);

    // The model replays its fitted preprocessing on raw rows, as the prediction API will.
    const model = outputs.get('train')!.model as ModelValue;
    expect(model.task).toBe('classification');
    expect(ctx.metrics.filter((m) => m.name === 'loss')).toHaveLength(model.history.length);
    expect(model.history.length).toBeGreaterThan(0);
    expect(model.fitted.map((f) => f.type)).toEqual(['impute', 'one-hot', 'standard-scale']);
    const raw = headRows(loadSample('penguins'), 5);
    expect(await predictTable(model, replayFittedSteps(raw, model.fitted))).toHaveLength(5 * 3);
    const [prediction] = await predictRecords(model, [
      { Island: 'Torgersen', 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750, Sex: null },
    ]);
    if (!('label' in prediction)) throw new Error('A classifier answers with a label.');
    expect(prediction.label).toBe('Adelie');
    expect(prediction.probabilities.map((p) => p.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    // Until the linear branch registers logistic_regression first, the default model here is the neural network (up to 200 epochs).
  }, 30_000);

  it('leaves no tensors behind, so long-lived workers do not grow', async () => {
    const ctx = createTestContext();
    const graph = penguinsGraph();
    Object.assign(graph.nodes.find((n) => n.id === 'train')!, { version: 2, params: { target: 'Species', hyperparameters: { epochs: 3 } } });
    await executeGraph(graph, ctx);
    const tf = await loadTf();
    const before = tf.memory().numTensors;
    await executeGraph(graph, ctx);
    await executeGraph(graph, ctx);
    expect(tf.memory().numTensors).toBe(before);
  }, 30_000);
});
