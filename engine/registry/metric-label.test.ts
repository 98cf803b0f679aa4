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
    ['mape', 'MAPE'],
    ['loss', 'Training loss'],
    ['validation_loss', 'Validation loss'],
    ['metric', 'Training score'],
  ])('%s reads "%s"', (name, label) => expect(metricLabel(name)).toBe(label));

  test.each([
    ['metric', 'classification', 'Training accuracy'],
    ['metric', 'regression', 'Training R²'],
    ['validation_metric', 'regression', 'Validation R²'],
    ['cv_accuracy_mean', 'classification', 'Accuracy (cross-validated mean)'],
    ['cv_r2_std', 'regression', 'R² (cross-validated std)'],
  ] as const)('%s of a %s model reads "%s"', (name, task, label) => expect(metricLabel(name, task)).toBe(label));

  test.each([
    ['loss', undefined, 'Out-of-bag loss'],
    ['metric', 'classification', 'Out-of-bag accuracy'],
    ['metric', 'regression', 'Out-of-bag R²'],
    ['validation_loss', 'classification', 'Validation loss'],
    ['validation_metric', 'classification', 'Validation accuracy'],
    ['accuracy', 'classification', 'Accuracy'],
  ] as const)('%s of a %s model whose curve is out-of-bag reads "%s"', (name, task, label) => expect(metricLabel(name, task, 'Out-of-bag')).toBe(label));
});
