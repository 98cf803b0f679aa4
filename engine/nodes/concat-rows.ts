import { z } from 'zod';
import { defineNode, UserError, type PortSchema, type PortValue } from '../define-node';
import { concatRows, concatSchema } from '../kernels/concat-rows';
import { formatCount } from '../format-count';

const PORTS = {
  inputs: [
    { name: 'first', label: 'First', kinds: ['table'] },
    { name: 'second', label: 'Second', kinds: ['table'] },
  ],
  outputs: [{ name: 'data', label: 'Rows of both', kinds: ['table'] }],
} as const;

function requireTables<T extends { kind: string }>(inputs: Record<string, T>): { first: Extract<T, { kind: 'table' }>; second: Extract<T, { kind: 'table' }> } {
  const { first, second } = inputs;
  for (const [port, value] of [['first', first], ['second', second]] as const) {
    if (value?.kind !== 'table') {
      const hint = value?.kind === 'split' ? ' Concatenate before the Train/test split.' : '';
      throw new UserError(`Concatenate rows: connect a table to the '${port}' input.${hint}`);
    }
  }
  return { first: first as Extract<T, { kind: 'table' }>, second: second as Extract<T, { kind: 'table' }> };
}

export const concatRowsNode = defineNode({
  type: 'concat-rows',
  version: 1,
  title: 'Concatenate rows',
  category: 'preprocess',
  description:
    "Stacks the rows of two tables: the first table's rows, then the second's. Columns are matched by name. " +
    "'union' keeps every column and leaves cells empty where a table lacks the column; 'intersection' keeps only the columns both have. " +
    'A column must have the same type in both tables (use Cast columns first); text values of both tables are merged.',
  ...PORTS,
  params: z.object({
    mode: z.enum(['union', 'intersection']).default('union').meta({ title: 'Columns', description: 'union: every column of either table; intersection: only columns both tables have.' }),
  }),
  outputSchema(inputs, p): Record<string, PortSchema> {
    const { first, second } = requireTables(inputs);
    return { data: { kind: 'table', schema: { columns: concatSchema(first.schema.columns, second.schema.columns, p.mode) } } };
  },
  async run(inputs, p, ctx): Promise<Record<string, PortValue>> {
    const { first, second } = requireTables(inputs);
    const table = concatRows(first.table, second.table, p.mode);
    ctx.log(`Concatenate rows: ${formatCount(first.table.rowCount)} + ${formatCount(second.table.rowCount)} rows, ${table.columns.length} columns.`);
    return { data: { kind: 'table', table } };
  },
});
