import { COMPARE_METRICS } from '../training/compare-ranking';
import { crossValidatedParts } from './metric-label';

/** Losses and errors that Evaluate's metric list does not name (Train's own numbers, cross-validation means). */
const LOWER_IS_BETTER = new Set(['loss', 'validation_loss', 'log_loss', 'rmse', 'mae', 'mape', 'mse']);

/**
 * Whether a smaller value of `metric` is the better one (errors, losses), the one place gates, compare pages
 * and deltas ask. Every other metric (accuracy, F1, R², AUC…) is better higher.
 */
export function lowerIsBetter(metric: string): boolean {
  // A spread over the folds is better small; a mean is judged like the metric it averages.
  const crossValidated = crossValidatedParts(metric);
  if (crossValidated?.statistic === 'std') return true;
  const base = crossValidated?.metric ?? metric;
  const known = COMPARE_METRICS.find((m) => m.id === base);
  if (known) return !known.higherIsBetter;
  return LOWER_IS_BETTER.has(base) || base.endsWith('_loss') || base.endsWith('_error');
}

/** Whether `a` is strictly better than `b` on `metric`. */
export const isBetter = (metric: string, a: number, b: number) => (lowerIsBetter(metric) ? a < b : a > b);

/** A number as people read metrics: 4 significant digits, without float noise like 0.030000000000000027. */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}
