import { z } from 'zod';
import { applyImpute, fitImpute } from '../kernels/impute';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const imputeParams = z.object({
  columns: z.array(z.string()).default([]).meta({ title: 'Columns', description: 'Leave empty to fill every column.', ...columns() }),
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
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Impute');
    return schema;
  },
});
