import type { ModelValue } from '../define-node';
import { tableFromRecords } from '../io/json-records';
import { replayFittedSteps } from '../replay-fitted';
import { argmaxRow } from './metrics/classification-scores';
import { predictTable } from './predict-table';

/**
 * Predictions for raw records, as the prediction API receives them: the model's fitted
 * preprocessing is replayed first. Class names are user data, so probabilities come as a list
 * of pairs rather than an object keyed by class name. Regression models answer `{ value }` per record.
 */
export type ClassPrediction = { label: string; probabilities: { label: string; probability: number }[] };
export type ValuePrediction = { value: number };
export type Prediction = ClassPrediction | ValuePrediction;

/** A model's raw output for a batch of records: probabilities rows × classes, or one value per row. */
export type PredictedBatch = { model: ModelValue; predicted: Float32Array | Float64Array; rows: number };

export async function predictRecords(model: ModelValue, records: readonly unknown[]): Promise<Prediction[]> {
  const { predicted, rows } = await predictRecordsBatch(model, records);
  return formatPredictions(model, predicted, rows);
}

export async function predictRecordsBatch(model: ModelValue, records: readonly unknown[]): Promise<PredictedBatch> {
  const table = replayFittedSteps(tableFromRecords(records), model.fitted);
  return { model, predicted: await predictTable(model, table), rows: table.rowCount };
}

/** A family's raw output (probabilities rows × classes, or one value per row) as the API answers it. */
export function formatPredictions(model: ModelValue, predicted: Float32Array | Float64Array, rows: number): Prediction[] {
  if (model.task === 'regression') return Array.from(predicted, (value) => ({ value }));
  const k = model.classes.length;
  return Array.from({ length: rows }, (_, row) => {
    const scores = model.classes.map((label, c) => ({ label, probability: predicted[row * k + c]! }));
    return { label: model.classes[argmaxRow(predicted, row * k, k)]!, probabilities: scores };
  });
}
