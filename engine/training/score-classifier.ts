import type { MetricsValue, ModelValue } from '../define-node';
import { computeClassificationMetrics } from '../kernels/classification-metrics';
import type { Table } from '../table';
import { buildFeatureMatrix, encodeTarget } from './feature-matrix';
import { predictProbabilities, type LogisticArtifact } from './logistic-regression';

/** Class probabilities for every row of an already-preprocessed table (rows × classes). */
export async function predictTable(model: ModelValue, table: Table): Promise<Float32Array> {
  const x = buildFeatureMatrix(table, model.features, 'Predict');
  return predictProbabilities(model.artifact as LogisticArtifact, x, table.rowCount, model.features.length);
}

/** Metrics of a model on labelled rows; rows with a missing label, or one the model never saw, are left out. */
export async function scoreClassifier(model: ModelValue, table: Table): Promise<MetricsValue> {
  const probabilities = await predictTable(model, table);
  const truth = encodeTarget(table, model.target, model.classes, 'Evaluate');
  return computeClassificationMetrics(truth, probabilities, model.classes);
}
