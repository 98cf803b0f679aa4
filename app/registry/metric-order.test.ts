import { describe, expect, test } from 'vitest';
import { orderVersionMetrics } from './metric-order';

// The keys as Postgres jsonb returns them (shorter keys first), which is how a version's metrics reach its page.
const stored = {
  loss: 0.21,
  rows: 69,
  roc_auc: 0.99,
  accuracy: 0.97,
  f1_macro: 0.96,
  log_loss: 0.08,
  cv_f1_macro_std: 0.02,
  validation_loss: 0.25,
  cv_accuracy_std: 0.01,
  cv_f1_macro_mean: 0.95,
  cv_accuracy_mean: 0.96,
  balanced_accuracy: 0.96,
};

describe('orderVersionMetrics', () => {
  test('test metrics in a fixed order, then each cross-validated mean followed by its std, then validation and training losses', () => {
    expect(orderVersionMetrics(stored).map(([name]) => name)).toEqual([
      'accuracy',
      'balanced_accuracy',
      'roc_auc',
      'f1_macro',
      'log_loss',
      'rows',
      'cv_accuracy_mean',
      'cv_accuracy_std',
      'cv_f1_macro_mean',
      'cv_f1_macro_std',
      'validation_loss',
      'loss',
    ]);
  });

  test('the order does not depend on the order the keys arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(stored).reverse());
    expect(orderVersionMetrics(reversed)).toEqual(orderVersionMetrics(stored));
  });

  test('regression metrics, scores beside their losses, and unknown names after the known ones of their group', () => {
    const metrics = { metric: 0.9, mae: 3, zeta: 1, r2: 0.8, cv_zeta_std: 0.1, rmse: 4, validation_metric: 0.85, cv_r2_mean: 0.7, alpha: 2, cv_zeta_mean: 0.5, cv_r2_std: 0.05, loss: 10, validation_loss: 12 };
    expect(orderVersionMetrics(metrics).map(([name]) => name)).toEqual([
      'r2',
      'rmse',
      'mae',
      'alpha',
      'zeta',
      'cv_r2_mean',
      'cv_r2_std',
      'cv_zeta_mean',
      'cv_zeta_std',
      'validation_loss',
      'validation_metric',
      'loss',
      'metric',
    ]);
    expect(orderVersionMetrics(metrics).find(([name]) => name === 'r2')).toEqual(['r2', 0.8]);
  });
});
