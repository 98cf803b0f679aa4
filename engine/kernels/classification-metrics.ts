import type { MetricsValue } from '../define-node';

/**
 * Classification metrics from predicted probabilities (rows × classes, row-major) and true class
 * indices (-1: missing, skipped). Macro averages weigh every class equally; a class never predicted
 * has precision 0, as in scikit-learn's zero_division=0.
 */
const LOG_LOSS_EPSILON = 1e-15;

export function computeClassificationMetrics(truth: Int32Array, probabilities: ArrayLike<number>, labels: readonly string[]): MetricsValue {
  const k = labels.length;
  const matrix = labels.map(() => new Array<number>(k).fill(0));
  let rows = 0;
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < truth.length; i++) {
    const actual = truth[i];
    if (actual < 0) continue;
    let predicted = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + predicted]) predicted = c;
    matrix[actual][predicted]++;
    if (predicted === actual) correct++;
    const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, probabilities[i * k + actual]));
    logLoss -= Math.log(p);
    rows++;
  }
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (let c = 0; c < k; c++) {
    const tp = matrix[c][c];
    const predictedC = matrix.reduce((sum, row) => sum + row[c], 0);
    const actualC = matrix[c].reduce((sum, n) => sum + n, 0);
    const p = predictedC === 0 ? 0 : tp / predictedC;
    const r = actualC === 0 ? 0 : tp / actualC;
    precision += p;
    recall += r;
    f1 += p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
  return {
    kind: 'metrics',
    task: 'classification',
    metrics: {
      rows,
      accuracy: rows === 0 ? 0 : correct / rows,
      precision_macro: k === 0 ? 0 : precision / k,
      recall_macro: k === 0 ? 0 : recall / k,
      f1_macro: k === 0 ? 0 : f1 / k,
      log_loss: rows === 0 ? 0 : logLoss / rows,
    },
    confusionMatrix: { labels: [...labels], matrix },
  };
}
