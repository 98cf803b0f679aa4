import type { ComparisonValue, ImportanceRow, MetricCurve, MetricsValue } from '../define-node';

/**
 * What the canvas receives of an Evaluate output (GraphQL sends it with every node status): the same
 * fields as MetricsValue, with numbers rounded to what a chart can show and samples capped, so a
 * many-class report or a regression scatter stays a few tens of kilobytes.
 */
export type MetricsSummary = Omit<MetricsValue, 'kind'> & { kind: 'metrics' };

const SIGNIFICANT = 4;
/** Points of the predicted-vs-actual and residual plots sent to the canvas. */
export const SUMMARY_SCATTER_POINTS = 500;
const LEARNING_CURVE_POINTS = 100;

const round = (v: number) => (Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(SIGNIFICANT)) : v);

/** Every `step`-th item so at most `max` remain, always keeping the last. */
export function strided<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  const picked = Array.from({ length: max - 1 }, (_, i) => items[Math.floor(i * step)]!);
  return [...picked, items[items.length - 1]!];
}

function roundCurve(curve: MetricCurve, max = Infinity): MetricCurve {
  const x = strided(curve.x, max).map(round);
  const y = strided(curve.y, max).map(round);
  return { ...curve, x, y, ...(curve.auc !== undefined ? { auc: round(curve.auc) } : {}) };
}

const roundRows = (rows: ImportanceRow[] | undefined) =>
  rows?.map((r) => ({ feature: r.feature, value: round(r.value), ...(r.std !== undefined ? { std: round(r.std) } : {}) }));

export function summarizeMetrics(value: MetricsValue): MetricsSummary {
  const { curves, importance, perClass, learningCurve } = value;
  return {
    kind: 'metrics',
    task: value.task,
    metrics: value.metrics,
    ...(value.confusionMatrix ? { confusionMatrix: value.confusionMatrix } : {}),
    ...(perClass ? { perClass: perClass.map((r) => ({ ...r, precision: round(r.precision), recall: round(r.recall), f1: round(r.f1) })) } : {}),
    ...(curves
      ? {
          curves: {
            ...(curves.roc ? { roc: curves.roc.map((c) => roundCurve(c)) } : {}),
            ...(curves.pr ? { pr: curves.pr.map((c) => roundCurve(c)) } : {}),
            ...(curves.calibration ? { calibration: curves.calibration.map((c) => roundCurve(c)) } : {}),
            ...(curves.scatter ? { scatter: roundCurve(curves.scatter, SUMMARY_SCATTER_POINTS) } : {}),
            ...(curves.residuals ? { residuals: roundCurve(curves.residuals, SUMMARY_SCATTER_POINTS) } : {}),
          },
        }
      : {}),
    ...(importance ? { importance: { scoring: importance.scoring, permutation: roundRows(importance.permutation), model: roundRows(importance.model) } } : {}),
    ...(learningCurve ? { learningCurve: strided(learningCurve, LEARNING_CURVE_POINTS) } : {}),
    ...(value.learningCurveName ? { learningCurveName: value.learningCurveName } : {}),
    ...(value.notes ? { notes: value.notes } : {}),
  };
}

/** Compare's output for the canvas: curves rounded, each model's scatter capped like Evaluate's. */
export function summarizeComparison(value: ComparisonValue): ComparisonValue {
  return {
    ...value,
    models: value.models.map((m) => ({
      ...m,
      ...(m.roc ? { roc: roundCurve(m.roc) } : {}),
      ...(m.scatter ? { scatter: roundCurve(m.scatter, SUMMARY_SCATTER_POINTS) } : {}),
    })),
  };
}
