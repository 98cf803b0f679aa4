import { linearRegression } from './linear-regression';
import { logisticRegression } from './logistic-lbfgs';
import type { ModelFamily } from './model-family';

/** Every model type the Train node offers, in the order its picker lists them. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [logisticRegression, linearRegression];

export function getModelFamily(id: string): ModelFamily | undefined {
  return MODEL_FAMILIES.find((family) => family.id === id);
}
