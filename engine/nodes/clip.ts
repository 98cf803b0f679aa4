import { z } from 'zod';
import { applyClip, checkClipOptions, fitClip } from '../kernels/clip';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const percent = z.number().min(0).max(100);

const clipParams = z.object({
  columns: z
    .array(z.string())
    .default([])
    .meta({ title: 'Columns', description: 'Leave empty to clip every numeric column.', ...columns({ columnKind: 'number' }) }),
  method: z
    .enum(['percentile', 'iqr', 'fixed'])
    .default('percentile')
    .meta({ title: 'Bounds from', description: 'percentile: percentiles of the training rows; iqr: Q1 − k·IQR and Q3 + k·IQR of the training rows; fixed: the numbers below.' }),
  lowerPercentile: percent.default(1).meta({ title: 'Lower percentile' }),
  upperPercentile: percent.default(99).meta({ title: 'Upper percentile' }),
  iqrFactor: z.number().min(0).max(100).default(1.5).meta({ title: 'IQR factor (k)', description: '1.5 gives Tukey’s fences; 3 clips only far-out values.' }),
  lower: z.number().finite().optional().meta({ title: 'Lower bound', description: "For 'fixed'; leave empty for none." }),
  upper: z.number().finite().optional().meta({ title: 'Upper bound', description: "For 'fixed'; leave empty for none." }),
});

export const clipNode = definePreprocessNode({
  type: 'clip',
  version: 1,
  title: 'Clip outliers',
  description: 'Caps numeric values at bounds learned on the training rows (percentiles or IQR fences) or given, so a few extreme values do not dominate scaling or training.',
  params: clipParams,
  fit: fitClip,
  apply: applyClip,
  sources: 'inPlace',
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Clip outliers', 'number');
    checkClipOptions(p);
    return schema;
  },
});
