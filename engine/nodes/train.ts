import { z } from 'zod';
import { defineNode, UserError, type PortSchema } from '../define-node';
import { prepareTrainingRows } from '../training/training-rows';
import { column, columns } from '../ui-hints';
import { describeLeftOut, selectFeatures } from './train-features';

export const trainNode = defineNode({
  type: 'train',
  version: 1,
  title: 'Train',
  category: 'train',
  description: 'Learns to predict the target column from the chosen feature columns of the training rows (by default every numeric column).',
  inputs: [{ name: 'data', label: 'Split', kinds: ['split'] }],
  outputs: [{ name: 'model', label: 'Model', kinds: ['model'] }],
  params: z.object({
    model: z.enum(['logistic_regression']).default('logistic_regression').meta({ title: 'Model type' }),
    target: z.string().min(1, 'Pick the column to predict.').meta({ title: 'Target column', ...column({ columnKind: 'category' }) }),
    features: z
      .array(z.string())
      .default([])
      .meta({ title: 'Features', description: 'Columns to learn from. Leave empty for every numeric column; the problems list says which columns are left out and why.', ...columns() }),
    epochs: z.number().int().min(1).max(10_000).default(100).meta({ title: 'Epochs', description: 'Passes over the training rows.' }),
    learningRate: z.number().positive().max(10).default(0.05).meta({ title: 'Learning rate' }),
    l2: z.number().min(0).max(10).default(0.0001).meta({ title: 'L2 regularization' }),
    batchSize: z.number().int().min(1).max(65_536).default(32).meta({ title: 'Batch size' }),
  }),
  outputSchema(inputs, params): Record<string, PortSchema> {
    const input = inputs.data;
    if (input?.kind !== 'split') throw new UserError("Train: connect a split to the 'data' input.");
    return { model: { kind: 'model', target: params.target, task: 'classification', features: selectFeatures(input.schema, params.target, params.features).features } };
  },
  warnings(inputs, params) {
    const input = inputs.data;
    return input?.kind === 'split' ? describeLeftOut(selectFeatures(input.schema, params.target, params.features).leftOut) : [];
  },
  // Catches on the sample what would stop the run before fitting, e.g. missing feature values.
  checkSample(inputs, params) {
    const input = inputs.data;
    if (input?.kind === 'split') prepareTrainingRows(input, params, () => {});
  },
  async run(inputs, params, ctx) {
    const input = inputs.data;
    if (input?.kind !== 'split') throw new UserError("Train: connect a split to the 'data' input.");
    const { fitLogisticModel } = await import('../training/fit-logistic-model');
    return { model: await fitLogisticModel(input, params, ctx) };
  },
});
