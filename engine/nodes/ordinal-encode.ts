import { z } from 'zod';
import { applyOrdinal, fitOrdinal } from '../kernels/ordinal-encode';
import { columns } from '../ui-hints';
import { encodedAsNumbers } from './encoder-schema';
import { definePreprocessNode } from './preprocess-node';
import { unseenCategories } from '../kernels/unseen-categories';

const ordinalParams = z.object({
  columns: z
    .array(z.string())
    .min(1, 'Pick at least one category column to encode.')
    .meta({ title: 'Columns', description: 'Category columns to replace by integer codes 0, 1, 2…', ...columns({ columnKind: 'category' }) }),
  order: z
    .enum(['appearance', 'alphabetical', 'frequency'])
    .default('appearance')
    .meta({ title: 'Order', description: 'Which value gets 0, 1, 2…: first seen in the training rows, alphabetical, or most frequent first.' }),
  unseen: z.enum(['missing', 'code']).default('missing').meta({ title: 'Values not seen in training', description: 'Leave them missing, or give them the code below.' }),
  unseenCode: z.number().int().default(-1).meta({ title: 'Code for unseen values' }),
});

export const ordinalEncodeNode = definePreprocessNode({
  type: 'ordinal-encode',
  version: 1,
  title: 'Ordinal encode',
  description: 'Replaces each chosen category column by integer codes learned on the training rows (one column each, unlike One-hot). Suits tree models and ordered categories.',
  params: ordinalParams,
  fit: (table, p) => fitOrdinal(table, { columns: p.columns, order: p.order, unknownCode: p.unseen === 'code' ? p.unseenCode : null }),
  apply: applyOrdinal,
  unseen: (table, state) =>
    unseenCategories(table, state.columns, state.unknownCode === null ? 'Ordinal encode left it empty' : `Ordinal encode gave it the code for unseen values, ${state.unknownCode}`),
  sources: 'inPlace',
  transformSchema: (schema, p) => encodedAsNumbers(schema, p.columns, 'Ordinal encode'),
});
