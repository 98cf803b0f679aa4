import { UserError, type ModelValue, type RunContext } from '../define-node';
import { createRandom } from '../kernels/random';
import { gatherRows } from './feature-columns';
import { checkFiniteLoss } from './fit-checkpoint';
import { scoreClassification } from './metrics/classification-scores';
import { scoreRegression } from './metrics/regression-scores';
import type { ModelFamily, TrainingSet } from './model-family';
import { groupByClass, shuffleInPlace } from './training-set';

type Progress = (fraction: number, message: string) => void;

/**
 * k-fold cross-validation (stratified for classification, folds drawn with the seed): fits the family k
 * times, each on all folds but one, scores the held-out fold, and reports each metric's mean and standard
 * deviation. Learning curves of the folds are not streamed: the live curve is the final model's.
 */
export async function crossValidate(
  family: ModelFamily,
  hyperparameters: Record<string, unknown>,
  set: TrainingSet,
  classes: string[],
  folds: number,
  ctx: Pick<RunContext, 'signal'> & { progress: Progress },
): Promise<NonNullable<ModelValue['crossValidation']>> {
  if (set.rows < folds) throw new UserError(`Train: ${folds}-fold cross-validation needs at least ${folds} training rows; there are ${set.rows}. Use fewer folds.`);
  const foldOf = assignFolds(set, folds);
  const scores: Record<string, number>[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const label = `Fold ${fold + 1} of ${folds}`;
    ctx.progress(fold / folds, label);
    const held = rowsWhere(foldOf, (f) => f === fold);
    const kept = rowsWhere(foldOf, (f) => f !== fold);
    const train: TrainingSet = { ...set, columns: gatherRows(set.columns, kept), rows: kept.length, y: takeY(set.y, kept), weights: set.weights && Float64Array.from(kept, (r) => set.weights![r]) };
    const artifact = await family.fit(train, hyperparameters, {
      signal: ctx.signal,
      progress: (f, message) => ctx.progress((fold + f) / folds, `${label} · ${message}`),
      curve: (point) => checkFiniteLoss(family.title, point),
    });
    const predicted = await family.predict(artifact, gatherRows(set.columns, held), held.length);
    const truth = takeY(set.y, held);
    scores.push(set.task === 'classification' ? classificationScores(truth as Int32Array, predicted, classes) : regressionScores(truth as Float64Array, predicted));
  }
  return { folds, metrics: summarize(scores) };
}

function assignFolds(set: TrainingSet, folds: number): Int32Array {
  const random = createRandom(set.seed ^ 0x2c1b3c6d);
  const groups = set.task === 'classification' ? groupByClass(set.y as Int32Array, set.classes) : [Int32Array.from(set.y.keys())];
  const foldOf = new Int32Array(set.rows);
  // Dealing each class's shuffled rows round-robin, continuing where the previous class stopped, keeps folds within one row of each other.
  let next = 0;
  for (const rows of groups) {
    shuffleInPlace(rows, random);
    for (const row of rows) foldOf[row] = next++ % folds;
  }
  return foldOf;
}

function rowsWhere(foldOf: Int32Array, keep: (fold: number) => boolean): Int32Array {
  return Int32Array.from(foldOf.keys()).filter((row) => keep(foldOf[row]));
}

function takeY(y: Int32Array | Float64Array, rows: Int32Array): Int32Array | Float64Array {
  return y instanceof Int32Array ? Int32Array.from(rows, (r) => y[r]) : Float64Array.from(rows, (r) => y[r]);
}

function classificationScores(truth: Int32Array, probabilities: Float64Array, classes: string[]): Record<string, number> {
  const scores = scoreClassification(truth, probabilities, classes.length);
  return { accuracy: scores.accuracy, balanced_accuracy: scores.balancedAccuracy, f1_macro: scores.f1Macro, log_loss: scores.logLoss };
}

/** R², RMSE and MAE of one fold, by the kernels Evaluate reports on the test rows. */
function regressionScores(truth: Float64Array, predicted: Float64Array): Record<string, number> {
  const { r2, rmse, mae } = scoreRegression(truth, predicted);
  return { r2, rmse, mae };
}

function summarize(scores: Record<string, number>[]): Record<string, { mean: number; std: number }> {
  const names = Object.keys(scores[0] ?? {});
  return Object.fromEntries(
    names.map((name) => {
      const values = scores.map((s) => s[name]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
      return [name, { mean, std }];
    }),
  );
}
