import { UserError, type SplitValue } from '../define-node';
import { createRandom } from '../kernels/random';
import { dropConstantFeatures, selectFeatures } from '../nodes/train-features';
import type { Table } from '../table';
import { requireColumn, tableSchema, takeRows } from '../table-ops';
import { collectClasses, encodeTarget, featureColumns, gatherRows, inferTask } from './feature-columns';
import type { Task, TrainingSet } from './model-family';
import { checkClasses, checkImputedTarget } from './target-checks';
import { findTargetScaling, unscaleTarget, type TargetScaling } from './target-scaling';

export type TrainingOptions = {
  target: string;
  features: string[];
  seed: number;
  /** Share of the training rows held out for early stopping and the validation curve; 0 for none. */
  validationFraction: number;
  classWeights: 'none' | 'balanced';
};
export type PreparedTraining = { task: Task; features: string[]; classes: string[]; set: TrainingSet; targetScaling?: TargetScaling };

/**
 * Everything Train checks and builds before a family fits, with no TensorFlow.js: a preview runs it on
 * the sample so the editor flags what would fail the run. Rows whose target is missing are skipped.
 */
export function prepareTrainingSet(split: SplitValue, options: TrainingOptions, log: (line: string) => void): PreparedTraining {
  const train = split.train;
  const picked = selectFeatures(tableSchema(train), options.target, options.features).features;
  const features = options.features.length > 0 ? picked : dropConstantFeatures(train, picked, log);
  const task = inferTask((requireColumn(train, options.target, 'Train') as { kind: Table['columns'][number]['kind'] }).kind, options.target);
  checkImputedTarget(options.target, split.fitted);
  const classes = task === 'classification' ? collectClasses(train, options.target, 'Train') : [];
  const read = readTarget(train, options.target, task, classes);
  const { labelled } = read;
  const targetScaling = task === 'regression' ? findTargetScaling(split.fitted, options.target) : undefined;
  if (targetScaling) log(`Target '${options.target}' was rescaled upstream; the model learns and predicts it in its own units.`);
  const y = targetScaling ? unscaleTarget(read.y as Float64Array, targetScaling) : read.y;
  if (labelled && labelled.length < train.rowCount) log(`Skipped ${train.rowCount - labelled.length} training rows whose target is missing.`);
  checkTarget(train, options.target, task, classes, y.length);
  // Only labelled rows are checked for missing features: the others are not learned from.
  const columns = featureColumns(labelled ? takeRows(train, labelled) : train, features, 'Train');
  const set: TrainingSet = { task, columns, rows: y.length, y, classes: classes.length, seed: options.seed };
  const withValidation = options.validationFraction > 0 ? holdOut(set, options.validationFraction) : set;
  if (options.classWeights === 'balanced' && task === 'classification') withValidation.weights = balancedWeights(withValidation.y as Int32Array, classes.length);
  return { task, features, classes, set: withValidation, ...(targetScaling ? { targetScaling } : {}) };
}

/** Targets of the labelled rows; `labelled` lists those rows only when some target is missing. */
function readTarget(train: Table, target: string, task: Task, classes: string[]): { y: Int32Array | Float64Array; labelled?: Int32Array } {
  if (task === 'classification') {
    const codes = encodeTarget(train, target, classes, 'Train');
    const labelled = Int32Array.from(codes.keys()).filter((row) => codes[row] >= 0);
    return labelled.length === codes.length ? { y: codes } : { y: Int32Array.from(labelled, (r) => codes[r]), labelled };
  }
  const values = (requireColumn(train, target, 'Train') as { values: Float64Array }).values;
  checkFiniteTarget(values, target);
  const labelled = Int32Array.from(values.keys()).filter((row) => values[row] === values[row]);
  return labelled.length === values.length ? { y: values } : { y: Float64Array.from(labelled, (r) => values[r]), labelled };
}

function checkTarget(train: Table, target: string, task: Task, classes: string[], rows: number): void {
  if (train.rowCount === 0) throw new UserError("Train: the split's training side has no rows. Lower the Split node's test share, or add rows.");
  if (rows === 0) throw new UserError(`Train: target '${target}' is missing in every training row. Pick another target, or Filter the rows that have it.`, { column: target });
  if (task === 'classification') checkClasses(target, classes, rows);
}

/** A missing target skips its row; an infinite one is a bug upstream (e.g. a division by zero) the user should see. */
function checkFiniteTarget(values: Float64Array, target: string): void {
  let infinite = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === Infinity || values[i] === -Infinity) infinite++;
  if (infinite > 0) {
    throw new UserError(`Train: target '${target}' is +/-Infinity in ${infinite} training row${infinite === 1 ? '' : 's'} (e.g. a division by zero upstream). Clip it, or Filter those rows out.`, { column: target });
  }
}

/** Moves a seeded random share of the rows (per class, for classification) into `validation`. */
function holdOut(set: TrainingSet, fraction: number): TrainingSet {
  const held = pickValidationRows(set, fraction);
  if (held.length === 0 || held.length === set.rows) {
    throw new UserError(`Train: a validation fraction of ${fraction} leaves ${held.length === 0 ? 'no validation rows' : 'no training rows'} out of ${set.rows}. Change Validation fraction, or train on more rows.`);
  }
  const isHeld = new Uint8Array(set.rows);
  for (const r of held) isHeld[r] = 1;
  const kept = Int32Array.from(set.y.keys()).filter((r) => !isHeld[r]);
  const take = <T extends Int32Array | Float64Array>(y: T, rows: Int32Array) => y.constructor === Int32Array ? Int32Array.from(rows, (r) => y[r]) : Float64Array.from(rows, (r) => y[r]);
  return {
    ...set,
    columns: gatherRows(set.columns, kept),
    rows: kept.length,
    y: take(set.y, kept),
    validation: { columns: gatherRows(set.columns, held), rows: held.length, y: take(set.y, held) },
  };
}

function pickValidationRows(set: TrainingSet, fraction: number): Int32Array {
  const random = createRandom(set.seed ^ 0x5bd1e995);
  const groups = set.task === 'classification' ? groupByClass(set.y as Int32Array, set.classes) : [Int32Array.from(set.y.keys())];
  const held: number[] = [];
  for (const rows of groups) {
    shuffleInPlace(rows, random);
    held.push(...rows.subarray(0, Math.round(rows.length * fraction)));
  }
  return Int32Array.from(held).sort();
}

export function groupByClass(y: Int32Array, classes: number): Int32Array[] {
  const members: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, row) => members[c].push(row));
  return members.map((rows) => Int32Array.from(rows));
}

export function shuffleInPlace(rows: Int32Array, random: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = t;
  }
}

/** scikit-learn's class_weight='balanced': rows / (classes × rows of that class), so every class weighs the same in total. */
function balancedWeights(y: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const c of y) counts[c]++;
  const perClass = Float64Array.from(counts, (n) => (n > 0 ? y.length / (classes * n) : 0));
  return Float64Array.from(y, (c) => perClass[c]);
}
