import { z } from 'zod';
import { groupByTable, planGroupBy } from '../kernels/group-by';
import type { ColumnSchema } from '../table';
import { column, columns } from '../ui-hints';
import { defineTableTransform } from './table-node';

const aggregateSchema = z
  .object({
    column: z.string().min(1, 'Pick a column to aggregate.').meta({ title: 'Column', ...column() }),
    fn: z.enum(['count', 'count_distinct', 'sum', 'mean', 'min', 'max', 'median']).default('count').meta({
      title: 'Function',
      description: 'count: non-empty cells; count distinct: different values. Sum, mean and median need numbers; min and max of text go by character code.',
    }),
    name: z.string().trim().max(200).optional().meta({ title: 'Output name', description: 'Leave empty for column_function, e.g. price_mean.' }),
  })
  .meta({ title: 'Aggregate' });

export const groupByNode = defineTableTransform({
  type: 'group-by',
  version: 1,
  title: 'Group-by aggregate',
  description:
    'One row per distinct combination of the group columns, in order of first appearance, with aggregates of other columns (count, count distinct, sum, mean, min, max, median). ' +
    'Empty group cells form a group of their own; empty cells are skipped by every aggregate (a group with none gets an empty result; sum gives 0). On a split, training and test rows are grouped separately.',
  params: z.object({
    keys: z.array(z.string()).min(1, 'Pick at least one group column.').max(20).meta({ title: 'Group by', ...columns({ ordered: true }) }),
    aggregates: z.array(aggregateSchema).max(50).default([]).meta({ title: 'Aggregates', description: 'Without aggregates, the output lists each distinct group once.' }),
  }),
  apply: (table, p) => groupByTable(table, p),
  startsAfresh: true,
  transformSchema(schema, p) {
    const plan = planGroupBy(schema.columns, p);
    return {
      columns: [
        ...plan.keys,
        ...plan.outputs.map((out): ColumnSchema => (out.kind === out.source.kind ? { ...out.source, name: out.name } : { name: out.name, kind: out.kind })),
      ],
    };
  },
});
