import { z } from 'zod';
import { selectColumns, withColumns } from '../kernels/columns';
import { columns } from '../ui-hints';
import { defineTableTransform } from './table-node';

export const selectColumnsNode = defineTableTransform({
  type: 'select-columns',
  version: 1,
  title: 'Select columns',
  description: 'Keeps only the chosen columns, in the order listed, and drops the rest (e.g. IDs and free text before Train).',
  params: z.object({
    columns: z
      .array(z.string())
      .min(1, 'Pick at least one column to keep.')
      .meta({ title: 'Columns to keep', description: 'Every other column is dropped.', ...columns({ ordered: true }) }),
  }),
  apply: (table, p) => withColumns(table, selectColumns(table, p.columns, 'Select columns')),
  // Replayed as Drop columns is; a record may lack a kept column it needs not send (the target, an unused one).
  replay: (table, p) => withColumns(table, p.columns.flatMap((name) => table.columns.filter((c) => c.name === name))),
  replaySources: 'inPlace',
  transformSchema: (schema, p) => ({ columns: selectColumns(schema, p.columns, 'Select columns') }),
});
