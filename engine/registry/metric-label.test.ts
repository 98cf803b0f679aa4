import { describe, expect, test } from 'vitest';
import { metricLabel } from './metric-label';

describe('metricLabel', () => {
  test.each([
    ['accuracy', 'Accuracy'],
    ['balanced_accuracy', 'Balanced accuracy'],
    ['roc_auc', 'ROC AUC'],
    ['f1_macro', 'F1 (macro)'],
    ['precision_weighted', 'Precision (weighted)'],
    ['log_loss', 'Log loss'],
    ['logLoss', 'Log loss'],
    ['r2', 'R²'],
    ['rmse', 'RMSE'],
    ['average_precision', 'Average precision'],
    ['macro', 'Macro'],
  ])('%s reads "%s"', (name, label) => expect(metricLabel(name)).toBe(label));
});
