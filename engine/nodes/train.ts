import { z } from 'zod';
import { defineNode, UserError, type PortSchema, type SplitValue } from '../define-node';
import { chooseFamily, parseHyperparameters } from '../training/choose-family';
import { inferTask } from '../training/feature-columns';
import { getModelFamily, MODEL_FAMILIES } from '../training/model-families';
import { checkTextTarget } from '../training/target-checks';
import { prepareTrainingSet } from '../training/training-set';
import { MODEL_NAME_PATTERN, MODEL_NAME_RULE } from '../registry/model-name';
import { column, columns, forTask, hyperparameters, modelPicker } from '../ui-hints';
import { describeLeftOut, selectFeatures } from './train-features';

const familyIds = MODEL_FAMILIES.map((family) => family.id) as [string, ...string[]];
/** What the picked model predicts, as far as a text target's check needs it. */
function pickedTask(model: string | undefined): 'regression' | 'classification' | 'none' {
  const family = model === undefined ? undefined : getModelFamily(model);
  if (!family) return 'none';
  return family.tasks.includes('classification') ? 'classification' : 'regression';
}

export const trainNode = defineNode({
  type: 'train',
  version: 2,
  title: 'Train',
  category: 'train',
  description: 'Learns to predict the target column from the chosen feature columns of the training rows (by default every numeric column): classes for a category target, a number for a numeric one.',
  inputs: [{ name: 'data', label: 'Split', kinds: ['split'] }],
  outputs: [{ name: 'model', label: 'Model', kinds: ['model'] }],
  params: z.object({
    target: z.string().min(1, 'Pick the column to predict.').meta({ title: 'Target column', description: 'A category column gives a classification model, a number column a regression model.', ...column() }),
    features: z
      .array(z.string())
      .default([])
      .meta({ title: 'Features', description: 'Columns to learn from. Leave empty for every numeric column; the problems list says which columns are left out and why.', ...columns({ except: 'target' }) }),
    model: z
      .enum(familyIds)
      .optional()
      .meta({ title: 'Model type', description: 'Only model types that learn the target’s task are offered. Empty: the first of them.', ...modelPicker('target') }),
    hyperparameters: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ title: 'Model settings', description: 'The chosen model type’s hyperparameters; empty ones take their defaults.', ...hyperparameters('model', 'target') }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42).meta({ title: 'Seed', description: 'The same seed, data and settings give the same model.' }),
    validationFraction: z
      .number()
      .min(0)
      .max(0.5)
      .default(0)
      .meta({ title: 'Validation share', description: 'Training rows held out to stop training early and draw the validation curve, e.g. 0.1. 0 for none.' }),
    classWeights: z
      .enum(['none', 'balanced'])
      .default('none')
      .meta({ title: 'Class weights', description: 'Balanced: every class weighs the same in total, for rare classes (scikit-learn’s class_weight="balanced"). Classification only.', ...forTask('classification', 'target') }),
    crossValidation: z
      .number()
      .int()
      .min(0)
      .max(20)
      .refine((k) => k !== 1, 'Use 0 for no cross-validation, or 2 folds or more.')
      .default(0)
      .meta({ title: 'Cross-validation folds', description: 'k-fold cross-validation on the training rows (stratified for classes) reporting each metric’s mean ± std; 0 for none.' }),
    registerAs: z
      .string()
      .refine((name) => name === '' || MODEL_NAME_PATTERN.test(name), `Register on success as: ${MODEL_NAME_RULE}`)
      .optional()
      .meta({ title: 'Register on success as', description: 'A model name: each run that succeeds registers this model as its next version (see Models). Empty: register by hand from the results.' }),
  }),
  afterRunParams: ['registerAs'],
  migrate(params, fromVersion) {
    if (fromVersion >= 2) return params;
    // v1 had one model, TensorFlow.js logistic regression; its epochs, learningRate, l2 and batchSize do not carry over.
    const { target, features } = params as { target?: string; features?: string[] };
    return { target, features: features ?? [], model: 'logistic_regression', hyperparameters: {} };
  },
  outputSchema(inputs, params): Record<string, PortSchema> {
    const input = inputs.data;
    if (input?.kind !== 'split') throw new UserError("Train: connect a split to the 'data' input.");
    const { features } = selectFeatures(input.schema, params.target, params.features);
    const target = input.schema.columns.find((c) => c.name === params.target)!;
    const task = inferTask(target.kind, params.target);
    if (task === 'classification') checkTextTarget(params.target, target.categories, pickedTask(params.model));
    if (task === 'classification' && target.categories?.length === 1) {
      throw new UserError(`Train: target '${params.target}' has one class only ('${target.categories[0]}'); at least 2 are needed to learn anything. Pick another target.`, { column: params.target });
    }
    const family = chooseFamily(params.model, task, params.target);
    parseHyperparameters(family, params.hyperparameters);
    return { model: { kind: 'model', target: params.target, task, features, algorithm: family.id } };
  },
  warnings(inputs, params) {
    const input = inputs.data;
    return input?.kind === 'split' ? describeLeftOut(selectFeatures(input.schema, params.target, params.features).leftOut) : [];
  },
  // Catches on the sample what would stop the run before fitting, e.g. missing feature values.
  checkSample(inputs, params) {
    const input = inputs.data;
    if (input?.kind === 'split') prepareTrainingSet(input, params, () => {});
  },
  async run(inputs, params, ctx) {
    const input = inputs.data;
    if (input?.kind !== 'split') throw new UserError("Train: connect a split to the 'data' input.");
    const { trainModel } = await import('../training/train-model');
    return { model: await trainModel(input as SplitValue, params, ctx) };
  },
});
