import { z } from 'zod';
import { UserError } from '../define-node';
import { compareText } from '../kernels/one-hot';
import { applyTargetEncode, applyTargetEncodeToFitRows, checkTargetEncodeOptions, fitTargetEncode, type TargetEncodeState } from '../kernels/target-encode';
import type { ColumnSchema, TableSchema } from '../table';
import { column, columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';
import { unseenCategories } from '../kernels/unseen-categories';

const targetEncodeParams = z.object({
  columns: z
    .array(z.string())
    .min(1, 'Pick at least one category column to encode.')
    .meta({ title: 'Columns', description: 'Category columns to replace by the mean of the target per value.', ...columns({ columnKind: 'category' }) }),
  target: z.string().min(1, 'Pick the column the model will predict.').meta({ title: 'Target column', ...column() }),
  smoothing: z
    .number()
    .min(0)
    .max(1_000_000)
    .default(10)
    .meta({ title: 'Smoothing', description: 'How many rows of the overall mean each value’s mean is blended with; larger values trust rare values less.' }),
  folds: z.number().int().min(2).max(20).default(5).meta({ title: 'Cross-fitting folds', description: 'Training rows are encoded from the other folds, so a row never sees its own target.' }),
});

type Params = z.infer<typeof targetEncodeParams>;

function encodedSchema(schema: TableSchema, p: Params): TableSchema {
  checkSchemaColumns(schema, p.columns, 'Target encode', 'category');
  checkSchemaColumns(schema, [p.target], 'Target encode');
  checkTargetEncodeOptions(p);
  const target = schema.columns.find((c) => c.name === p.target)!;
  const classes = target.kind === 'category' ? [...(target.categories ?? [])].sort(compareText) : [];
  if (target.kind === 'category' && target.categories && classes.length < 2) {
    throw new UserError(`Target encode: target '${p.target}' has ${classes.length} distinct value${classes.length === 1 ? '' : 's'}; at least 2 are needed to learn anything from it.`, { column: p.target });
  }
  const chosen = new Set(p.columns);
  return {
    columns: schema.columns.flatMap((c): ColumnSchema[] => {
      if (!chosen.has(c.name)) return [c];
      if (classes.length <= 2) return [{ name: c.name, kind: 'number' }];
      return classes.map((cls) => ({ name: `${c.name}:${cls}`, kind: 'number' }));
    }),
  };
}

export const targetEncodeNode = definePreprocessNode({
  type: 'target-encode',
  version: 1,
  title: 'Target encode',
  description:
    "Replaces each chosen category column by the smoothed mean of the target for its value, learned on the training rows (cross-fitted on them, so no row sees its own target). A category target gives the share of each class: one column for two classes, 'column:class' columns for more.",
  params: targetEncodeParams,
  fit: fitTargetEncode,
  apply: applyTargetEncode,
  unseen: (table, state) => unseenCategories(table, state.columns, 'Target encode gave it the mean target of all training rows'),
  sources: (state: TargetEncodeState) => {
    const from = new Map(state.columns.flatMap((c) => c.outputs.map((o) => [o.name, c.column] as const)));
    return (output) => [from.get(output) ?? output];
  },
  applyToFitRows: applyTargetEncodeToFitRows,
  transformSchema: encodedSchema,
});
