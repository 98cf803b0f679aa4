import { UserError, type SplitValue } from '../define-node';
import { dropConstantFeatures, selectFeatures } from '../nodes/train-features';
import type { Table } from '../table';
import { tableSchema, takeRows } from '../table-ops';
import { buildFeatureMatrix, collectClasses, encodeTarget } from './feature-matrix';

export type TrainingRows = { features: string[]; classes: string[]; train: Table; x: Float32Array; y: Int32Array };

/**
 * Everything Train checks before it fits (features, at least two classes, no missing feature values),
 * with no TensorFlow.js: a preview runs it on the sample so the editor flags what would fail the run.
 */
export function prepareTrainingRows(split: SplitValue, params: { target: string; features: string[] }, log: (line: string) => void): TrainingRows {
  const picked = selectFeatures(tableSchema(split.train), params.target, params.features).features;
  const features = params.features.length > 0 ? picked : dropConstantFeatures(split.train, picked, log);
  const classes = collectClasses(split.train, params.target, 'Train');
  if (classes.length < 2) {
    throw new UserError(`Train: target '${params.target}' has ${classes.length} distinct value${classes.length === 1 ? '' : 's'} in the training rows; at least 2 are needed to learn anything.`, { column: params.target });
  }
  const allTargets = encodeTarget(split.train, params.target, classes, 'Train');
  const labelled = Int32Array.from(allTargets.keys()).filter((row) => allTargets[row] >= 0);
  if (labelled.length < allTargets.length) log(`Skipped ${allTargets.length - labelled.length} training rows whose target is missing.`);
  const train = labelled.length < allTargets.length ? takeRows(split.train, labelled) : split.train;
  const x = buildFeatureMatrix(train, features, 'Train');
  const y = Int32Array.from(labelled, (row) => allTargets[row]);
  return { features, classes, train, x, y };
}
