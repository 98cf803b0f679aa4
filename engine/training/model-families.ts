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

/**
 * What a trained model's learning curve (its `loss` and `metric`) is measured on, for its labels: "Out-of-bag"
 * for a bootstrapped random forest, else "Training". `hyperparameters` as the model stores them, defaults filled in.
 */
export function learningCurveName(algorithm: string, hyperparameters: unknown): string {
  const family = getModelFamily(algorithm);
  const params = family?.params.safeParse(hyperparameters ?? {});
  return (params?.success && family?.curveName?.(params.data)) || 'Training';
}

/** The families that learn `task`, in picker order; the first is the Train node's default. */
export function familiesFor(task: Task): ModelFamily[] {
  return MODEL_FAMILIES.filter((family) => family.tasks.includes(task));
}
