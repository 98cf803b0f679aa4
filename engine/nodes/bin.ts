import { z } from 'zod';
import { UserError } from '../define-node';
import { applyBin, binLabels, fitBin, roundEdge } from '../kernels/bin';
import type { ColumnSchema } from '../table';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';

const binParams = z.object({
  columns: z
    .array(z.string())
    .min(1, 'Pick at least one numeric column to bin.')
    .meta({ title: 'Columns', description: 'Numeric columns to replace by their bin.', ...columns({ columnKind: 'number' }) }),
  method: z
    .enum(['equal_width', 'quantile', 'custom'])
    .default('equal_width')
    .meta({ title: 'Method', description: 'equal_width: same-width bins between the training min and max; quantile: about as many training rows per bin; custom: your cut points.' }),
  bins: z.number().int().min(2).max(100).default(5).meta({ title: 'Number of bins', description: "For 'equal_width' and 'quantile'." }),
  edges: z.array(z.number().finite()).max(100).default([]).meta({ title: 'Cut points', description: "For 'custom', e.g. 18, 65 gives '< 18', '[18, 65)' and '≥ 65'." }),
  output: z.enum(['label', 'index']).default('label').meta({ title: 'Output', description: "label: a category such as '[10, 20)'; index: the bin number 0, 1, 2…" }),
});

export const binNode = definePreprocessNode({
  type: 'bin',
  version: 1,
  title: 'Bin',
  description:
    "Replaces numeric columns by bins: equal width or quantiles learned on the training rows, or your cut points. The outer bins are open-ended ('< 10', '≥ 90'), so new values always land in one.",
  params: binParams,
  fit: fitBin,
  apply: applyBin,
  sources: 'inPlace',
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'Bin', 'number');
    if (p.method === 'custom' && p.edges.length === 0) throw new UserError("Bin: the method is 'custom' but no cut points are given. Enter them, e.g. 18, 65.");
    const chosen = new Set(p.columns);
    // Only given cut points are known before the rows are read; learned bins get their labels at run time.
    const categories = p.method === 'custom' ? binLabels([...new Set(p.edges.map(roundEdge))].sort((a, b) => a - b)) : undefined;
    return {
      columns: schema.columns.map((c): ColumnSchema => {
        if (!chosen.has(c.name)) return c;
        return p.output === 'index' ? { name: c.name, kind: 'number' } : { name: c.name, kind: 'category', ...(categories ? { categories } : {}) };
      }),
    };
  },
});
