import { crossValidatedParts } from '../../engine/registry/metric-label';

/** Test metrics in the order Evaluate reports them (engine/training/metrics/*-report.ts), the row count last. */
const TEST_ORDER = ['accuracy', 'balanced_accuracy', 'roc_auc', 'average_precision', 'precision_macro', 'recall_macro', 'f1_macro', 'log_loss', 'r2', 'rmse', 'mae', 'mape', 'rows'];
/** Train's numbers from its last step: held-out rows before training rows, each loss before its score. */
const TRAINING_ORDER = ['validation_loss', 'validation_metric', 'loss', 'metric'];

/** Where a metric goes: its group (test, cross-validated, Train's last step), then its place in the group. */
function placeOf(name: string): [group: number, index: number, statistic: number] {
  const crossValidated = crossValidatedParts(name);
  if (crossValidated) return [1, indexIn(TEST_ORDER, crossValidated.metric), crossValidated.statistic === 'mean' ? 0 : 1];
  if (TRAINING_ORDER.includes(name)) return [2, TRAINING_ORDER.indexOf(name), 0];
  return [0, indexIn(TEST_ORDER, name), 0];
}

/** Known names in their order; any other after them (sorted by name at the end). */
const indexIn = (order: readonly string[], name: string) => (order.includes(name) ? order.indexOf(name) : order.length);

/**
 * A registered version's metrics in reading order (the stored JSON keeps no order): test metrics first, in
 * Evaluate's order; then each cross-validated mean directly followed by its std; then Train's validation and
 * training numbers, which only say how fitting went.
 */
export function orderVersionMetrics(metrics: Record<string, number>): [string, number][] {
  const baseName = (name: string) => crossValidatedParts(name)?.metric ?? name;
  return Object.entries(metrics).sort(([a], [b]) => {
    const [pa, pb] = [placeOf(a), placeOf(b)];
    return pa[0] - pb[0] || pa[1] - pb[1] || baseName(a).localeCompare(baseName(b)) || pa[2] - pb[2] || a.localeCompare(b);
  });
}
