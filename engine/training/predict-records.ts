import type { ModelValue } from '../define-node';
import { tableFromRecords } from '../io/json-records';
import { replayFittedSteps } from '../replay-fitted';
import { predictTable } from './predict-table';

/**
 * Predictions for raw records, as the prediction API receives them: the model's fitted
 * preprocessing is replayed first. Class names are user data, so probabilities come as a list
 * of pairs rather than an object keyed by class name.
 */
export type Prediction = { label: string; probabilities: { label: string; probability: number }[] };

export async function predictRecords(model: ModelValue, records: readonly unknown[]): Promise<Prediction[]> {
  const table = replayFittedSteps(tableFromRecords(records), model.fitted);
  const probabilities = await predictTable(model, table);
  const k = model.classes.length;
  return Array.from({ length: table.rowCount }, (_, row) => {
    const scores = model.classes.map((label, c) => ({ label, probability: probabilities[row * k + c] }));
    const best = scores.reduce((a, b) => (b.probability > a.probability ? b : a));
    return { label: best.label, probabilities: scores };
  });
}
