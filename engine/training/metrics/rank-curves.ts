/** A curve before thinning: one point per distinct score, in typed arrays (no growth, no boxing). */
export type RawCurve = { x: Float64Array; y: Float64Array };

/** ROC and precision-recall curves of one score column against a positive mask, unthinned. */
export type RankCurves = { roc: RawCurve; pr: RawCurve; auc: number; averagePrecision: number };

/**
 * Sweeps the distinct scores from high to low, as scikit-learn's roc_curve (drop_intermediate=False)
 * and precision_recall_curve do: ROC starts at (0, 0), the PR curve at (recall 0, precision 1). AUC is the trapezoid area under the ROC curve, which
 * equals the rank statistic with ties counted half; average precision is Σ (Rₙ − Rₙ₋₁) Pₙ.
 * Rows whose `positive` is 255 are skipped. Undefined (NaN) when a side has no rows.
 */
export function rankCurves(scores: ArrayLike<number>, positive: Uint8Array): RankCurves {
  const [pos, neg] = splitScores(scores, positive);
  const points = countDistinct(pos, neg) + 1;
  const roc: RawCurve = { x: new Float64Array(points), y: new Float64Array(points) };
  const pr: RawCurve = { x: new Float64Array(points), y: new Float64Array(points) };
  pr.y[0] = 1;
  let k = 0;
  let tp = 0;
  let fp = 0;
  let auc = 0;
  let averagePrecision = 0;
  let lastFpr = 0;
  let lastTpr = 0;
  // Walk both ascending-sorted arrays from the top, one distinct threshold at a time.
  let i = pos.length - 1;
  let j = neg.length - 1;
  while (i >= 0 || j >= 0) {
    const threshold = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
    while (i >= 0 && pos[i] === threshold) (tp++, i--);
    while (j >= 0 && neg[j] === threshold) (fp++, j--);
    const fpr = neg.length ? fp / neg.length : NaN;
    const tpr = pos.length ? tp / pos.length : NaN;
    const precision = tp / (tp + fp);
    auc += ((fpr - lastFpr) * (tpr + lastTpr)) / 2;
    averagePrecision += (tpr - lastTpr) * precision;
    lastFpr = fpr;
    lastTpr = tpr;
    k++;
    roc.x[k] = fpr;
    roc.y[k] = tpr;
    pr.x[k] = tpr;
    pr.y[k] = precision;
  }
  return { roc, pr, auc: pos.length && neg.length ? auc : NaN, averagePrecision: pos.length ? averagePrecision : NaN };
}

/**
 * Scores of the positive and of the negative rows, each sorted ascending by the typed arrays' native
 * numeric sort (several times faster than sorting row indices with a comparator). NaN scores are left out.
 */
function splitScores(scores: ArrayLike<number>, positive: Uint8Array): [Float64Array, Float64Array] {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < positive.length; i++) {
    if (scores[i] !== scores[i]) continue;
    if (positive[i] === 1) positives++;
    else if (positive[i] === 0) negatives++;
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, n = 0; i < positive.length; i++) {
    if (scores[i] !== scores[i]) continue;
    if (positive[i] === 1) pos[p++] = scores[i]!;
    else if (positive[i] === 0) neg[n++] = scores[i]!;
  }
  return [pos.sort(), neg.sort()];
}

/** Distinct values across two ascending-sorted arrays. */
function countDistinct(a: Float64Array, b: Float64Array): number {
  let count = 0;
  let i = 0;
  let j = 0;
  let last = NaN;
  while (i < a.length || j < b.length) {
    const v = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    if (v !== last) count++;
    last = v;
    if (i < a.length && a[i] === v) i++;
    else j++;
  }
  return count;
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
