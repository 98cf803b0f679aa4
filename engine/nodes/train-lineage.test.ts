import { describe, expect, it } from 'vitest';
import type { ModelValue, RunLineage } from '../define-node';
import { executeGraph } from '../execute';
import { decodePortValue, encodePortValue, summarizePortValue } from '../io/serialize';
import { buildChain, createTestContext } from '../testing/fixtures';
import { upstreamDatasets } from '../upstream-datasets';

const lineage: RunLineage = {
  runId: 'run-1',
  runNumber: 3,
  nodeId: 'train',
  pipelineId: 'pipe-1',
  pipelineName: 'Penguins',
  pipelineVersionId: 'pv-1',
  pipelineVersion: 7,
  datasets: [{ source: 'sample', name: 'penguins', sha256: 'ab'.repeat(32) }],
  at: '2026-12-02T01:00:00.000Z',
};

const graph = () => {
  const g = buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { seed: 1 }],
    ['impute', 'impute', {}],
    ['train', 'train', { target: 'Species', model: 'decision_tree', hyperparameters: { max_depth: 3 }, seed: 5, crossValidation: 3 }],
  ]);
  g.nodes.find((n) => n.id === 'train')!.version = 2;
  return g;
};

describe('Train records what a registry needs', () => {
  it('keeps the host’s lineage, hyperparameters, training options and metrics through the port encoder', async () => {
    const ctx = { ...createTestContext(), lineage: async () => lineage };
    const model = (await executeGraph(graph(), ctx)).get('train')!.model as ModelValue;
    const stored = decodePortValue(encodePortValue(model)) as ModelValue;
    expect(stored.lineage).toEqual(lineage);
    expect(stored.hyperparameters).toMatchObject({ max_depth: 3 });
    expect(stored.training).toEqual({ seed: 5, validationFraction: 0, classWeights: 'none', crossValidation: 3 });
    expect(stored.metrics).toMatchObject({ loss: model.history.at(-1)!.loss, cv_accuracy_mean: model.crossValidation!.metrics.accuracy!.mean });
    expect(stored.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(stored.fitted.map((f) => f.type)).toEqual(['impute']);
    // What a prediction request sends: the columns as the split cut them, the target left out.
    expect(stored.inputSchema!.columns.map((c) => [c.name, c.kind])).toEqual([
      ['Island', 'category'],
      ['Beak Length (mm)', 'number'],
      ['Beak Depth (mm)', 'number'],
      ['Flipper Length (mm)', 'number'],
      ['Body Mass (g)', 'number'],
      ['Sex', 'category'],
    ]);
    expect(stored.inputSchema!.columns[0]!.categories).toEqual(['Torgersen', 'Biscoe', 'Dream']);
    // The run's summary carries the model card.
    expect(summarizePortValue(stored)).toMatchObject({ kind: 'model', lineage, hyperparameters: { max_depth: 3 }, training: { seed: 5 } });
  }, 30_000);

  it('has no lineage where the host keeps no record (previews, tests)', async () => {
    const model = (await executeGraph(graph(), createTestContext())).get('train')!.model as ModelValue;
    expect(model.lineage).toBeUndefined();
    expect(model.metrics?.loss).toBeTypeOf('number');
  }, 30_000);
});

describe('upstreamDatasets', () => {
  it('lists the datasets of the node and its ancestors once, not those of other branches', () => {
    const g = graph();
    g.nodes.push(
      { id: 'other', type: 'dataset', version: 1, params: { dataset: { source: 'sample', name: 'cars' } }, position: { x: 0, y: 300 } },
      { id: 'again', type: 'dataset', version: 1, params: { dataset: { source: 'sample', name: 'penguins' } }, position: { x: 0, y: 400 } },
      { id: 'lookup', type: 'dataset', version: 1, params: { dataset: { source: 'upload', datasetVersionId: 'v-9' } }, position: { x: 0, y: 500 } },
      { id: 'join', type: 'join', version: 1, params: { on: ['Species'] }, position: { x: 200, y: 400 } },
    );
    g.edges.push(
      { id: 'j1', source: 'again', sourcePort: 'data', target: 'join', targetPort: 'left' },
      { id: 'j2', source: 'lookup', sourcePort: 'data', target: 'join', targetPort: 'right' },
    );
    expect(upstreamDatasets(g, 'train')).toEqual([{ source: 'sample', name: 'penguins' }]);
    expect(upstreamDatasets(g, 'join')).toEqual([{ source: 'sample', name: 'penguins' }, { source: 'upload', datasetVersionId: 'v-9' }]);
  });
});
