import { z } from 'zod';
import { applyStandardScale, fitStandardScale } from '../kernels/standard-scale';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const scaleParams = z.object({
  columns: z
    .array(z.string())
    .default([])
    .meta({ title: 'Columns', description: 'Leave empty to scale every numeric column.', ...columns({ columnKind: 'number' }) }),
});

export const standardScaleNode = definePreprocessNode({
  type: 'standard-scale',
  version: 1,
  title: 'Standard scale',
  description: 'Rescales numeric columns to mean 0 and standard deviation 1, which helps models train. Constant columns become 0.',
  params: scaleParams,
  fit: fitStandardScale,
  apply: applyStandardScale,
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Standard scale', 'number');
    return schema;
  },
});
