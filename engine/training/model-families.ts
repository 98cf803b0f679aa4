import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import type { ModelFamily } from './model-family';
import { randomForest } from './random-forest';

/** Every model type the Train node offers, in the order its picker lists them. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [decisionTree, randomForest, gradientBoosting];

export function getModelFamily(id: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((family) => family.id === id);
}
