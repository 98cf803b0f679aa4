import { z } from 'zod';
import { deduplicateRows } from '../kernels/deduplicate';
import { columns } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';
import { defineTableTransform } from './table-node';
import { formatCount } from '../format-count';

export const deduplicateNode = defineTableTransform({
  type: 'deduplicate',
  version: 1,
  title: 'Deduplicate',
  description: 'Removes repeated rows and keeps the first of each. Rows count as repeats when they agree on the chosen columns (or on every column); two empty cells agree.',
  params: z.object({
    columns: z.array(z.string()).default([]).meta({ title: 'Compare columns', description: 'Leave empty to compare whole rows.', ...columns() }),
  }),
  apply(table, p, ctx, side) {
    const { table: out, removed } = deduplicateRows(table, p.columns);
    ctx.log(`Deduplicate${side ? ` (${side} rows)` : ''}: kept ${formatCount(out.rowCount)} of ${formatCount(table.rowCount)} rows; removed ${formatCount(removed)} repeats.`);
    return out;
  },
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Deduplicate');
    return schema;
  },
});
