import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { EvaluationCharts } from '../canvas/charts/evaluation-charts';
import type { MetricsSummary } from '../canvas/node-outputs';
import { evaluationSource, registeredCharts } from './registered-evaluation';

const curve = (label: string) => ({ label, x: [0, 0.1, 1], y: [0, 0.9, 1], auc: 0.95 });

/** A version registered from a Compare node: its row of the ranking, the ROC curve labelled with the model. */
const compared: MetricsSummary = { kind: 'metrics', task: 'classification', metrics: { accuracy: 0.9, roc_auc: 0.95 }, curves: { roc: [curve('Logistic regression')] } };
/** A version registered with an Evaluate node's summary (binary: the positive class's curves). */
const evaluated: MetricsSummary = {
  kind: 'metrics',
  task: 'classification',
  metrics: { accuracy: 0.9 },
  confusionMatrix: { labels: ['no', 'yes'], matrix: [[5, 1], [1, 5]] },
  curves: { roc: [curve('yes')], pr: [curve('yes')], calibration: [curve('yes')] },
  importance: { scoring: 'accuracy', permutation: [] },
};

const render = (evaluation: MetricsSummary, classes: string[]) => {
  const charts = registeredCharts(evaluation, classes);
  return renderToStaticMarkup(createElement(EvaluationCharts, { metrics: charts.metrics, layout: 'grid', rocSeries: charts.rocSeries, missingText: charts.missingText }));
};

describe('registeredCharts', () => {
  test('tells a Compare row from an Evaluate summary', () => {
    expect(evaluationSource(compared)).toBe('compare');
    expect(evaluationSource({ kind: 'metrics', task: 'regression', metrics: { r2: 0.8 }, curves: { scatter: curve('Random forest') } })).toBe('compare');
    expect(evaluationSource(evaluated)).toBe('evaluate');
  });

  test("a binary model's Compare curve is its positive class's, never the model's name", () => {
    const charts = registeredCharts(compared, ['no', 'yes']);
    expect(charts.rocSeries).toBe('classes');
    expect(charts.metrics.curves?.roc).toEqual([curve('yes')]);
    const html = render(compared, ['no', 'yes']);
    expect(html).toContain('ROC curve (positive class: yes)');
    expect(html).not.toContain('Logistic regression');
  });

  test("a multiclass model's Compare curve is the macro average of one vs rest", () => {
    const charts = registeredCharts(compared, ['Adelie', 'Chinstrap', 'Gentoo']);
    expect(charts.rocSeries).toBe('macro-average');
    expect(charts.metrics.curves?.roc?.map((c) => c.label)).toEqual(['Macro average']);
    const html = render(compared, ['Adelie', 'Chinstrap', 'Gentoo']);
    expect(html).toContain('ROC curve (macro average of one vs rest)');
    expect(html).toContain('Macro average (AUC 0.95)');
    expect(html).not.toContain('positive class');
  });

  test('charts a Compare row lacks say it was registered without them, not to run the pipeline', () => {
    const html = render(compared, ['Adelie', 'Chinstrap', 'Gentoo']);
    expect(html).not.toContain('Run the pipeline');
    expect(html).toContain(
      'This version was registered without a precision-recall curve (Compare keeps ROC curves only); register it from its Train and Evaluate nodes to keep every chart.',
    );
    expect(html).toContain('This version was registered without a calibration curve (Compare keeps ROC curves only)');
    expect(html).toContain('This version was registered without feature importance (Compare keeps ROC curves only)');
    expect(html).toContain('This version was registered without a learning curve (Compare keeps ROC curves only)');
    const regression = registeredCharts({ kind: 'metrics', task: 'regression', metrics: { r2: 0.8 }, curves: { scatter: curve('Random forest') } }, []);
    expect(regression.missingText('residuals')).toBe(
      'This version was registered without a residual plot (Compare keeps predicted-vs-actual plots only); register it from its Train and Evaluate nodes to keep every chart.',
    );
    expect(registeredCharts({ ...compared, curves: undefined }, ['no', 'yes']).missingText('roc')).toBe('This version was registered without an ROC curve: the Compare node that scored it had none for it.');
  });

  test("an Evaluate summary's curves stay as they are, and what it lacks is not asked of a run", () => {
    const charts = registeredCharts(evaluated, ['no', 'yes']);
    expect(charts.metrics).toBe(evaluated);
    const html = render(evaluated, ['no', 'yes']);
    expect(html).toContain('ROC curve (positive class: yes)');
    expect(html).toContain('This version was registered without feature importance.');
    expect(html).toContain('This model recorded no learning curve.');
    expect(html).not.toContain('Run the pipeline');
  });
});
