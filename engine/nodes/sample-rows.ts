import { z } from 'zod';
import { shownWhen } from '../ui-hints';
import { sampleTableRows } from '../kernels/sample-rows';
import { defineTableTransform } from './table-node';
import { formatCount } from '../format-count';

export const sampleRowsNode = defineTableTransform({
  type: 'sample-rows',
  version: 1,
  title: 'Sample rows',
  description: 'Keeps a random subset of rows: a number of rows or a share of them. Same seed, same rows; picked rows keep their order. On a split, train and test rows are sampled alike.',
  params: z.object({
    mode: z.enum(['fraction', 'count']).default('fraction').meta({ title: 'Sample by', description: "'Fraction' keeps a share of the rows, 'count' a number of rows." }),
    fraction: z.number().gt(0).max(1).default(0.1).meta({ title: 'Share of rows', description: 'Between 0 and 1, e.g. 0.1 for 10%.', ...shownWhen('mode', 'fraction') }),
    count: z.number().int().min(1).max(1_000_000_000).default(1000).meta({ title: 'Number of rows', description: 'A table with fewer rows is kept whole.', ...shownWhen('mode', 'count') }),
    seed: z.number().int().default(42).meta({ title: 'Random seed', description: 'Same seed, same rows.' }),
  }),
  apply(table, p, ctx, side) {
    const out = sampleTableRows(table, p);
    ctx.log(`Sample rows${side ? ` (${side} rows)` : ''}: kept ${formatCount(out.rowCount)} of ${formatCount(table.rowCount)} rows.`);
    return out;
  },
  transformSchema: (schema) => schema,
});
