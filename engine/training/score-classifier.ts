import type { MetricsValue, ModelValue } from '../define-node';
import { computeClassificationMetrics } from '../kernels/classification-metrics';
import type { Table } from '../table';
import { encodeTarget } from './feature-columns';
import { predictTable } from './predict-table';

/** Metrics of a model on labelled rows; rows with a missing label, or one the model never saw, are left out. */
export async function scoreClassifier(model: ModelValue, table: Table): Promise<MetricsValue> {
  const probabilities = await predictTable(model, table);
  const truth = encodeTarget(table, model.target, model.classes, 'Evaluate');
  return computeClassificationMetrics(truth, probabilities, model.classes);
}
