/** One class's row of a classification report. */
export type ClassScores = { precision: number; recall: number; f1: number; support: number };

export type ClassificationScores = {
  rows: number;
  /** k × k counts, rows actual, columns predicted. */
  confusion: number[][];
  accuracy: number;
  balancedAccuracy: number;
  perClass: ClassScores[];
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  logLoss: number;
};

const LOG_LOSS_EPSILON = 1e-15;

/** The most probable class of each row (the first on ties, as numpy's argmax). */
export function argmaxRows(probabilities: ArrayLike<number>, classes: number): Int32Array {
  const rows = probabilities.length / classes;
  const predicted = new Int32Array(rows);
  for (let i = 0; i < rows; i++) predicted[i] = argmaxRow(probabilities, i * classes, classes);
  return predicted;
}

/** The most probable of the `classes` probabilities from `base` (the first on ties): one row of argmaxRows. */
export function argmaxRow(probabilities: ArrayLike<number>, base: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probabilities[base + c]! > probabilities[base + best]!) best = c;
  return best;
}

/** Share of rows (truth ≥ 0) whose most probable class is the true one. */
export function accuracyOf(truth: Int32Array, probabilities: ArrayLike<number>, classes: number): number {
  const predicted = argmaxRows(probabilities, classes);
  let rows = 0;
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i]! < 0) continue;
    rows++;
    if (predicted[i] === truth[i]) correct++;
  }
  return rows ? correct / rows : NaN;
}

/**
 * Scores from true class indices (−1: missing, skipped) and probabilities (rows × classes, row-major),
 * as scikit-learn's classification_report, balanced_accuracy_score and log_loss compute them: macro
 * averages run over the classes that occur in the truth or the predictions, a class never predicted
 * has precision 0 (zero_division=0), balanced accuracy averages recall over the classes in the truth.
 */
export function scoreClassification(truth: Int32Array, probabilities: ArrayLike<number>, classes: number): ClassificationScores {
  const predicted = argmaxRows(probabilities, classes);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let rows = 0;
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < truth.length; i++) {
    const actual = truth[i]!;
    if (actual < 0) continue;
    confusion[actual]![predicted[i]!]!++;
    if (predicted[i] === actual) correct++;
    logLoss -= Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, probabilities[i * classes + actual]!)));
    rows++;
  }
  const perClass = confusion.map((row, c) => classScores(confusion, row, c));
  const seen = perClass.filter((s, c) => s.support > 0 || confusion.some((r) => r[c]! > 0));
  const inTruth = perClass.filter((s) => s.support > 0);
  const mean = (scores: ClassScores[], key: keyof ClassScores) => (scores.length ? scores.reduce((sum, s) => sum + s[key], 0) / scores.length : NaN);
  return {
    rows,
    confusion,
    accuracy: rows ? correct / rows : NaN,
    balancedAccuracy: mean(inTruth, 'recall'),
    perClass,
    precisionMacro: mean(seen, 'precision'),
    recallMacro: mean(seen, 'recall'),
    f1Macro: mean(seen, 'f1'),
    logLoss: rows ? logLoss / rows : NaN,
  };
}

function classScores(confusion: number[][], row: number[], c: number): ClassScores {
  const tp = row[c]!;
  const support = row.reduce((sum, n) => sum + n, 0);
  const predictedAs = confusion.reduce((sum, r) => sum + r[c]!, 0);
  const precision = predictedAs ? tp / predictedAs : 0;
  const recall = support ? tp / support : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
}
