import { UserError, type ModelValue } from '../define-node';
import type { Table } from '../table';
import { featureColumns } from './feature-columns';
import { getModelFamily } from './model-families';
import { refuseTrainV1Artifact } from './train-v1-model';

/**
 * A model's predictions for every row of an already-preprocessed table: class probabilities
 * (rows × classes, row-major) for classification, one value per row for regression. `where` names the
 * caller in messages about the rows (e.g. a test feature with missing values).
 */
export async function predictTable(model: ModelValue, table: Table, where = 'Predict'): Promise<Float32Array | Float64Array> {
  const family = getModelFamily(model.algorithm);
  if (!family) {
    throw new UserError(`This model was trained with '${model.algorithm}', which this version of Pipewright does not know. Train it again.`);
  }
  refuseTrainV1Artifact(model);
  return family.predict(model.artifact, featureColumns(table, model.features, where), table.rowCount);
}
