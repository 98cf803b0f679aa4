import { UserError, type ModelValue, type RunContext, type SplitValue } from '../define-node';
import { tableSchema, takeRows } from '../table-ops';
import { selectFeatures } from '../nodes/train';
import { dropConstantFeatures } from '../nodes/train-features';
import { buildFeatureMatrix, collectClasses, encodeTarget } from './feature-matrix';
import { trainLogisticRegression, type LogisticOptions } from './logistic-regression';

/** Train node body: rows with a missing target are left out; the model carries the split's fitted steps. */
export async function fitLogisticModel(split: SplitValue, params: LogisticOptions & { target: string; model: string; features: string[] }, ctx: RunContext): Promise<ModelValue> {
  const picked = selectFeatures(tableSchema(split.train), params.target, params.features).features;
  const features = params.features.length > 0 ? picked : dropConstantFeatures(split.train, picked, (line) => ctx.log(line));
  const classes = collectClasses(split.train, params.target, 'Train');
  if (classes.length < 2) {
    throw new UserError(`Train: target '${params.target}' has ${classes.length} distinct value${classes.length === 1 ? '' : 's'} in the training rows; at least 2 are needed to learn anything.`, { column: params.target });
  }
  const allTargets = encodeTarget(split.train, params.target, classes, 'Train');
  const labelled = Int32Array.from(allTargets.keys()).filter((row) => allTargets[row] >= 0);
  if (labelled.length < allTargets.length) ctx.log(`Skipped ${allTargets.length - labelled.length} training rows whose target is missing.`);
  const train = labelled.length < allTargets.length ? takeRows(split.train, labelled) : split.train;
  const x = buildFeatureMatrix(train, features, 'Train');
  const y = Int32Array.from(labelled, (row) => allTargets[row]);
  const { artifact, history } = await trainLogisticRegression(x, y, { rows: train.rowCount, features: features.length, classes: classes.length }, params, {
    signal: ctx.signal,
    onEpoch(epoch, loss, accuracy) {
      ctx.progress(epoch / params.epochs, `Epoch ${epoch} of ${params.epochs}`);
      ctx.metric('loss', loss, epoch);
      if (!Number.isNaN(accuracy)) ctx.metric('accuracy', accuracy, epoch);
    },
  });
  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('Training was cancelled.');
  return { kind: 'model', algorithm: params.model, task: 'classification', target: params.target, features, classes, artifact, fitted: split.fitted, history };
}
