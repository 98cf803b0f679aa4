import { z } from 'zod';
import { dropColumns, withColumns } from '../kernels/columns';
import { columns } from '../ui-hints';
import { defineTableTransform } from './table-node';

export const dropColumnsNode = defineTableTransform({
  type: 'drop-columns',
  version: 1,
  title: 'Drop columns',
  description: 'Removes the chosen columns (e.g. an ID, a name or a free-text column) and keeps every other one.',
  params: z.object({
    columns: z
      .array(z.string())
      .min(1, 'Pick at least one column to drop.')
      .meta({ title: 'Columns to drop', ...columns() }),
  }),
  apply: (table, p) => withColumns(table, dropColumns(table, p.columns, 'Drop columns')),
  // Replayed so a record loses the same columns before a later step that reuses their names (a Rename, a Derive).
  replay: (table, p) => withColumns(table, dropColumns(table, p.columns, 'Drop columns', true)),
  replaySources: 'inPlace',
  transformSchema: (schema, p) => ({ columns: dropColumns(schema, p.columns, 'Drop columns') }),
});
