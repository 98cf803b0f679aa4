const acronyms: Record<string, string> = { f1: 'F1', auc: 'AUC', roc: 'ROC', r2: 'R²', rmse: 'RMSE', mae: 'MAE', mse: 'MSE' };
const averages = new Set(['macro', 'micro', 'weighted']);

/**
 * A metric's name as people read it, wherever one is shown (the canvas, the registry's pages, the promotion
 * gates' messages): `f1_macro` → "F1 (macro)", `logLoss` → "Log loss", `r2` → "R²".
 */
export function metricLabel(name: string) {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const average = words.length > 1 && averages.has(words[words.length - 1]!) ? words.pop() : undefined;
  const text = words.map((w, i) => acronyms[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
  return average ? `${text} (${average})` : text;
}
