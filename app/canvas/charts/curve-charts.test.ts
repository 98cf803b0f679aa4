import { describe, expect, test } from 'vitest';
import { describeCurves } from './curve-charts';

const curve = (label: string, auc: number) => ({ label, x: [0, 1], y: [0, 1], auc });

describe('describeCurves', () => {
  test("one class's curve is the positive class's; several are one vs rest; both name their classes in the table", () => {
    expect(describeCurves('roc', [curve('yes', 0.9)])).toMatchObject({ title: 'ROC curve (positive class: yes)', seriesColumn: 'Class', label: 'ROC curve, AUC 0.90', legend: ['yes (AUC 0.90)'] });
    expect(describeCurves('pr', [curve('a', 0.5), curve('b', 0.75)])).toMatchObject({ title: 'Precision-recall curve (one vs rest)', seriesColumn: 'Class', label: 'Precision-recall curve, AP a 0.50, b 0.75' });
  });

  test('a macro average belongs to no class: neither the title nor the table calls it one', () => {
    expect(describeCurves('roc', [curve('Macro average', 0.97)], 'macro-average')).toEqual({
      title: 'ROC curve (macro average of one vs rest)',
      seriesColumn: 'Curve',
      label: 'ROC curve (macro average of one vs rest), AUC 0.97',
      legend: ['Macro average (AUC 0.97)'],
    });
  });
});
