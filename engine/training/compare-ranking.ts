import { UserError, type MetricCurve } from '../define-node';
import { getModelFamily } from './model-families';
import type { Task } from './model-family';

/** Compare's rules, free of model code so the canvas can check a graph with them: metrics, ranking, labels. */

export type CompareMetric = { id: string; title: string; task: Task; higherIsBetter: boolean };

/** The metrics Compare ranks on, as Evaluate names them; errors and losses rank lowest first. */
export const COMPARE_METRICS: readonly CompareMetric[] = [
  { id: 'roc_auc', title: 'ROC AUC', task: 'classification', higherIsBetter: true },
  { id: 'accuracy', title: 'Accuracy', task: 'classification', higherIsBetter: true },
  { id: 'balanced_accuracy', title: 'Balanced accuracy', task: 'classification', higherIsBetter: true },
  { id: 'f1_macro', title: 'F1 (macro)', task: 'classification', higherIsBetter: true },
  { id: 'log_loss', title: 'Log loss', task: 'classification', higherIsBetter: false },
  { id: 'r2', title: 'R²', task: 'regression', higherIsBetter: true },
  { id: 'rmse', title: 'RMSE', task: 'regression', higherIsBetter: false },
  { id: 'mae', title: 'MAE', task: 'regression', higherIsBetter: false },
  { id: 'mape', title: 'MAPE', task: 'regression', higherIsBetter: false },
];

/** What 'auto' ranks on: ROC AUC uses the predicted probabilities, not one threshold; R² is scale-free. */
export const DEFAULT_METRIC: Record<Task, string> = { classification: 'roc_auc', regression: 'r2' };

/** The metric to rank on for `task`: `choice`, or the task's default for 'auto'. */
export function resolveMetric(choice: string, task: Task): CompareMetric {
  const id = choice === 'auto' ? DEFAULT_METRIC[task] : choice;
  const metric = COMPARE_METRICS.find((m) => m.id === id);
  if (!metric) throw new UserError(`Compare: '${choice}' is not a metric Compare ranks on. Pick one of ${COMPARE_METRICS.map((m) => m.id).join(', ')}, or auto.`);
  if (metric.task !== task) {
    const fits = COMPARE_METRICS.filter((m) => m.task === task).map((m) => m.title);
    throw new UserError(`Compare: ${metric.title} scores ${metric.task} models, but these are ${task} models. Rank on ${fits.join(', ')} or Auto instead.`);
  }
  return metric;
}

type Described = { label: string; task: Task; target: string };

/**
 * The task and target the connected models share. Models of different targets or tasks have no common
 * score, so Compare refuses them (at edit time from the models' schemas, and again at run time).
 */
export function checkComparable(models: readonly Described[]): { task: Task; target: string } {
  const [first, ...rest] = models;
  if (!first) throw new UserError("Compare: connect two or more trained models to the 'Models' input.");
  for (const other of rest) {
    if (other.target !== first.target) {
      throw new UserError(`Compare: ${first.label} predicts '${first.target}' but ${other.label} predicts '${other.target}'. Models are compared on one target; connect only models trained on the same target.`);
    }
    if (other.task !== first.task) {
      throw new UserError(`Compare: ${first.label} is a ${first.task} model but ${other.label} is a ${other.task} model of '${first.target}'. Classification and regression models have no common score; compare them separately.`);
    }
  }
  return { task: first.task, target: first.target };
}

/**
 * What each model is called in tables and legends: the Train node's label when the user gave one, else its
 * model family ("Random forest"); repeated names get " (2)", " (3)" in connection order.
 */
export function labelModels(items: readonly { label?: string; algorithm: string }[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = item.label ?? getModelFamily(item.algorithm)?.title ?? item.algorithm;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/**
 * Models best first on `metric`; equal scores share a rank (1, 1, 3) and keep their order; a model without
 * the metric (e.g. ROC AUC when no test row has a positive class) ranks after every scored one.
 */
export function rankModels<T extends { metrics: Record<string, number> }>(models: readonly T[], metric: CompareMetric): (T & { rank: number })[] {
  const scoreOf = (m: T) => {
    const v = m.metrics[metric.id];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const sorted = [...models].sort((a, b) => {
    const sa = scoreOf(a);
    const sb = scoreOf(b);
    if (sa === undefined || sb === undefined) return (sa === undefined ? 1 : 0) - (sb === undefined ? 1 : 0);
    return metric.higherIsBetter ? sb - sa : sa - sb;
  });
  let rank = 0;
  return sorted.map((m, i) => {
    const prev = sorted[i - 1];
    if (!prev || scoreOf(prev) !== scoreOf(m) || scoreOf(m) === undefined) rank = i + 1;
    return { ...m, rank };
  });
}

/** FPR grid of the macro-averaged ROC curve, as scikit-learn's roc example interpolates onto. */
const GRID = Array.from({ length: 101 }, (_, i) => i / 100);

/** The macro average of one-vs-rest ROC curves: each class's TPR interpolated on a common FPR grid, then averaged. */
export function macroRoc(curves: readonly MetricCurve[], label: string, auc: number | undefined): MetricCurve | undefined {
  if (curves.length === 0) return undefined;
  const y = GRID.map((fpr) => curves.reduce((sum, c) => sum + interpolate(c.x, c.y, fpr), 0) / curves.length);
  return { label, x: [0, ...GRID], y: [0, ...y], ...(auc !== undefined ? { auc } : {}) };
}

/** The highest y at `x` on a curve whose x never decreases (ROC steps vertically at one x). */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  let i = 0;
  while (i < xs.length && xs[i]! <= x) i++;
  if (i === 0) return ys[0] ?? 0;
  if (i === xs.length) return ys[xs.length - 1]!;
  const [x0, x1, y0, y1] = [xs[i - 1]!, xs[i]!, ys[i - 1]!, ys[i]!];
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}
