import { z } from 'zod';
import { defineNode, UserError } from '../define-node';
import { splitRows } from '../kernels/split-rows';
import { presentSchema, tableSchema } from '../table-ops';
import { column } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';

export const splitNode = defineNode({
  type: 'split',
  version: 1,
  title: 'Train/test split',
  category: 'preprocess',
  description: 'Holds back a random share of rows for testing. Steps after the split learn from the training rows only.',
  inputs: [{ name: 'data', label: 'Table', kinds: ['table'] }],
  outputs: [{ name: 'data', label: 'Split', kinds: ['split'] }],
  params: z.object({
    testFraction: z.number().gt(0).lt(1).default(0.2).meta({ title: 'Test share', description: 'Between 0 and 1, e.g. 0.2 for 20%.' }),
    seed: z.number().int().default(42).meta({ title: 'Random seed', description: 'Same seed, same split.' }),
    stratify: z.string().optional().meta({ title: 'Stratify by', description: 'Keep class proportions equal in train and test.', ...column() }),
  }),
  outputSchema(inputs, params) {
    const input = inputs.data;
    if (input?.kind !== 'table') throw new UserError("Train/test split: connect a table to the 'data' input.");
    if (params.stratify) checkSchemaColumns(input.schema, [params.stratify], 'Train/test split');
    return { data: { kind: 'split', schema: input.schema } };
  },
  async run(inputs, params) {
    const input = inputs.data;
    if (input?.kind !== 'table') throw new UserError("Train/test split: connect a table to the 'data' input.");
    if (input.table.rowCount === 0) {
      throw new UserError('Train/test split: the table has no rows to split. Check the steps before it (a Filter that keeps nothing?).');
    }
    const { train, test } = splitRows(input.table, params);
    if (train.rowCount === 0 || test.rowCount === 0) {
      throw new UserError(`Train/test split: ${input.table.rowCount} rows leave ${train.rowCount} for training and ${test.rowCount} for testing. Use more rows or change the test share.`);
    }
    // Steps before the split were fitted on every row; predictions replay them first, from the same raw records.
    // With none, this table's rows are the raw ones, and the values a model offers and knows are the training rows'.
    const fitted = input.fitted ?? [];
    const inputSchema = fitted.length === 0 ? { ...input.inputSchema, ...presentSchema(train) } : (input.inputSchema ?? tableSchema(input.table));
    return { data: { kind: 'split', train, test, fitted, inputSchema } };
  },
});
