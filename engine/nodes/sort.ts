import { z } from 'zod';
import { sortRows } from '../kernels/sort-rows';
import { column } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';
import { defineTableTransform } from './table-node';

const keySchema = z.object({
  column: z.string().min(1, 'Pick a column.').meta({ title: 'Column', ...column() }),
  order: z.enum(['ascending', 'descending']).default('ascending').meta({ title: 'Order' }),
});

export const sortNode = defineTableTransform({
  type: 'sort',
  version: 1,
  title: 'Sort',
  description: 'Orders rows by one or more columns, each ascending or descending. Empty cells go last; rows that tie keep their order. Text sorts by character code (uppercase before lowercase).',
  params: z.object({
    by: z.array(keySchema).min(1, 'Add a column to sort by.').max(20).meta({ title: 'Sort by', description: 'The first column decides; the next ones break ties.' }),
  }),
  apply: (table, p) => sortRows(table, p.by),
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.by.map((k) => k.column), 'Sort');
    return schema;
  },
});
