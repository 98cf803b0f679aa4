import { describe, expect, it } from 'vitest';
import { calibrationCurve } from './calibration-curve';
import { classificationReport } from './classification-report';
import { scoreClassification } from './classification-scores';
import { permutationImportance } from './permutation-importance';
import { oneVsRest, rankCurves } from './rank-curves';
import { r2Of, regressionPlots, scoreRegression } from './regression-scores';
import { thinCurve } from './thin-curve';

/*
 * Reference values below were computed once with scikit-learn 1.x under /usr/bin/python3
 * (Debian's python3-sklearn) on exactly these arrays: accuracy_score, balanced_accuracy_score,
 * roc_auc_score (multi_class='ovr' for three classes), average_precision_score, log_loss,
 * precision_recall_fscore_support, confusion_matrix, roc_curve(drop_intermediate=False),
 * precision_recall_curve (reversed to ascending recall), calibration_curve(n_bins=10),
 * r2_score, sqrt(mean_squared_error), mean_absolute_error, mean_absolute_percentage_error.
 */
const binaryTruth = Int32Array.from([0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0]);
const positiveScores = [0.1, 0.8, 0.65, 0.3, 0.65, 0.7, 0.9, 0.2, 0.4, 0.05, 0.55, 0.5];
const binaryProbabilities = Float64Array.from(positiveScores.flatMap((p) => [1 - p, p]));
const threeTruth = Int32Array.from([0, 1, 2, 2, 1, 0, 2, 1, 0, 1]);
const threeProbabilities = Float64Array.from(
  [[0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3], [0.1, 0.8, 0.1], [0.4, 0.4, 0.2], [0.2, 0.2, 0.6], [0.5, 0.3, 0.2], [0.6, 0.3, 0.1], [0.2, 0.3, 0.5]].flat(),
);

describe('classification scores against scikit-learn', () => {
  it('binary: accuracy, balanced accuracy, log loss, per-class scores, confusion matrix', () => {
    const s = scoreClassification(binaryTruth, binaryProbabilities, 2);
    expect(s.accuracy).toBeCloseTo(0.8333333333333334, 12);
    expect(s.balancedAccuracy).toBeCloseTo(0.8333333333333334, 12);
    expect(s.logLoss).toBeCloseTo(0.5265515979152205, 12);
    expect(s.confusion).toEqual([[5, 1], [1, 5]]);
    expect(s.perClass.map((c) => c.support)).toEqual([6, 6]);
    expect(s.perClass[1]!.f1).toBeCloseTo(0.8333333333333334, 12);
  });

  it('multiclass: macro averages, balanced accuracy, confusion matrix, one-vs-rest AUC', () => {
    const s = scoreClassification(threeTruth, threeProbabilities, 3);
    expect(s.accuracy).toBeCloseTo(0.7, 12);
    expect(s.balancedAccuracy).toBeCloseTo(0.7222222222222222, 12);
    expect(s.precisionMacro).toBeCloseTo(0.6944444444444443, 12);
    expect(s.recallMacro).toBeCloseTo(0.7222222222222222, 12);
    expect(s.f1Macro).toBeCloseTo(0.6984126984126985, 12);
    expect(s.logLoss).toBeCloseTo(0.7333651691962823, 12);
    expect(s.confusion).toEqual([[3, 0, 0], [1, 2, 1], [0, 1, 2]]);
    expect(s.perClass.map((c) => c.precision)).toEqual([0.75, 2 / 3, 2 / 3]);
    const report = classificationReport(threeTruth, threeProbabilities, ['a', 'b', 'c'], 1);
    expect(report.metrics.roc_auc).toBeCloseTo(0.8769841269841271, 12);
    expect(report.curves?.roc?.map((c) => c.label)).toEqual(['a', 'b', 'c']);
  });

  it('matches scores worked out by hand', () => {
    // Predictions no, yes, no for truths no, yes, yes: class yes has precision 1/1 and recall 1/2.
    const s = scoreClassification(Int32Array.from([0, 1, 1, -1]), Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.5, 0.5]), 2);
    expect(s.confusion).toEqual([[1, 0], [1, 1]]);
    expect(s.accuracy).toBeCloseTo(2 / 3);
    expect(s.precisionMacro).toBeCloseTo((0.5 + 1) / 2);
    expect(s.recallMacro).toBeCloseTo((1 + 0.5) / 2);
    expect(s.balancedAccuracy).toBeCloseTo((1 + 0.5) / 2);
    expect(s.f1Macro).toBeCloseTo((2 / 3 + 2 / 3) / 2);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 5);
  });

  it('skips rows whose truth is missing (−1)', () => {
    const s = scoreClassification(Int32Array.from([0, -1, 1]), Float64Array.from([0.9, 0.1, 0.1, 0.9, 0.2, 0.8]), 2);
    expect(s.rows).toBe(2);
    expect(s.accuracy).toBe(1);
  });
});

describe('ranking curves against scikit-learn', () => {
  const curves = rankCurves(positiveScores, oneVsRest(binaryTruth, 1));

  it('ROC curve and AUC, ties as one step', () => {
    expect(curves.auc).toBeCloseTo(0.8055555555555556, 12);
    expect(Array.from(curves.roc.x)).toEqual([0, 0, 0, 1 / 6, 1 / 6, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 4 / 6, 5 / 6, 1].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(curves.roc.y)).toEqual([0, 1 / 6, 2 / 6, 2 / 6, 4 / 6, 5 / 6, 5 / 6, 5 / 6, 5 / 6, 1, 1, 1].map((v) => expect.closeTo(v, 12)));
  });

  it('precision-recall curve and average precision', () => {
    expect(curves.averagePrecision).toBeCloseTo(0.8388888888888888, 12);
    expect(Array.from(curves.pr.y)).toEqual([1, 1, 1, 2 / 3, 0.8, 5 / 6, 5 / 7, 0.625, 5 / 9, 0.6, 6 / 11, 0.5].map((v) => expect.closeTo(v, 12)));
  });

  it('a perfect ranking has AUC 1; an all-positive truth has none', () => {
    expect(rankCurves([0.1, 0.2, 0.8, 0.9], Uint8Array.from([0, 0, 1, 1])).auc).toBe(1);
    expect(rankCurves([0.1, 0.2], Uint8Array.from([1, 1])).auc).toBeNaN();
  });

  it('binary reports draw the chosen positive class', () => {
    const report = classificationReport(binaryTruth, binaryProbabilities, ['no', 'yes'], 0);
    expect(report.curves?.roc?.map((c) => c.label)).toEqual(['no']);
    // Class 0 scored by its own probability 1 − p ranks the rows in reverse: the same AUC.
    expect(report.metrics.roc_auc).toBeCloseTo(0.8055555555555556, 12);
    expect(report.curves?.roc?.[0]!.x.at(-1)).toBe(1);
  });
});

describe('calibration curve against scikit-learn', () => {
  it('uniform bins, empty bins left out, edges in the lower bin', () => {
    const c = calibrationCurve(positiveScores, oneVsRest(binaryTruth, 1));
    expect(c.y).toEqual([0, 1, 0, 0, 0, 1, 2 / 3, 1, 1].map((v) => expect.closeTo(v, 12)));
    expect(c.x).toEqual([0.075, 0.2, 0.3, 0.4, 0.5, 0.55, 2 / 3, 0.8, 0.9].map((v) => expect.closeTo(v, 12)));
  });
});

describe('regression scores', () => {
  const truth = Float64Array.from([3.0, -0.5, 2.0, 7.0, 4.2, 1.5]);
  const predicted = Float64Array.from([2.5, 0.0, 2.1, 7.8, 3.9, 1.0]);

  it('match scikit-learn', () => {
    const s = scoreRegression(truth, predicted);
    expect(s.r2).toBeCloseTo(0.9546192893401015, 12);
    expect(s.rmse).toBeCloseTo(0.4983305462575351, 12);
    expect(s.mae).toBeCloseTo(0.45, 12);
    expect(s.mape).toBeCloseTo(0.2892857142857143, 12);
    expect(s.mapeSkipped).toBe(0);
  });

  it('MAPE skips zero targets and counts them; missing truth is skipped', () => {
    const s = scoreRegression(Float64Array.from([0, 2, NaN, 4]), Float64Array.from([1, 1, 5, 5]));
    expect(s.rows).toBe(3);
    expect(s.mape).toBeCloseTo((0.5 + 0.25) / 2, 12);
    expect(s.mapeSkipped).toBe(1);
    expect(s.mae).toBeCloseTo(1, 12);
  });

  it('samples at most the cap, seeded, with residual = actual − predicted', () => {
    const n = 5000;
    const y = Float64Array.from({ length: n }, (_, i) => i);
    const p = Float64Array.from({ length: n }, (_, i) => i + 1);
    const a = regressionPlots(y, p, 1000, 7);
    expect(a.scatter.x).toHaveLength(1000);
    expect(a.residuals.y.every((r) => r === -1)).toBe(true);
    expect(regressionPlots(y, p, 1000, 7).scatter.x).toEqual(a.scatter.x);
    expect(regressionPlots(y, p, 1000, 8).scatter.x).not.toEqual(a.scatter.x);
  });
});

describe('thinCurve', () => {
  it('keeps endpoints and corners, caps the count', () => {
    const n = 10_000;
    const x = Array.from({ length: n }, (_, i) => i / (n - 1));
    const y = x.map((v) => (v < 0.3 ? v * 3 : 0.9));
    const thin = thinCurve({ x, y }, 200);
    expect(thin.x).toHaveLength(200);
    expect([thin.x[0], thin.x.at(-1)]).toEqual([0, 1]);
    expect(Math.min(...thin.x.map((v) => Math.abs(v - 0.3)))).toBeLessThan(0.002);
  });
});

describe('permutation importance', () => {
  const n = 2000;
  const informative = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (1 + (i % 7)));
  const noise = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 13);
  const truth = Float64Array.from(informative, (v) => 2 * v);
  const predict = (columns: Float64Array[]) => Float64Array.from(columns[0]!, (v) => 2 * v);

  it('gives the used feature a large drop and the unused one exactly 0', async () => {
    const result = await permutationImportance({ columns: [informative, noise], truth, predict, score: (t, p) => r2Of(t as Float64Array, p), repeats: 5, seed: 1, maxRows: 10_000 });
    expect(result[0]!.mean).toBeGreaterThan(1);
    expect(result[0]!.std).toBeGreaterThan(0);
    expect(result[1]).toEqual({ mean: 0, std: 0 });
  });

  it('is deterministic with a seed, and scores at most maxRows rows', async () => {
    const sizes: number[] = [];
    const options = {
      columns: [informative, noise],
      truth,
      predict: (columns: Float64Array[]) => (sizes.push(columns[0]!.length), predict(columns)),
      score: (t: Int32Array | Float64Array, p: ArrayLike<number>) => r2Of(t as Float64Array, p),
      repeats: 3,
      seed: 4,
      maxRows: 500,
    };
    const a = await permutationImportance(options);
    expect(await permutationImportance(options)).toEqual(a);
    expect(new Set(sizes)).toEqual(new Set([500]));
    expect(sizes).toHaveLength(2 * (1 + 2 * 3));
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(permutationImportance({ columns: [informative], truth, predict, score: () => 1, repeats: 5, seed: 1, maxRows: 100, signal: controller.signal })).rejects.toThrow('cancelled');
  });
});
