import type { CurvePoints } from './thin-curve';

/** ROC and precision-recall curves of one score column against a positive mask, unthinned. */
export type RankCurves = { roc: CurvePoints; pr: CurvePoints; auc: number; averagePrecision: number };

/**
 * Sweeps the distinct scores from high to low, as scikit-learn's roc_curve (drop_intermediate=False)
 * and precision_recall_curve do: ROC starts at (0, 0), the PR curve at (recall 0, precision 1). AUC is the trapezoid area under the ROC curve, which
 * equals the rank statistic with ties counted half; average precision is Σ (Rₙ − Rₙ₋₁) Pₙ.
 * Rows whose `positive` is 255 are skipped. Undefined (NaN) when a side has no rows.
 */
export function rankCurves(scores: ArrayLike<number>, positive: Uint8Array): RankCurves {
  const order: number[] = [];
  let positives = 0;
  for (let i = 0; i < positive.length; i++) {
    if (positive[i] === 255) continue;
    order.push(i);
    positives += positive[i]!;
  }
  order.sort((a, b) => scores[b]! - scores[a]!);
  const negatives = order.length - positives;
  const roc: CurvePoints = { x: [0], y: [0] };
  const pr: CurvePoints = { x: [0], y: [1] };
  let tp = 0;
  let fp = 0;
  let auc = 0;
  let averagePrecision = 0;
  for (let i = 0; i < order.length; i++) {
    if (positive[order[i]!]) tp++;
    else fp++;
    const next = order[i + 1];
    if (next !== undefined && scores[next] === scores[order[i]!]) continue;
    const fpr = negatives ? fp / negatives : NaN;
    const tpr = positives ? tp / positives : NaN;
    auc += ((fpr - roc.x.at(-1)!) * (tpr + roc.y.at(-1)!)) / 2;
    roc.x.push(fpr);
    roc.y.push(tpr);
    const precision = tp / (tp + fp);
    averagePrecision += (tpr - pr.x.at(-1)!) * precision;
    pr.x.push(tpr);
    pr.y.push(precision);
  }
  return { roc, pr, auc: positives && negatives ? auc : NaN, averagePrecision: positives ? averagePrecision : NaN };
}

/** 1 where truth is `cls`, 0 elsewhere, 255 where truth is missing (−1): the one-vs-rest view of a class. */
export function oneVsRest(truth: Int32Array, cls: number): Uint8Array {
  const mask = new Uint8Array(truth.length);
  for (let i = 0; i < truth.length; i++) mask[i] = truth[i]! < 0 ? 255 : truth[i] === cls ? 1 : 0;
  return mask;
}

/** Column `cls` of row-major rows × classes probabilities. */
export function probabilityColumn(probabilities: ArrayLike<number>, classes: number, cls: number): Float64Array {
  const rows = probabilities.length / classes;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = probabilities[i * classes + cls]!;
  return out;
}
