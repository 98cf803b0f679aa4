import { parseDateText } from '../io/date-text';
import { z } from 'zod';
import { UserError } from '../define-node';
import { applyImpute, fitImpute, imputedColumns, requireExcludedColumns } from '../kernels/impute';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const imputeParams = z.object({
  columns: z.array(z.string()).default([]).meta({ title: 'Columns', description: 'Leave empty to fill every column.', ...columns() }),
  exclude: z
    .array(z.string())
    .default([])
    .meta({ title: 'Leave out', description: 'Columns not to fill, even when ticked above, such as the column a Train node predicts: Train then learns only from rows that have a value, not from a made-up one.', ...columns() }),
  strategy: z.enum(['mean', 'median', 'most_frequent', 'constant']).default('mean').meta({ title: 'Fill with' }),
  constant: z.string().max(200).optional().meta({ title: 'Constant value', description: "Used when 'Fill with' is constant." }),
});

export const imputeNode = definePreprocessNode({
  type: 'impute',
  version: 1,
  title: 'Impute',
  description:
    'Fills empty cells. Numbers get the mean, median, most frequent value or a constant; categories get their most frequent value or the constant.',
  params: imputeParams,
  fit: fitImpute,
  apply: applyImpute,
  sources: 'inPlace',
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Impute');
    requireExcludedColumns(schema.columns.map((c) => c.name), p.exclude);
    if (p.strategy !== 'constant') return schema;
    // Catch at edit time what fitting would refuse, and let downstream steps see the new category.
    const text = p.constant ?? '';
    const touched = new Set(imputedColumns(schema.columns.map((c) => c.name), p));
    const numeric = schema.columns.find((c) => touched.has(c.name) && c.kind === 'number');
    if (numeric && (text.trim() === '' || !Number.isFinite(Number(text)))) {
      throw new UserError(`Impute: column '${numeric.name}' holds numbers, but the constant '${text}' is not a number. Enter a number such as 0.`, { column: numeric.name });
    }
    const date = schema.columns.find((c) => touched.has(c.name) && c.kind === 'date');
    if (date && Number.isNaN(parseDateText(text))) {
      throw new UserError(`Impute: column '${date.name}' holds dates, but the constant '${text}' is not a date. Enter one such as 2024-01-31.`, { column: date.name });
    }
    return {
      columns: schema.columns.map((c) =>
        touched.has(c.name) && c.kind === 'category' && c.categories && !c.categories.includes(text) ? { ...c, categories: [...c.categories, text] } : c,
      ),
    };
  },
});
