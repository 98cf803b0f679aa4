import type { MetricCurve, MetricsValue } from '../../define-node';
import { calibrationCurve } from './calibration-curve';
import { scoreClassification } from './classification-scores';
import { oneVsRest, probabilityColumn, rankCurves } from './rank-curves';
import { thinCurve } from './thin-curve';

/** Beyond this many classes, per-class curves would be unreadable and bloat the output; the scores remain. */
const MAX_CURVE_CLASSES = 20;

/**
 * Everything Evaluate reports for a classifier: scores, per-class table, confusion matrix, and ROC,
 * PR and calibration curves. Binary tasks draw the `positive` class's curves and report its AUC;
 * multiclass ones draw one-vs-rest curves per class and report the macro one-vs-rest AUC (classes
 * without both positive and negative rows are left out of it, as they have no ROC curve).
 */
export function classificationReport(truth: Int32Array, probabilities: ArrayLike<number>, labels: readonly string[], positive: number): MetricsValue {
  const k = labels.length;
  const s = scoreClassification(truth, probabilities, k);
  const curveClasses = k === 2 ? [positive] : k <= MAX_CURVE_CLASSES ? labels.map((_, c) => c) : [];
  const roc: MetricCurve[] = [];
  const pr: MetricCurve[] = [];
  const calibration: MetricCurve[] = [];
  const aucs: number[] = [];
  const precisions: number[] = [];
  for (let c = 0; c < (k === 2 ? 1 : k); c++) {
    const cls = k === 2 ? positive : c;
    const scores = probabilityColumn(probabilities, k, cls);
    const mask = oneVsRest(truth, cls);
    const curves = rankCurves(scores, mask);
    if (Number.isFinite(curves.auc)) aucs.push(curves.auc);
    if (Number.isFinite(curves.averagePrecision)) precisions.push(curves.averagePrecision);
    if (!curveClasses.includes(cls)) continue;
    const label = labels[cls]!;
    roc.push({ label, ...thinCurve(curves.roc), auc: curves.auc });
    pr.push({ label, ...thinCurve(curves.pr), auc: curves.averagePrecision });
    calibration.push({ label, ...calibrationCurve(scores, mask) });
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const metrics: Record<string, number> = {
    accuracy: s.accuracy,
    balanced_accuracy: s.balancedAccuracy,
    roc_auc: mean(aucs),
    average_precision: mean(precisions),
    precision_macro: s.precisionMacro,
    recall_macro: s.recallMacro,
    f1_macro: s.f1Macro,
    log_loss: s.logLoss,
    rows: s.rows,
  };
  return {
    kind: 'metrics',
    task: 'classification',
    metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))),
    confusionMatrix: { labels: [...labels], matrix: s.confusion },
    perClass: s.perClass.map((row, c) => ({ label: labels[c]!, ...row })),
    curves: { roc, pr, calibration },
  };
}
