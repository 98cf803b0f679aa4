import { UserError } from '../define-node';
import type { Column, ColumnSchema, Table } from '../table';
import { aggregate, NUMERIC_ONLY, type AggregateFn, type Groups } from './aggregates';
import { gatherColumn } from './gather';
import { hasValues, indexKeys, pairCodes } from './key-index';
import { scratchInt32 } from './scratch';

/**
 * Group-by aggregate: one output row per distinct combination of the key columns, in order of first
 * appearance, with the keys' values followed by one column per aggregate. A missing key is a group of
 * its own (like pandas' dropna=False), so no row is silently dropped.
 */
export type Aggregate = { column: string; fn: AggregateFn; name?: string };
export type GroupByOptions = { keys: readonly string[]; aggregates: readonly Aggregate[] };

export const defaultAggregateName = (a: Aggregate) => a.name?.trim() || `${a.column}_${a.fn}`;

type Named = Pick<ColumnSchema, 'name' | 'kind'>;

/** The output schema (names and kinds) for the input columns, or a UserError naming what is wrong. */
export function planGroupBy<C extends Named>(columns: readonly C[], options: GroupByOptions): { keys: C[]; outputs: { source: C; aggregate: Aggregate; name: string; kind: ColumnSchema['kind'] }[] } {
  const find = (name: string, what: string) => {
    const col = columns.find((c) => c.name === name);
    if (!col) throw new UserError(`Group-by: ${what} '${name}' was not found. Available columns: ${columns.map((c) => `'${c.name}'`).join(', ') || '(none)'}.`, { column: name });
    return col;
  };
  if (options.keys.length === 0) throw new UserError('Group-by: no group columns are chosen. Pick at least one column whose values form the groups.');
  const keys = options.keys.map((name) => find(name, 'group column'));
  const taken = new Map(keys.map((k) => [k.name, `a group column`]));
  if (taken.size < keys.length) throw new UserError('Group-by: a group column is chosen twice. Keep each group column once.');
  const outputs = options.aggregates.map((a) => {
    const source = find(a.column, 'aggregated column');
    if (source.kind === 'category' && NUMERIC_ONLY.has(a.fn)) {
      throw new UserError(`Group-by: '${a.fn}' needs numbers, but '${a.column}' holds categories. Use count, count distinct, min or max on it, or convert it with a Cast columns node.`, { column: a.column });
    }
    const name = defaultAggregateName(a);
    const clash = taken.get(name);
    if (clash) throw new UserError(`Group-by: the output name '${name}' (${a.fn} of '${a.column}') is already used by ${clash}. Give this aggregate another output name.`, { column: name });
    taken.set(name, `the ${a.fn} of '${a.column}'`);
    const kind: ColumnSchema['kind'] = a.fn === 'count' || a.fn === 'count_distinct' || a.fn === 'sum' ? 'number' : source.kind;
    return { source, aggregate: a, name, kind };
  });
  return { keys, outputs };
}

export function groupByTable(table: Table, options: GroupByOptions): Table {
  const plan = planGroupBy(table.columns, options);
  const { ids, count, firstRows } = groupRows(plan.keys, table.rowCount);
  const groups: Groups = { ids, count };
  const columns: Column[] = [
    ...plan.keys.map((key) => gatherColumn(key, firstRows)),
    ...plan.outputs.map((out) => aggregate(out.source, out.aggregate.fn, groups, out.name)),
  ];
  return { rowCount: count, columns };
}

/** Dense group ids in order of first appearance (the first key's in a scratch array), and the first row of each group. */
function groupRows(keys: readonly Column[], rowCount: number): Groups & { firstRows: Int32Array } {
  // Later keys' ids are made while the first key's are still read, so only the first key uses the scratch slot.
  let groups = keyGroups(keys[0], scratchInt32('group-by.codes', rowCount));
  for (let k = 1; k < keys.length; k++) {
    const next = keyGroups(keys[k], new Int32Array(rowCount));
    const index = indexKeys(pairCodes(groups.ids, next.ids, next.count), { missingAsValue: true });
    groups = { ids: index.codes, count: index.count, firstRows: index.firstRows };
  }
  return groups;
}

/** One key's groups, missing cells as a group of their own. */
function keyGroups(col: Column, codes: Int32Array): Groups & { firstRows: Int32Array } {
  if (hasValues(col)) {
    const index = indexKeys(col.values, { into: codes, missingAsValue: true });
    return { ids: index.codes, count: index.count, firstRows: index.firstRows };
  }
  // Category codes shifted past -1, then numbered in order of first appearance.
  const width = col.dictionary.length + 1;
  const colCodes = col.codes;
  const idOf = new Int32Array(width).fill(-1);
  const firstRows = new Int32Array(Math.min(width, codes.length));
  let count = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = colCodes[i] + 1;
    let id = idOf[c];
    if (id < 0) {
      id = idOf[c] = count;
      firstRows[count++] = i;
    }
    codes[i] = id;
  }
  return { ids: codes, count, firstRows: firstRows.subarray(0, count) };
}
