import { z } from 'zod';
import { defineNode, UserError, type PortSchema, type PortValue, type RunContext } from '../define-node';
import { joinTables, MAX_JOIN_ROWS } from '../kernels/hash-join';
import { joinedSchema, planJoin, type JoinOptions } from '../kernels/join-plan';
import type { Table, TableSchema } from '../table';
import { tableSchema } from '../table-ops';
import { column } from '../ui-hints';
import { formatCount } from '../format-count';

const keyPair = z.object({
  left: z.string().min(1, 'Pick the left key column.').meta({ title: 'Left column', ...column({ port: 'left' }) }),
  right: z.string().optional().meta({ title: 'Right column', description: 'Leave empty when it has the same name as the left one.', ...column({ port: 'right' }) }),
});

const suffix = (fallback: string, side: string) =>
  z.string().max(40).default(fallback).meta({ title: `Suffix for ${side} columns`, description: `Added to a ${side} column whose name the other table uses too.` });

const joinParams = z.object({
  how: z.enum(['inner', 'left', 'right', 'full']).default('inner').meta({
    title: 'Keep',
    description: 'inner: matching rows only; left: every left row; right: every right row; full: every row of both.',
  }),
  on: z.array(keyPair.meta({ title: 'Key pair' })).min(1, 'Add a key pair.').max(20).meta({ title: 'Match rows where', description: 'Each left column must equal its right column.' }),
  leftSuffix: suffix('_left', 'left'),
  rightSuffix: suffix('_right', 'right'),
});

const PORTS = {
  inputs: [
    { name: 'left', label: 'Left', kinds: ['table', 'split'] },
    { name: 'right', label: 'Right', kinds: ['table'] },
  ],
  outputs: [{ name: 'data', label: 'Joined', kinds: ['table', 'split'] }],
} as const;

type TableLike<T> = Extract<T, { kind: 'table' | 'split' }>;

/** The two inputs, checked; a split is only joined as the left side, with a plain table as a lookup. */
function requireInputs<T extends { kind: string }>(inputs: Record<string, T>, how: JoinOptions['how']): { left: TableLike<T>; right: Extract<T, { kind: 'table' }> } {
  const { left, right } = inputs;
  if (left?.kind !== 'table' && left?.kind !== 'split') throw new UserError("Join: connect a table or a split to the 'left' input.");
  if (right?.kind !== 'table') throw new UserError("Join: connect a table to the 'right' input (a split cannot be the right side; put the split on the left).");
  if (left.kind === 'split' && (how === 'right' || how === 'full')) {
    throw new UserError(`Join: a ${how} join would copy right rows without a match into both the training and the test rows. Use an inner or left join to enrich a split, or join before the split.`);
  }
  return { left: left as TableLike<T>, right: right as Extract<T, { kind: 'table' }> };
}

function runJoin(left: Table, right: Table, p: JoinOptions, ctx: RunContext, side?: string): Table {
  const { table, stats } = joinTables(left, right, p, MAX_JOIN_ROWS);
  const where = side ? ` (${side} rows)` : '';
  ctx.log(`Join${where}: ${formatCount(stats.matchedLeft)} of ${formatCount(left.rowCount)} left rows matched; ${formatCount(stats.unmatchedRight)} right rows had no match; ${formatCount(stats.rows)} rows out.`);
  return table;
}

export const joinNode = defineNode({
  type: 'join',
  version: 1,
  title: 'Join tables',
  category: 'preprocess',
  description:
    'Puts the columns of two tables side by side where key columns are equal (inner, left, right or full join). ' +
    'Rows come in left order, each with its matches in right order; unmatched right rows follow (right and full joins). ' +
    'Missing keys never match anything, as in SQL. Keys must have the same type; categories match by text. ' +
    'A column name both tables use gets a suffix. On a split, the training and the test rows are each joined with the right table (a lookup table); prediction requests must then carry the looked-up columns themselves.',
  ...PORTS,
  params: joinParams,
  outputSchema(inputs, p): Record<string, PortSchema> {
    const { left, right } = requireInputs(inputs, p.how);
    const plan = planJoin(left.schema.columns, right.schema.columns, p);
    return { data: { kind: left.kind, schema: { columns: joinedSchema(left.schema.columns, right.schema.columns, plan, p.how) } } };
  },
  async run(inputs, p, ctx): Promise<Record<string, PortValue>> {
    const { left, right } = requireInputs(inputs, p.how);
    // Prediction requests carry the looked-up columns themselves (the join is not replayed): the left side's
    // raw columns and the added ones, before the steps replayed on the left side's rows.
    const withAdded = (before: Table, after: Table, raw: TableSchema | undefined) => {
      if (!raw) return {};
      const had = new Set(before.columns.map((c) => c.name));
      return { inputSchema: { ...raw, columns: [...raw.columns, ...tableSchema(after).columns.filter((c) => !had.has(c.name))] } };
    };
    if (left.kind === 'table') {
      const table = runJoin(left.table, right.table, p, ctx);
      return { data: { kind: 'table', table, ...(left.fitted ? { fitted: left.fitted } : {}), ...withAdded(left.table, table, left.inputSchema) } };
    }
    const train = runJoin(left.train, right.table, p, ctx, 'training');
    const test = runJoin(left.test, right.table, p, ctx, 'test');
    return { data: { ...left, train, test, ...withAdded(left.train, train, left.inputSchema) } };
  },
});
