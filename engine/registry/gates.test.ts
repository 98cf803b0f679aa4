import { describe, expect, test } from 'vitest';
import { checkGateSettings, checkPromotionGates } from './gates';
import { compareVersions } from './compare-versions';
import { lowerIsBetter } from './metric-direction';

describe('metric direction', () => {
  test('errors and losses are better lower, scores higher', () => {
    for (const m of ['rmse', 'mae', 'log_loss', 'loss', 'validation_loss', 'cv_rmse_mean', 'cv_accuracy_std', 'mape']) expect(lowerIsBetter(m), m).toBe(true);
    for (const m of ['accuracy', 'r2', 'roc_auc', 'f1_macro', 'cv_accuracy_mean', 'balanced_accuracy']) expect(lowerIsBetter(m), m).toBe(false);
  });
});

describe('promotion gates', () => {
  const gates = { metric: 'accuracy', minimum: 0.94, mustBeatProduction: false };
  test('a minimum refuses saying by how much, without float noise', () => {
    expect(checkPromotionGates(gates, { version: 2, metrics: { accuracy: 0.91 } })).toEqual(["Accuracy 0.91 is 0.03 below the gate's minimum 0.94."]);
    expect(checkPromotionGates(gates, { version: 2, metrics: { accuracy: 0.94 } })).toEqual([]);
  });
  test('a lower-is-better metric has a maximum', () => {
    const failures = checkPromotionGates({ metric: 'rmse', minimum: 2.5, mustBeatProduction: false }, { version: 1, metrics: { rmse: 3 } });
    expect(failures).toEqual(["RMSE 3 is 0.5 above the gate's maximum 2.5."]);
  });
  test('must beat production on the same metric', () => {
    const beat = { metric: 'rmse', minimum: null, mustBeatProduction: true };
    expect(checkPromotionGates(beat, { version: 3, metrics: { rmse: 2.1 } }, { version: 2, metrics: { rmse: 2 } })).toEqual([
      "RMSE 2.1 does not beat production version 2's 2: it is 0.1 higher (lower is better).",
    ]);
    expect(checkPromotionGates(beat, { version: 3, metrics: { rmse: 2 } }, { version: 2, metrics: { rmse: 2 } })[0]).toContain('only equals it');
    expect(checkPromotionGates(beat, { version: 3, metrics: { rmse: 1.9 } }, { version: 2, metrics: { rmse: 2 } })).toEqual([]);
    // No production version yet: nothing to beat.
    expect(checkPromotionGates(beat, { version: 1, metrics: { rmse: 9 } }, null)).toEqual([]);
  });
  test('a version without the gate metric is refused with what to do', () => {
    expect(checkPromotionGates(gates, { version: 4, metrics: { loss: 0.2 } })[0]).toMatch(/Version 4 has no Accuracy metric.*Evaluate/);
  });
  test('no gate metric, no gate; settings need a metric', () => {
    expect(checkPromotionGates({ metric: null, minimum: null, mustBeatProduction: false }, { version: 1, metrics: {} })).toEqual([]);
    expect(checkGateSettings({ metric: null, minimum: 0.9, mustBeatProduction: false })).toMatch(/Pick the metric/);
    expect(checkGateSettings({ metric: 'accuracy', minimum: 0.9, mustBeatProduction: true })).toBeNull();
  });
});

describe('compareVersions', () => {
  test('metric deltas with the better side, changed params and schema differences', () => {
    const result = compareVersions(
      { metrics: { accuracy: 0.9, log_loss: 0.3 }, hyperparameters: { depth: 3, lr: 0.1 }, inputSchema: { columns: [{ name: 'a', kind: 'number' }, { name: 'b', kind: 'category' }] } },
      { metrics: { accuracy: 0.95, log_loss: 0.4, r2: 1 }, hyperparameters: { depth: 5, lr: 0.1 }, inputSchema: { columns: [{ name: 'a', kind: 'category' }, { name: 'c', kind: 'number' }] } },
    );
    expect(result.metrics).toEqual([
      { name: 'accuracy', a: 0.9, b: 0.95, delta: expect.closeTo(0.05, 10), better: 'b' },
      { name: 'log_loss', a: 0.3, b: 0.4, delta: expect.closeTo(0.1, 10), better: 'a' },
      { name: 'r2', a: null, b: 1, delta: null, better: null },
    ]);
    expect(result.params).toEqual([
      { name: 'depth', a: 3, b: 5, same: false },
      { name: 'lr', a: 0.1, b: 0.1, same: true },
    ]);
    expect(result.schema).toEqual([
      { column: 'a', a: 'number', b: 'category', change: 'kind' },
      { column: 'b', a: 'category', b: null, change: 'removed' },
      { column: 'c', a: null, b: 'number', change: 'added' },
    ]);
  });
});
