import type { CurveSeries } from '../canvas/charts/curve-charts';
import type { EvaluationChart } from '../canvas/charts/evaluation-charts';
import type { MetricsSummary } from '../canvas/node-outputs';

/**
 * Which node's summary a version keeps (db/queries/model-registration.ts): an Evaluate node's, with every chart
 * (a classifier's confusion matrix, a regressor's residuals, feature importance), or else its row of a Compare
 * node's ranking: its metrics and one curve, ROC (classification) or predicted-vs-actual (regression).
 */
export function evaluationSource(evaluation: MetricsSummary): 'evaluate' | 'compare' {
  const { importance, confusionMatrix, perClass, curves, learningCurve } = evaluation;
  const evaluateOnly = [importance, confusionMatrix, perClass, learningCurve, curves?.pr, curves?.calibration, curves?.residuals];
  return evaluateOnly.every((part) => part === undefined) ? 'compare' : 'evaluate';
}

const CHART_NAMES: Record<EvaluationChart, string> = {
  roc: 'an ROC curve',
  pr: 'a precision-recall curve',
  calibration: 'a calibration curve',
  scatter: 'a predicted-vs-actual plot',
  residuals: 'a residual plot',
  importance: 'feature importance',
  'learning-curve': 'a learning curve',
};

/** A registered version's charts as EvaluationCharts takes them. */
export type RegisteredCharts = { metrics: MetricsSummary; rocSeries: CurveSeries; missingText(chart: EvaluationChart): string };

/**
 * What a registered version's page draws from its stored evaluation. A Compare row's ROC curve is labelled
 * with the model's name (Compare overlays models): here it becomes what it is, the positive class's curve of a
 * binary classifier (Compare draws the second class, as Evaluate does by default) or the macro average of the
 * one-vs-rest curves. A chart the version lacks says it was not registered with it: re-running changes nothing.
 */
export function registeredCharts(evaluation: MetricsSummary, classes: readonly string[]): RegisteredCharts {
  const source = evaluationSource(evaluation);
  const regression = evaluation.task === 'regression';
  const [roc, ...others] = evaluation.curves?.roc ?? [];
  let rocSeries: CurveSeries = 'classes';
  let metrics = evaluation;
  if (source === 'compare' && !regression && roc && others.length === 0) {
    const binary = classes.length === 2;
    rocSeries = binary ? 'classes' : 'macro-average';
    metrics = { ...evaluation, curves: { ...evaluation.curves, roc: [{ ...roc, label: binary ? classes[1]! : 'Macro average' }] } };
  }
  const kept: EvaluationChart = regression ? 'scatter' : 'roc';
  const missingText = (chart: EvaluationChart) => {
    const what = CHART_NAMES[chart];
    if (source === 'evaluate') return chart === 'learning-curve' ? 'This model recorded no learning curve.' : `This version was registered without ${what}.`;
    if (chart === kept) return `This version was registered without ${what}: the Compare node that scored it had none for it.`;
    const keeps = regression ? 'predicted-vs-actual plots' : 'ROC curves';
    return `This version was registered without ${what} (Compare keeps ${keeps} only); register it from its Train and Evaluate nodes to keep every chart.`;
  };
  return { metrics, rocSeries, missingText };
}
