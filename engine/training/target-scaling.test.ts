import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MetricsValue, ModelValue, SplitValue } from '../define-node';
import { executeGraph } from '../execute';
import { decodePortValue, encodePortValue } from '../io/serialize';
import { applyRescale, fitRescale } from '../kernels/rescale';
import { findSampleDataset, locateSampleFile } from '../samples/catalog';
import { buildChain, createTestContext } from '../testing/fixtures';
import { evaluateModel } from './evaluate-model';
import { predictRecords } from './predict-records';
import { findTargetScaling, unscaleTarget } from './target-scaling';

const rawPenguins = JSON.parse(readFileSync(fileURLToPath(locateSampleFile(findSampleDataset('penguins')!)), 'utf8')) as Record<string, unknown>[];
const MASS = 'Body Mass (g)';

/** Rescale with its defaults picks every numeric column, the target among them. */
async function trainThroughRescale(model: string, hyperparameters: Record<string, unknown>): Promise<{ model: ModelValue; split: SplitValue }> {
  const graph = buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['split', 'split', { seed: 3 }],
    ['impute', 'impute', { exclude: [MASS] }],
    ['scale', 'standard-scale', { method: 'min_max' }],
    ['rescale', 'standard-scale', {}],
    ['train', 'train', { target: MASS, model, hyperparameters }],
  ]);
  graph.nodes.find((n) => n.id === 'train')!.version = 2;
  graph.nodes.filter((n) => n.type === 'standard-scale').forEach((n) => (n.version = 2));
  const outputs = await executeGraph(graph, createTestContext());
  return { model: outputs.get('train')!.model as ModelValue, split: outputs.get('rescale')!.data as SplitValue };
}

describe('a regression target rescaled before Train', () => {
  it('is undone in the rescales’ reverse order', () => {
    const table = { rowCount: 4, columns: [{ name: 'y', kind: 'number' as const, values: Float64Array.of(3, 10, -2, 7.5) }] };
    const first = fitRescale(table, { columns: [], method: 'min_max', from: -1, to: 1 });
    const once = applyRescale(table, first);
    const second = fitRescale(once, { columns: [], method: 'standard', from: 0, to: 1 });
    const twice = applyRescale(once, second);
    const fitted = [
      { type: 'standard-scale', version: 2, state: first },
      { type: 'impute', version: 1, state: { columns: [] } },
      { type: 'standard-scale', version: 2, state: second },
    ];
    const scaling = findTargetScaling(fitted, 'y')!;
    expect(scaling).toHaveLength(2);
    const back = unscaleTarget((twice.columns[0] as { values: Float64Array }).values, scaling);
    Array.from(back).forEach((v, i) => expect(v).toBeCloseTo(table.columns[0].values[i], 12));
    expect(findTargetScaling(fitted, 'other')).toBeUndefined();
  });

  it.each([
    ['linear_regression', {}],
    ['gradient_boosting', { max_iter: 30 }],
  ] as [string, Record<string, unknown>][])('%s learns, predicts raw records and is scored in grams', async (family, hyperparameters) => {
    const { model, split } = await trainThroughRescale(family, hyperparameters);
    expect(model.targetScaling).toHaveLength(2);
    const stored = decodePortValue(encodePortValue(model)) as ModelValue;
    const predictions = (await predictRecords(stored, rawPenguins)) as { value: number }[];
    const known = rawPenguins.flatMap((r, i) => (typeof r[MASS] === 'number' ? [[r[MASS] as number, predictions[i]!.value]] : []));
    const mean = known.reduce((s, [y]) => s + y!, 0) / known.length;
    const meanPredicted = known.reduce((s, [, p]) => s + p!, 0) / known.length;
    expect(Math.abs(meanPredicted - mean)).toBeLessThan(100);
    const residual = known.reduce((s, [y, p]) => s + (y! - p!) ** 2, 0);
    const total = known.reduce((s, [y]) => s + (y! - mean) ** 2, 0);
    expect(1 - residual / total).toBeGreaterThan(0.75);
    // Evaluate puts the test target back in grams too: an RMSE of a few hundred grams, not a fraction of a z-score.
    const metrics = (await evaluateModel(stored, split.test, { repeats: 1, seed: 0 })) as MetricsValue & { metrics: Record<string, number> };
    expect(metrics.metrics.rmse).toBeGreaterThan(100);
    expect(metrics.metrics.rmse).toBeLessThan(600);
    expect(metrics.metrics.r2).toBeGreaterThan(0.7);
  }, 60_000);
});
