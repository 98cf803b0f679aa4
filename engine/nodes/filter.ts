import { z } from 'zod';
import { checkCondition, FILTER_OPS, filterRows, type FilterOptions } from '../kernels/filter-rows';
import { column } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const conditionSchema = z.object({
  column: z.string().min(1, 'Pick a column.').meta({ title: 'Column', ...column() }),
  op: z.enum(FILTER_OPS).meta({ title: 'Operator' }),
  value: z.union([z.number(), z.string().max(200)]).optional().meta({ title: 'Value' }),
});

const filterParams = z.object({
  conditions: z.array(conditionSchema).max(50).default([]).meta({ title: 'Keep rows where' }),
  combine: z.enum(['and', 'or']).default('and').meta({ title: 'Combine conditions with' }),
});

export const filterNode = definePreprocessNode({
  type: 'filter',
  version: 1,
  title: 'Filter',
  description: 'Keeps the rows that match all (or any) of the conditions, e.g. "Body Mass (g) > 3000".',
  params: filterParams,
  // Nothing is learned; the options themselves are the "state".
  fit: (_table, p): FilterOptions => p,
  apply: filterRows,
  // Predictions must answer every record they are given, so a filter is never replayed on them.
  replayable: false,
  transformSchema(schema, p) {
    for (const condition of p.conditions) {
      checkSchemaColumns(schema, [condition.column], 'Filter');
      const kind = schema.columns.find((c) => c.name === condition.column)!.kind;
      checkCondition(kind, condition);
    }
    return schema;
  },
});
