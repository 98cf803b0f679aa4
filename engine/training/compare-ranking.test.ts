import { describe, expect, it } from 'vitest';
import { checkComparable, labelModels, macroRoc, rankModels, resolveMetric } from './compare-ranking';

const m = (name: string, metrics: Record<string, number>) => ({ name, metrics });

describe('rankModels', () => {
  it('ranks higher-is-better metrics descending and ties share a rank', () => {
    const ranked = rankModels([m('a', { roc_auc: 0.9 }), m('b', { roc_auc: 0.97 }), m('c', { roc_auc: 0.9 }), m('d', { roc_auc: 0.5 })], resolveMetric('auto', 'classification'));
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([['b', 1], ['a', 2], ['c', 2], ['d', 4]]);
  });
  it('ranks errors ascending, and a model without the metric last', () => {
    const ranked = rankModels([m('a', { rmse: 3 }), m('b', {}), m('c', { rmse: 1.5 }), m('d', { rmse: Number.NaN })], resolveMetric('rmse', 'regression'));
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([['c', 1], ['a', 2], ['b', 3], ['d', 4]]);
  });
});

describe('resolveMetric', () => {
  it('defaults to ROC AUC for classification and R² for regression', () => {
    expect(resolveMetric('auto', 'classification')).toMatchObject({ id: 'roc_auc', higherIsBetter: true });
    expect(resolveMetric('auto', 'regression')).toMatchObject({ id: 'r2', higherIsBetter: true });
    expect(resolveMetric('log_loss', 'classification').higherIsBetter).toBe(false);
  });
  it('refuses a metric of the other task, naming the ones that fit', () => {
    expect(() => resolveMetric('rmse', 'classification')).toThrow('Compare: RMSE scores regression models, but these are classification models. Rank on ROC AUC, Accuracy');
  });
});

describe('checkComparable', () => {
  it('refuses models of different targets or tasks, naming both', () => {
    const a = { label: 'Random forest', task: 'classification' as const, target: 'Species' };
    expect(checkComparable([a, { ...a, label: 'Decision tree' }])).toEqual({ task: 'classification', target: 'Species' });
    expect(() => checkComparable([a, { label: 'Linear regression', task: 'regression', target: 'Body Mass (g)' }])).toThrow(
      "Compare: Random forest predicts 'Species' but Linear regression predicts 'Body Mass (g)'.",
    );
    expect(() => checkComparable([a, { label: 'Neural network', task: 'regression', target: 'Species' }])).toThrow('Classification and regression models have no common score');
    expect(() => checkComparable([])).toThrow("connect two or more trained models to the 'Models' input");
  });
});

describe('labelModels', () => {
  it("names a model by its Train node's label, else its family, numbering repeats", () => {
    const labels = labelModels([{ algorithm: 'random_forest' }, { algorithm: 'random_forest' }, { label: 'Deep forest', algorithm: 'random_forest' }, { algorithm: 'decision_tree' }]);
    expect(labels).toEqual(['Random forest', 'Random forest (2)', 'Deep forest', 'Decision tree']);
  });
});

describe('macroRoc', () => {
  it('averages one-vs-rest curves on a common false-positive grid', () => {
    const perfect = { label: 'A', x: [0, 0, 1], y: [0, 1, 1] };
    const chance = { label: 'B', x: [0, 1], y: [0, 1] };
    const avg = macroRoc([perfect, chance], 'Model', 0.75)!;
    expect(avg.auc).toBe(0.75);
    expect(avg.x[0]).toBe(0);
    const at = (fpr: number) => avg.y[avg.x.lastIndexOf(fpr)];
    expect(at(0.5)).toBeCloseTo(0.75);
    expect(at(1)).toBe(1);
  });
});
