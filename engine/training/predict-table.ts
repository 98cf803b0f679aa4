import type { ModelValue } from '../define-node';
import type { Table } from '../table';
import { buildFeatureMatrix } from './feature-matrix';
import { predictProbabilities, type LogisticArtifact } from './logistic-regression';

/**
 * A model's predictions for every row of an already-preprocessed table: class probabilities
 * (rows × classes, row-major) for classification, one value per row for regression.
 */
export async function predictTable(model: ModelValue, table: Table): Promise<Float32Array | Float64Array> {
  const x = buildFeatureMatrix(table, model.features, 'Predict');
  return predictProbabilities(model.artifact as LogisticArtifact, x, table.rowCount, model.features.length);
}
