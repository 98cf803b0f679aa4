import { z } from 'zod';
import { UserError } from '../define-node';
import { addDateParts, DATE_PARTS, partColumnName } from '../kernels/date-parts';
import type { ColumnSchema } from '../table';
import { column } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';
import { defineTableTransform } from './table-node';

/** The picked date column; a node without one is refused at edit time (transformSchema) before it runs. */
function dateColumnOf(p: { column?: string }): string {
  if (!p.column) throw new UserError("Date parts: fill in 'Date column'.");
  return p.column;
}

export const datePartsNode = defineTableTransform({
  type: 'date-parts',
  version: 1,
  title: 'Date parts',
  description:
    'Adds numeric columns for parts of a date column (year, month, day, weekday with Monday = 1, hour, minute, day of year), named like date_year, in UTC. Models need numbers, not dates: drop the date column afterwards.',
  params: z.object({
    // Optional only to reach transformSchema unpicked, which says when the table has no date column to pick.
    column: z.string().min(1, 'Pick a date column.').optional().meta({ title: 'Date column', ...column({ columnKind: 'date' }) }),
    parts: z
      .array(z.enum(DATE_PARTS))
      .min(1, 'Pick at least one part.')
      .default(['year', 'month', 'weekday'])
      .meta({ title: 'Parts', description: 'Each becomes a numeric column named <column>_<part>.' }),
    dropSource: z.boolean().default(true).meta({ title: 'Drop the date column', description: 'Train refuses date columns, so keep this on unless a later step reads the date.' }),
  }),
  apply: (table, p) => addDateParts(table, { column: dateColumnOf(p), parts: p.parts, dropSource: p.dropSource }),
  transformSchema(schema, p) {
    // Unpicked on a table without dates: the picker is empty, so say why and where dates come from.
    if (!p.column && !schema.columns.some((c) => c.kind === 'date')) {
      throw new UserError('Date parts: the table has no date column. Read a column as a date in the Dataset node (or Cast columns to date) first.');
    }
    const name = dateColumnOf(p);
    checkSchemaColumns(schema, [name], 'Date parts');
    const source = schema.columns.find((c) => c.name === name)!;
    // Text can still be dates (a type the Dataset node did not detect); numbers cannot.
    if (source.kind === 'number') {
      throw new UserError(`Date parts: column '${name}' holds numbers, not dates. Pick a date column, or set its type to date on the Dataset node.`, { column: name });
    }
    const parts = p.parts.map((part): ColumnSchema => ({ name: partColumnName(name, part), kind: 'number' }));
    const names = new Set(parts.map((c) => c.name));
    const kept = schema.columns.filter((c) => !names.has(c.name));
    const at = kept.findIndex((c) => c.name === name);
    const columns = [...kept.slice(0, at + 1), ...parts, ...kept.slice(at + 1)];
    return { columns: p.dropSource ? columns.filter((c) => c.name !== name) : columns };
  },
  // Stateless: prediction records carry the raw date (as text), and the model wants its parts.
  replaySources: (p) => {
    const name = dateColumnOf(p);
    const parts = new Set(p.parts.map((part) => partColumnName(name, part)));
    return (output) => (parts.has(output) ? [name] : [output]);
  },
  replay: (table, p) => (table.columns.some((c) => c.name === p.column) ? addDateParts(table, { column: dateColumnOf(p), parts: p.parts, dropSource: p.dropSource }) : table),
});
