import { z } from 'zod';
import { MAX_COLUMN_NAME_LENGTH, renameColumns, withColumns } from '../kernels/columns';
import { column } from '../ui-hints';
import { defineTableTransform } from './table-node';

const renameSchema = z.object({
  from: z.string().min(1, 'Pick a column.').meta({ title: 'Column', ...column() }),
  // Length and content are checked by checkNewColumnName, so the message names the column and the fix.
  to: z.string().max(MAX_COLUMN_NAME_LENGTH * 4).meta({ title: 'New name' }),
});

export const renameColumnsNode = defineTableTransform({
  type: 'rename-columns',
  version: 1,
  title: 'Rename columns',
  description: 'Gives columns new names. Models trained after this step accept records with the original names too.',
  params: z.object({
    renames: z.array(renameSchema).min(1, 'Add a column to rename.').max(500).meta({ title: 'Renames' }),
  }),
  apply: (table, p) => withColumns(table, renameColumns(table, p.renames, 'Rename columns')),
  transformSchema: (schema, p) => ({ columns: renameColumns(schema, p.renames, 'Rename columns') }),
  // Prediction records carry the original names; the target is usually absent from them.
  replaySources: (p) => {
    const from = new Map(p.renames.map((r) => [r.to, r.from]));
    return (output) => [from.get(output) ?? output];
  },
  replay: (table, p) => withColumns(table, renameColumns(table, p.renames, 'Rename columns', true)),
});
