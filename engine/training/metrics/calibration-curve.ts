import type { CurvePoints } from './thin-curve';

/**
 * Reliability diagram as scikit-learn's calibration_curve(strategy='uniform'): `bins` equal-width bins
 * over [0, 1] (edges i × 1/bins, as numpy's linspace spells them), a probability on an inner edge
 * falling in the lower bin; x is the mean predicted probability and y the fraction of positives, for
 * non-empty bins only. Rows whose `positive` is 255 are skipped.
 */
export function calibrationCurve(scores: ArrayLike<number>, positive: Uint8Array, bins = 10): CurvePoints {
  const step = 1 / bins;
  const edges = Array.from({ length: bins - 1 }, (_, i) => (i + 1) * step);
  const count = new Float64Array(bins);
  const sumPredicted = new Float64Array(bins);
  const sumPositive = new Float64Array(bins);
  for (let i = 0; i < positive.length; i++) {
    if (positive[i] === 255) continue;
    const p = scores[i]!;
    let b = 0;
    while (b < edges.length && edges[b]! < p) b++;
    count[b]++;
    sumPredicted[b] += p;
    sumPositive[b] += positive[i]!;
  }
  const curve: CurvePoints = { x: [], y: [] };
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    curve.x.push(sumPredicted[b]! / count[b]!);
    curve.y.push(sumPositive[b]! / count[b]!);
  }
  return curve;
}
