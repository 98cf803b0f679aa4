import { z } from 'zod';
import { applyOneHot, fitOneHot } from '../kernels/one-hot';
import type { ColumnSchema } from '../table';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const oneHotParams = z.object({
  columns: z
    .array(z.string())
    .min(1, 'Pick at least one category column to encode.')
    .meta({ title: 'Columns', description: 'Category columns to turn into 0/1 columns.', ...columns({ columnKind: 'category' }) }),
});

export const oneHotNode = definePreprocessNode({
  type: 'one-hot',
  version: 1,
  title: 'One-hot',
  description:
    "Replaces each chosen category column by one 0/1 column per value (named 'column=value'). Values not seen while fitting become all zeros.",
  params: oneHotParams,
  fit: fitOneHot,
  apply: applyOneHot,
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'One-hot', 'category');
    const chosen = new Set(p.columns);
    return {
      columns: schema.columns.flatMap((col): ColumnSchema[] =>
        chosen.has(col.name)
          ? [...(col.categories ?? [])].sort().map((value) => ({ name: `${col.name}=${value}`, kind: 'number' }))
          : [col],
      ),
    };
  },
});
