import { describe, expect, it } from 'vitest';
import { UserError } from '../define-node';
import type { Table } from '../table';
import { sampleRows } from '../table-ops';
import { makeTable } from '../testing/tables';
import type { AggregateFn } from './aggregates';
import { groupByTable, type Aggregate } from './group-by';

const rows = (t: Table) => sampleRows(t, t.rowCount);
const names = (t: Table) => t.columns.map((c) => c.name);

// Groups in order of first appearance: b, a, (missing), c. Group c has only missing values.
const table = makeTable({
  g: ['b', 'a', 'b', null, 'a', 'b', null, 'c'],
  x: [1, 4, null, 2, 6, 5, 2, null],
  t: ['p', 'q', 'q', null, 'p', 'p', 'r', null],
});
const one = (column: string, fn: AggregateFn) => rows(groupByTable(table, { keys: ['g'], aggregates: [{ column, fn }] })).map((r) => r[1]);

describe('groupByTable', () => {
  it('gives one row per group in order of first appearance, with missing keys as a group of their own', () => {
    const out = groupByTable(table, { keys: ['g'], aggregates: [] });
    expect(rows(out)).toEqual([['b'], ['a'], [null], ['c']]);
  });

  it('computes every numeric aggregate, skipping missing cells', () => {
    expect(one('x', 'count')).toEqual([2, 2, 2, 0]);
    expect(one('x', 'count_distinct')).toEqual([2, 2, 1, 0]);
    expect(one('x', 'sum')).toEqual([6, 10, 4, 0]);
    expect(one('x', 'mean')).toEqual([3, 5, 2, null]);
    expect(one('x', 'min')).toEqual([1, 4, 2, null]);
    expect(one('x', 'max')).toEqual([5, 6, 2, null]);
    expect(one('x', 'median')).toEqual([3, 5, 2, null]);
  });

  it('takes the middle value for an odd count in the median, and negative values in min and max', () => {
    const t = makeTable({ g: [1, 1, 1, 2], x: [-3, 10, -1, -7] });
    const out = groupByTable(t, { keys: ['g'], aggregates: [{ column: 'x', fn: 'median' }, { column: 'x', fn: 'max' }, { column: 'x', fn: 'min' }] });
    expect(rows(out)).toEqual([[1, -1, 10, -3], [2, -7, -7, -7]]);
  });

  it('counts, counts distinct values of, and takes min and max (by text) of category columns', () => {
    expect(one('t', 'count')).toEqual([3, 2, 1, 0]);
    expect(one('t', 'count_distinct')).toEqual([2, 2, 1, 0]);
    expect(one('t', 'min')).toEqual(['p', 'p', 'r', null]);
    expect(one('t', 'max')).toEqual(['q', 'q', 'r', null]);
  });

  it('groups by several keys of both kinds, numbers with missing values too', () => {
    const t = makeTable({ a: ['x', 'x', 'y', 'x', 'y'], n: [1, null, 1, 1, 2.5], v: [1, 2, 3, 4, 5] });
    const out = groupByTable(t, { keys: ['a', 'n'], aggregates: [{ column: 'v', fn: 'sum', name: 'total' }] });
    expect(names(out)).toEqual(['a', 'n', 'total']);
    expect(rows(out)).toEqual([['x', 1, 5], ['x', null, 2], ['y', 1, 3], ['y', 2.5, 5]]);
  });

  it('keeps missing integer keys as one group in order of first appearance', () => {
    const t = makeTable({ k: [7, null, 3, 7, null], v: [1, 2, 3, 4, 5] });
    expect(rows(groupByTable(t, { keys: ['k'], aggregates: [{ column: 'v', fn: 'sum' }] }))).toEqual([[7, 5], [null, 7], [3, 3]]);
  });

  it('groups by non-integer numbers through the hashed index', () => {
    const t = makeTable({ k: [0.1, 1e15, 0.1, -0, 0], v: [1, 2, 3, 4, 5] });
    expect(rows(groupByTable(t, { keys: ['k'], aggregates: [{ column: 'v', fn: 'sum' }] }))).toEqual([[0.1, 4], [1e15, 2], [-0, 9]]);
  });

  it('gives an empty table with the right columns for no rows', () => {
    const empty = makeTable({ g: [], x: [] });
    const out = groupByTable(empty, { keys: ['g'], aggregates: [{ column: 'x', fn: 'mean' }] });
    expect(out.rowCount).toBe(0);
    expect(names(out)).toEqual(['g', 'x_mean']);
  });

  it('refuses numeric-only functions on categories, unknown columns and clashing output names', () => {
    const run = (keys: string[], aggregates: Aggregate[]) => () => groupByTable(table, { keys, aggregates });
    expect(run(['g'], [{ column: 't', fn: 'mean' }])).toThrow(/'mean' needs numbers, but 't' holds categories.*Cast columns/);
    expect(run(['g'], [{ column: 'y', fn: 'sum' }])).toThrow(/aggregated column 'y' was not found/);
    expect(run(['nope'], [])).toThrow(UserError);
    expect(run(['g'], [{ column: 'x', fn: 'sum' }, { column: 'x', fn: 'sum' }])).toThrow(/output name 'x_sum' \(sum of 'x'\) is already used by the sum of 'x'/);
    expect(run(['g'], [{ column: 'x', fn: 'max', name: 'g' }])).toThrow(/already used by a group column/);
    expect(run([], [])).toThrow(/no group columns/);
  });
});
