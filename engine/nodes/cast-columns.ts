import { z } from 'zod';
import { castColumns, describeCastReport } from '../kernels/cast-columns';
import { columns } from '../ui-hints';
import { checkSchemaColumns } from './preprocess-node';
import { defineTableTransform } from './table-node';

export const castColumnsNode = defineTableTransform({
  type: 'cast-columns',
  version: 1,
  title: 'Cast columns',
  description:
    "Reads columns as numbers, categories or dates, e.g. a zip code as a category, '3.5' text as a number, or '2024-01-31' text as a date. Text that cannot be read becomes missing, and the step says how many cells that was. Dates and numbers convert as milliseconds since 1970 (UTC).",
  params: z.object({
    columns: z.array(z.string()).min(1, 'Pick at least one column to convert.').meta({ title: 'Columns', ...columns() }),
    to: z.enum(['number', 'category', 'date']).default('number').meta({ title: 'Convert to' }),
  }),
  apply(table, p, ctx, side) {
    const { table: out, report } = castColumns(table, p);
    for (const line of describeCastReport(report, side)) ctx.log(line);
    ctx.metric(`${side ? `${side}.` : ''}cast_missing_cells`, report.reduce((sum, r) => sum + r.unparsed, 0));
    return out;
  },
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Cast columns');
    const chosen = new Set(p.columns);
    return {
      // A new category column's values are known only once it runs, so none are listed here.
      columns: schema.columns.map((c) => (!chosen.has(c.name) || c.kind === p.to ? c : { name: c.name, kind: p.to })),
    };
  },
  // Prediction records must reach the model with the kinds it was trained on.
  replay: (table, p) => castColumns(table, p, true).table,
  replaySources: 'inPlace',
});
