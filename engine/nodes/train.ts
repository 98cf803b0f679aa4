import { z } from 'zod';
import { defineNode, UserError, type PortSchema } from '../define-node';
import type { TableSchema } from '../table';
import { column } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';

/** Features are every numeric column except the target; a leftover category column is a user error. */
export function selectFeatures(schema: TableSchema, target: string): string[] {
  checkSchemaColumns(schema, [target], 'Train');
  const targetColumn = schema.columns.find((c) => c.name === target)!;
  if (targetColumn.kind !== 'category') {
    throw new UserError(`Train: target '${target}' holds ${targetColumn.kind === 'date' ? 'dates' : 'numbers'}; logistic regression predicts categories. Pick a category column as the target.`, { column: target });
  }
  const others = schema.columns.filter((c) => c.name !== target);
  const date = others.find((c) => c.kind === 'date');
  if (date) {
    throw new UserError(`Train: column '${date.name}' holds dates, but every feature must be a number. Add a Date parts node for '${date.name}' (year, month, weekday, …) with "drop the date column" on, before Train.`, { column: date.name });
  }
  const text = others.find((c) => c.kind !== 'number');
  if (text) {
    throw new UserError(`Train: column '${text.name}' holds categories, but every feature must be a number. Add a One-hot step for '${text.name}' before Train.`, { column: text.name });
  }
  if (others.length === 0) throw new UserError('Train: there are no feature columns besides the target. Add numeric columns to learn from.');
  return others.map((c) => c.name);
}

export const trainNode = defineNode({
  type: 'train',
  version: 1,
  title: 'Train',
  category: 'train',
  description: 'Learns to predict the target column from every numeric column of the training rows.',
  inputs: [{ name: 'data', label: 'Split', kinds: ['split'] }],
  outputs: [{ name: 'model', label: 'Model', kinds: ['model'] }],
  params: z.object({
    model: z.enum(['logistic_regression']).default('logistic_regression').meta({ title: 'Model type' }),
    target: z.string().min(1, 'Pick the column to predict.').meta({ title: 'Target column', ...column({ columnKind: 'category' }) }),
    epochs: z.number().int().min(1).max(10_000).default(100).meta({ title: 'Epochs', description: 'Passes over the training rows.' }),
    learningRate: z.number().positive().max(10).default(0.05).meta({ title: 'Learning rate' }),
    l2: z.number().min(0).max(10).default(0.0001).meta({ title: 'L2 regularization' }),
    batchSize: z.number().int().min(1).max(65_536).default(32).meta({ title: 'Batch size' }),
  }),
  outputSchema(inputs, params): Record<string, PortSchema> {
    const input = inputs.data;
    if (input?.kind !== 'split') throw new UserError("Train: connect a split to the 'data' input.");
    return { model: { kind: 'model', target: params.target, task: 'classification', features: selectFeatures(input.schema, params.target) } };
  },
  async run(inputs, params, ctx) {
    const input = inputs.data;
    if (input?.kind !== 'split') throw new UserError("Train: connect a split to the 'data' input.");
    const { fitLogisticModel } = await import('../training/fit-logistic-model');
    return { model: await fitLogisticModel(input, params, ctx) };
  },
});
