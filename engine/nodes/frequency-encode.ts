import { z } from 'zod';
import { applyFrequency, fitFrequency } from '../kernels/frequency-encode';
import { columns } from '../ui-hints';
import { encodedAsNumbers } from './encoder-schema';
import { definePreprocessNode } from './preprocess-node';
import { unseenCategories } from '../kernels/unseen-categories';

const frequencyParams = z.object({
  columns: z
    .array(z.string())
    .min(1, 'Pick at least one category column to encode.')
    .meta({ title: 'Columns', description: 'Category columns to replace by how often each value occurs.', ...columns({ columnKind: 'category' }) }),
  as: z.enum(['share', 'count']).default('share').meta({ title: 'Encode as', description: 'share: fraction of the training rows (0…1); count: number of training rows.' }),
});

export const frequencyEncodeNode = definePreprocessNode({
  type: 'frequency-encode',
  version: 1,
  title: 'Frequency encode',
  description: 'Replaces each chosen category column by how often its value occurs in the training rows: one numeric column even for thousands of values (IDs, names, cities). Unseen values get 0.',
  params: frequencyParams,
  fit: fitFrequency,
  apply: applyFrequency,
  unseen: (table, state) => unseenCategories(table, state.columns, 'Frequency encode gave it a frequency of 0'),
  sources: 'inPlace',
  transformSchema: (schema, p) => encodedAsNumbers(schema, p.columns, 'Frequency encode'),
});
