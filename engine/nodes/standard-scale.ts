import { z } from 'zod';
import { UserError } from '../define-node';
import { applyRescale, fitRescale, type RescaleState } from '../kernels/rescale';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const rescaleParams = z.object({
  columns: z
    .array(z.string())
    .default([])
    .meta({ title: 'Columns', description: 'Leave empty to rescale every numeric column.', ...columns({ columnKind: 'number' }) }),
  method: z
    .enum(['standard', 'min_max', 'robust'])
    .default('standard')
    .meta({ title: 'Method', description: 'standard: mean 0, standard deviation 1. min_max: training rows span From…To. robust: median 0, interquartile range 1 (outliers barely matter).' }),
  from: z.number().finite().default(0).meta({ title: 'From', description: "Lower end of the range for 'min_max'." }),
  to: z.number().finite().default(1).meta({ title: 'To', description: "Upper end of the range for 'min_max'." }),
});

/**
 * The type string stays 'standard-scale' so saved graphs and trained models keep loading. Version 1 was
 * standard scaling only: its params (the columns list) parse as version 2 with the standard method, and
 * its fitted states replay through applyRescale.
 */
export const standardScaleNode = definePreprocessNode({
  type: 'standard-scale',
  version: 2,
  title: 'Rescale',
  description:
    'Rescales numeric columns with statistics of the training rows: standard (mean 0, std 1), min-max (to a range) or robust (median and interquartile range). Constant columns become constant.',
  params: rescaleParams,
  fit: fitRescale,
  apply: (table, state: RescaleState) => applyRescale(table, state),
  sources: 'inPlace',
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Rescale', 'number');
    if (p.method === 'min_max' && !(p.from < p.to)) {
      throw new UserError(`Rescale: the range From ${p.from} … To ${p.to} is empty or reversed. Make From smaller than To, e.g. 0 and 1.`);
    }
    return schema;
  },
});
