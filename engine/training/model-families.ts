import { decisionTree } from './decision-tree';
import { gradientBoosting } from './gradient-boosting';
import { linearRegression } from './linear-regression';
import { logisticRegression } from './logistic-lbfgs';
import type { ModelFamily, Task } from './model-family';
import { neuralNetwork } from './neural-network';
import { randomForest } from './random-forest';

/** Every model type the Train node offers, in the order its picker lists them. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [logisticRegression, linearRegression, decisionTree, randomForest, gradientBoosting, neuralNetwork];

export function getModelFamily(id: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((family) => family.id === id);
}

/** The families that learn `task`, in picker order; the first is the Train node's default. */
export function familiesFor(task: Task): ModelFamily[] {
  return MODEL_FAMILIES.filter((family) => family.tasks.includes(task));
}
