import { UserError, type ImportanceRow, type MetricsValue, type ModelValue } from '../define-node';
import type { Column, Table } from '../table';
import { requireColumn } from '../table-ops';
import { encodeTarget } from './feature-columns';
import { classificationReport } from './metrics/classification-report';
import { accuracyOf } from './metrics/classification-scores';
import { permutationImportance } from './metrics/permutation-importance';
import { r2Of } from './metrics/regression-scores';
import { regressionReport } from './metrics/regression-report';
import type { ModelArtifact } from './model-family';
import { getModelFamily, learningCurveName } from './model-families';
import { predictTable } from './predict-table';
import { unscaleTarget } from './target-scaling';

export type EvaluateOptions = {
  /** The class whose ROC/PR/calibration curves a binary task draws; default the second in sorted order. */
  positiveClass?: string;
  repeats: number;
  seed: number;
  signal?: AbortSignal;
  progress?(fraction: number, message: string): void;
};

/** Rows permutation importance scores at most: 50 features × 5 repeats of 10k rows stays a few seconds. */
export const PERMUTATION_MAX_ROWS = 10_000;

/** A model's full report on labelled (already preprocessed) rows: scores, curves, importance, learning curve. */
export async function evaluateModel(model: ModelValue, table: Table, options: EvaluateOptions): Promise<MetricsValue> {
  if (table.rowCount === 0) throw new UserError("Evaluate: the split's test side has no rows; raise the Split node's test fraction or add rows.");
  const truth = readTruth(model, table);
  const predictions = await predictTable(model, table, 'Evaluate (test rows)');
  const classes = model.task === 'classification' ? model.classes.length : 1;
  if (predictions.length !== table.rowCount * classes) {
    throw new Error(`Evaluate: the ${model.algorithm} model returned ${predictions.length} values for ${table.rowCount} rows × ${classes}.`);
  }
  const report =
    truth instanceof Int32Array
      ? classificationReport(truth, predictions, model.classes, positiveIndex(model, options.positiveClass))
      : regressionReport(truth, predictions, options.seed);
  const builtIn = modelImportance(model);
  const notes = [...(report.notes ?? []), ...unknownClassNote(model, table, truth), ...(builtIn.note ? [builtIn.note] : [])];
  options.progress?.(0.1, 'Scored the test rows');
  return {
    ...report,
    importance: {
      scoring: model.task === 'classification' ? 'accuracy' : 'r2',
      permutation: await permutationRows(model, table, truth, options),
      ...(builtIn.rows ? { model: builtIn.rows } : {}),
    },
    learningCurve: model.history,
    learningCurveName: learningCurveName(model.algorithm, model.hyperparameters),
    ...(notes.length ? { notes } : {}),
  };
}

/** Class indices (−1: missing or a class the model never saw) or numbers (NaN: missing); `where` names the node in messages. */
export function readTruth(model: ModelValue, table: Table, where = 'Evaluate'): Int32Array | Float64Array {
  const col = requireColumn(table, model.target, `${where} (test rows)`) as Column;
  if (model.task === 'classification') {
    const truth = encodeTarget(table, model.target, model.classes, where);
    if (!truth.some((c) => c >= 0)) {
      throw new UserError(`${where}: no test row of '${model.target}' holds a class the model was trained on (${model.classes.join(', ')}); check the split and the target's missing values.`, { column: model.target });
    }
    return truth;
  }
  if (col.kind !== 'number') {
    throw new UserError(`${where}: target '${model.target}' holds ${col.kind === 'date' ? 'dates' : 'categories'} in the test rows; the regression model predicts numbers. Cast it to a number upstream.`, { column: model.target });
  }
  if (!col.values.some((v) => v === v)) throw new UserError(`${where}: every test row of '${model.target}' is missing; there is nothing to score against.`, { column: model.target });
  return model.targetScaling ? unscaleTarget(col.values, model.targetScaling) : col.values;
}

function positiveIndex(model: ModelValue, positiveClass: string | undefined): number {
  if (!positiveClass) return Math.min(1, model.classes.length - 1);
  const index = model.classes.indexOf(positiveClass);
  if (index < 0) throw new UserError(`Evaluate: positive class '${positiveClass}' is not one of the model's classes (${model.classes.join(', ')}). Pick one of them or leave it empty.`);
  return index;
}

function unknownClassNote(model: ModelValue, table: Table, truth: Int32Array | Float64Array): string[] {
  if (!(truth instanceof Int32Array)) return [];
  const col = requireColumn(table, model.target, 'Evaluate') as Column;
  if (col.kind !== 'category') return [];
  let skipped = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i]! < 0 && col.codes[i]! >= 0) skipped++;
  return skipped ? [`${skipped.toLocaleString('en-US')} test row${skipped === 1 ? ' has a class' : 's have classes'} the model never saw in training; they are left out of the scores.`] : [];
}

async function permutationRows(model: ModelValue, table: Table, truth: Int32Array | Float64Array, options: EvaluateOptions): Promise<ImportanceRow[]> {
  const columns = model.features.map((name) => (requireColumn(table, name, 'Evaluate') as Column & { values: Float64Array }).values);
  const asTable = (cols: Float64Array[]): Table => ({ rowCount: cols[0]?.length ?? 0, columns: model.features.map((name, j) => ({ kind: 'number', name, values: cols[j]! })) });
  const k = model.classes.length;
  const result = await permutationImportance({
    columns,
    truth,
    predict: (cols) => predictTable(model, asTable(cols)),
    score: (t, p) => (t instanceof Int32Array ? accuracyOf(t, p, k) : r2Of(t, p)),
    repeats: options.repeats,
    seed: options.seed,
    maxRows: PERMUTATION_MAX_ROWS,
    signal: options.signal,
    progress: (f) => options.progress?.(0.1 + 0.9 * f, `Permutation importance: ${Math.round(f * model.features.length)} of ${model.features.length} features`),
  });
  return result.map((r, j) => ({ feature: model.features[j]!, value: r.mean, std: r.std }));
}

/**
 * The model's own importance (e.g. split gain for trees), normalised to sum to 1, when its family has
 * one. A model whose artifact lacks what importance needs (a Train v1 logistic regression, converted on
 * read without its features' spread) gets a note instead, not a failed Evaluate.
 */
function modelImportance(model: ModelValue): { rows?: ImportanceRow[]; note?: string } {
  const family = getModelFamily(model.algorithm);
  if (!family?.importance) return {};
  let values: Float64Array;
  try {
    values = family.importance(model.artifact as ModelArtifact, model.features.length);
  } catch (error) {
    return { note: `The model's built-in importance is not shown: ${error instanceof Error ? error.message : String(error)} Train the model again to get it.` };
  }
  const total = values.reduce((s, v) => s + Math.abs(v), 0) || 1;
  return { rows: model.features.map((feature, j) => ({ feature, value: values[j]! / total })) };
}
