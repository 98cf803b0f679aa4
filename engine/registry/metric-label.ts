import type { Task } from '../training/model-family';

const acronyms: Record<string, string> = { f1: 'F1', auc: 'AUC', roc: 'ROC', r2: 'R²', rmse: 'RMSE', mae: 'MAE', mse: 'MSE', mape: 'MAPE' };
const averages = new Set(['macro', 'micro', 'weighted']);

/** A cross-validated metric's parts: `cv_rmse_mean` is the mean over the folds of each fold's `rmse`. */
export function crossValidatedParts(name: string): { metric: string; statistic: 'mean' | 'std' } | undefined {
  const match = /^cv_(.+)_(mean|std)$/.exec(name);
  return match ? { metric: match[1]!, statistic: match[2] as 'mean' | 'std' } : undefined;
}

/**
 * A metric's name as people read it, wherever one is shown (the canvas, the registry's pages, the promotion
 * gates' messages): `f1_macro` → "F1 (macro)", `logLoss` → "Log loss", `r2` → "R²". Train's `metric` is the
 * learning curve's score, accuracy for classes and R² for numbers: named so when the task is known. Train's
 * `loss` and `metric` are named after the rows the curve is measured on, `curve` (learningCurveName in
 * engine/training/model-families.ts): "Out-of-bag loss" for a random forest.
 */
export function metricLabel(name: string, task?: Task, curve = 'Training'): string {
  if (name === 'loss') return `${curve} loss`;
  if (name === 'metric' || name === 'validation_metric') {
    const score = task === 'classification' ? 'accuracy' : task === 'regression' ? 'R²' : 'score';
    return `${name === 'metric' ? curve : 'Validation'} ${score}`;
  }
  const crossValidated = crossValidatedParts(name);
  if (crossValidated) return `${metricLabel(crossValidated.metric, task, curve)} (cross-validated ${crossValidated.statistic})`;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const average = words.length > 1 && averages.has(words[words.length - 1]!) ? words.pop() : undefined;
  const text = words.map((w, i) => acronyms[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
  return average ? `${text} (${average})` : text;
}
