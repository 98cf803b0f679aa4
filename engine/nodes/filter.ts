import { z } from 'zod';
import { checkFilterExpression, filterByExpression } from '../kernels/filter-expression';
import { checkCondition, FILTER_OPS, filterRows } from '../kernels/filter-rows';
import type { Table } from '../table';
import { column, expression, shownWhen } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const conditionSchema = z
  .object({
    column: z.string().min(1, 'Pick a column.').meta({ title: 'Column', ...column() }),
    op: z.enum(FILTER_OPS).meta({ title: 'Operator' }),
    value: z.union([z.number(), z.string().max(200)]).optional().meta({ title: 'Value' }),
  })
  .meta({ title: 'Condition' });

/** The choice first, then only the fields it uses. */
const filterParams = z.object({
  mode: z.enum(['conditions', 'expression']).default('conditions').meta({ title: 'Filter by', description: 'Condition rows, or one expression.' }),
  conditions: z.array(conditionSchema).max(50).default([]).meta({ title: 'Keep rows where', ...shownWhen('mode', 'conditions') }),
  combine: z.enum(['and', 'or']).default('and').meta({ title: 'Combine conditions with', ...shownWhen('mode', 'conditions') }),
  expression: z
    .string()
    .max(2000)
    .default('')
    .meta({ title: 'Keep rows where (expression)', description: "e.g. `Unit price` > 100 and Country == 'France'; rows where it is missing are dropped.", ...expression(), ...shownWhen('mode', 'expression') }),
});
type FilterParams = z.infer<typeof filterParams>;

/** Condition rows (typed form) or an expression; both compile to kernels over typed arrays, never to code. */
function applyFilter(table: Table, p: FilterParams): Table {
  return p.mode === 'expression' ? filterByExpression(table, p.expression) : filterRows(table, p);
}

export const filterNode = definePreprocessNode({
  type: 'filter',
  version: 1,
  title: 'Filter',
  description: 'Keeps the rows that match all (or any) of the conditions, e.g. "Unit price > 100", or where an expression is true.',
  params: filterParams,
  // Nothing is learned; the options themselves are the "state".
  fit: (_table, p): FilterParams => p,
  apply: applyFilter,
  // Predictions must answer every record they are given, so a filter is never replayed on them.
  replayable: false,
  learns: false,
  warnings: (p) => (p.mode === 'conditions' && p.conditions.length === 0 ? ['Filter: no conditions yet, so every row passes. Add a condition, or filter by an expression.'] : []),
  transformSchema(schema, p) {
    if (p.mode === 'expression') {
      checkFilterExpression(p.expression, schema);
      return schema;
    }
    for (const condition of p.conditions) {
      checkSchemaColumns(schema, [condition.column], 'Filter');
      const kind = schema.columns.find((c) => c.name === condition.column)!.kind;
      checkCondition(kind, condition);
    }
    return schema;
  },
});
