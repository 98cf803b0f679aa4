import { describe, expect, it } from 'vitest';
import { UserError } from '../define-node';
import type { Table } from '../table';
import { sampleRows } from '../table-ops';
import { makeTable } from '../testing/tables';
import { joinTables } from './hash-join';
import { matchLookup } from './lookup-join';
import { createRandom } from './random';
import type { JoinOptions } from './join-plan';

const options = (over: Partial<JoinOptions> = {}): JoinOptions => ({ how: 'inner', on: [{ left: 'id' }], leftSuffix: '_left', rightSuffix: '_right', ...over });
const names = (t: Table) => t.columns.map((c) => c.name);
const rows = (t: Table) => sampleRows(t, t.rowCount);

// ids: 1 twice on the left, 3 twice on the right, 2 only left, 4 only right, a missing key on each side.
const left = makeTable({ id: [1, 2, 1, null, 3], a: [10, 20, 30, 40, 50] });
const right = makeTable({ id: [3, 1, 4, null, 3], b: ['x', 'y', 'z', 'w', 'v'] });

describe('joinTables', () => {
  it('inner: matching rows only, in left order, each with its matches in right order; missing keys never match', () => {
    const { table, stats } = joinTables(left, right, options());
    expect(names(table)).toEqual(['id', 'a', 'b']);
    expect(rows(table)).toEqual([[1, 10, 'y'], [1, 30, 'y'], [3, 50, 'x'], [3, 50, 'v']]);
    expect(stats).toEqual({ rows: 4, matchedLeft: 3, unmatchedLeft: 2, unmatchedRight: 0 });
  });

  it('left: every left row, unmatched ones with missing right cells', () => {
    const { table } = joinTables(left, right, options({ how: 'left' }));
    expect(rows(table)).toEqual([[1, 10, 'y'], [2, 20, null], [1, 30, 'y'], [null, 40, null], [3, 50, 'x'], [3, 50, 'v']]);
  });

  it('right: matched rows in left order, then unmatched right rows in right order with the right key', () => {
    const { table, stats } = joinTables(left, right, options({ how: 'right' }));
    expect(rows(table)).toEqual([[1, 10, 'y'], [1, 30, 'y'], [3, 50, 'x'], [3, 50, 'v'], [4, null, 'z'], [null, null, 'w']]);
    expect(stats.unmatchedRight).toBe(2);
  });

  it('full: every row of both sides', () => {
    const { table } = joinTables(left, right, options({ how: 'full' }));
    expect(rows(table)).toEqual([[1, 10, 'y'], [2, 20, null], [1, 30, 'y'], [null, 40, null], [3, 50, 'x'], [3, 50, 'v'], [4, null, 'z'], [null, null, 'w']]);
  });

  it('matches category keys by text across different dictionaries, and merges them for unmatched right keys', () => {
    const l = makeTable({ city: ['Oslo', 'Rome', 'Lima', null], n: [1, 2, 3, 4] });
    const r = makeTable({ town: ['Lima', 'Paris', 'Oslo', null], pop: [9, 8, 7, 6] });
    const inner = joinTables(l, r, options({ on: [{ left: 'city', right: 'town' }] })).table;
    expect(rows(inner)).toEqual([['Oslo', 1, 7], ['Lima', 3, 9]]);
    const full = joinTables(l, r, options({ how: 'full', on: [{ left: 'city', right: 'town' }] })).table;
    expect(names(full)).toEqual(['city', 'n', 'pop']);
    expect(rows(full)).toEqual([['Oslo', 1, 7], ['Rome', 2, null], ['Lima', 3, 9], [null, 4, null], ['Paris', null, 8], [null, null, 6]]);
    expect(full.columns[0]).toMatchObject({ dictionary: ['Oslo', 'Rome', 'Lima', 'Paris'] });
  });

  it('joins on several keys, of both kinds', () => {
    const l = makeTable({ k: ['a', 'a', 'b', 'b'], y: [1, 2, 1, 2], v: [1, 2, 3, 4] });
    const r = makeTable({ y: [2, 1, 2], k: ['b', 'a', 'a'], w: [20, 10, 30] });
    const { table } = joinTables(l, r, options({ how: 'left', on: [{ left: 'k' }, { left: 'y' }] }));
    expect(rows(table)).toEqual([['a', 1, 1, 10], ['a', 2, 2, 30], ['b', 1, 3, null], ['b', 2, 4, 20]]);
  });

  it('matches non-integer and signed-zero numeric keys through the hashed index', () => {
    const l = makeTable({ id: [0.5, -0, 1e12, 2.25], a: [1, 2, 3, 4] });
    const r = makeTable({ id: [0, 2.25, 0.5, 1e12 + 1], b: [10, 20, 30, 40] });
    expect(rows(joinTables(l, r, options()).table)).toEqual([[0.5, 1, 30], [-0, 2, 10], [2.25, 4, 20]]);
  });

  it('builds on whichever side is smaller without changing the output order', () => {
    const big = makeTable({ id: [5, 4, 3, 2, 1, 5], b: [1, 2, 3, 4, 5, 6] });
    const small = makeTable({ id: [5, 1], a: [50, 10] });
    expect(rows(joinTables(small, big, options()).table)).toEqual([[5, 50, 1], [5, 50, 6], [1, 10, 5]]);
  });

  it('suffixes clashing non-key names on both sides and a right column named like a key', () => {
    const l = makeTable({ id: [1], name: ['l'], uid: [7] });
    const r = makeTable({ uid: [1], name: ['r'], id: [99] });
    const { table } = joinTables(l, r, options({ on: [{ left: 'id', right: 'uid' }], leftSuffix: '_a', rightSuffix: '_b' }));
    expect(names(table)).toEqual(['id', 'name_a', 'uid', 'name_b', 'id_b']);
    expect(rows(table)).toEqual([[1, 'l', 7, 'r', 99]]);
  });

  it('refuses suffixes that still leave two columns with one name', () => {
    const l = makeTable({ id: [1], v: [1], v_left: [2] });
    const r = makeTable({ id: [1], v: [3] });
    expect(() => joinTables(l, r, options())).toThrow(/two output columns would both be named 'v_left'.*Change the suffixes/);
  });

  it('refuses keys of different kinds, naming both columns and the Cast columns fix', () => {
    const l = makeTable({ id: [1, 2] });
    const r = makeTable({ id: ['1', '2'] });
    expect(() => joinTables(l, r, options())).toThrow(UserError);
    expect(() => joinTables(l, r, options())).toThrow(/key 'id' \(left\) holds numbers but 'id' \(right\) holds categories.*Cast columns/);
  });

  it('names a missing key column and lists the columns there are', () => {
    expect(() => joinTables(left, right, options({ on: [{ left: 'id', right: 'key' }] }))).toThrow(/right table has no column 'key'.*'id', 'b'/);
    expect(() => joinTables(left, right, options({ on: [{ left: 'nope' }] }))).toThrow(/left table has no column 'nope'/);
    expect(() => joinTables(left, right, options({ on: [] }))).toThrow(/no key columns/);
  });

  it('refuses a many-to-many blow-up over the cap, with the counts and the key that repeats', () => {
    const l = makeTable({ id: [1, 1, 1, 2], a: [1, 2, 3, 4] });
    const r = makeTable({ id: [1, 1, 1, 2], b: [1, 2, 3, 4] });
    expect(joinTables(l, r, options(), 10).table.rowCount).toBe(10);
    expect(() => joinTables(l, r, options(), 9)).toThrow(/would have 10 rows \(left 4 × right 4 rows\), more than the limit of 9.*'id' = 1 appears 3 times on the left and 3 times on the right/);
  });

  it('joins a lookup table (no right key repeats) in every mode, with the same order and counts', () => {
    const l = makeTable({ id: [2, 9, 2, null, 1], a: [1, 2, 3, 4, 5] });
    const r = makeTable({ id: [1, 3, null, 2], b: ['one', 'three', 'none', 'two'] });
    const run = (how: JoinOptions['how']) => joinTables(l, r, options({ how }));
    expect(rows(run('inner').table)).toEqual([[2, 1, 'two'], [2, 3, 'two'], [1, 5, 'one']]);
    expect(run('inner').stats).toEqual({ rows: 3, matchedLeft: 3, unmatchedLeft: 2, unmatchedRight: 0 });
    expect(rows(run('left').table)).toEqual([[2, 1, 'two'], [9, 2, null], [2, 3, 'two'], [null, 4, null], [1, 5, 'one']]);
    expect(rows(run('right').table)).toEqual([[2, 1, 'two'], [2, 3, 'two'], [1, 5, 'one'], [3, null, 'three'], [null, null, 'none']]);
    expect(run('full').stats).toEqual({ rows: 7, matchedLeft: 3, unmatchedLeft: 2, unmatchedRight: 2 });
    expect(rows(run('full').table).slice(-2)).toEqual([[3, null, 'three'], [null, null, 'none']]);
  });

  it('gives a lookup table joined by value the rows the hashed index gives the same keys shifted off the integers', () => {
    const random = createRandom(5);
    const key = (n: number, span: number) => Array.from({ length: n }, () => (random() < 0.05 ? null : Math.floor(random() * span) - 20));
    const distinct = [...new Set(key(400, 600).filter((k) => k !== null))];
    const leftKeys = [...key(3_000, 700), -0, 0.5, 1e9];
    const join = (shift: number, how: JoinOptions['how']) => {
      // Unshifted keys go in as they are, so the left's -0 reaches the lookup (-0 + 0 would be +0).
      const move = (k: number | null) => (k === null ? null : shift === 0 ? k : k + shift);
      const l = makeTable({ id: leftKeys.map(move), a: leftKeys.map((_, i) => i) });
      const r = makeTable({ id: [...distinct, null].map(move), b: [...distinct, null].map((_, i) => i) });
      const { table, stats } = joinTables(l, r, options({ how }));
      // Keys compared as values: the left's -0 comes out as -0 unshifted, and (-0 + 0.25) − 0.25 is +0.
      return { rows: rows(table).map(([id, a, b]) => [id === null ? null : (id as number) - shift || 0, a, b]), stats };
    };
    for (const how of ['inner', 'left', 'right', 'full'] as const) {
      const lookup = join(0, how);
      expect(lookup.stats.matchedLeft).toBeGreaterThan(1_000);
      expect(lookup).toEqual(join(0.25, how));
    }
  });

  it('takes the one-pass lookup only for distinct integer right keys in a narrow range', () => {
    const left = Float64Array.of(3, -0, NaN, 7, 2.5, 1);
    const lookup = matchLookup(left, Float64Array.of(1, 0, 3, NaN), true, true)!;
    expect([...lookup.leftRows]).toEqual([0, 1, 2, 3, 4, 5, -1]);
    expect([...lookup.rightRows]).toEqual([2, 1, -1, -1, -1, 0, 3]);
    expect(lookup.stats).toEqual({ rows: 7, matchedLeft: 3, unmatchedLeft: 3, unmatchedRight: 1 });
    expect(matchLookup(left, Float64Array.of(1, 3, 1), false, false)).toBeUndefined();
    expect(matchLookup(left, Float64Array.of(1, 0.5), false, false)).toBeUndefined();
    expect(matchLookup(left, Float64Array.of(1, 2 ** 30), false, false)).toBeUndefined();
  });

  it('handles empty inputs', () => {
    const empty = makeTable({ id: [], b: [] });
    expect(joinTables(left, empty, options()).table.rowCount).toBe(0);
    expect(rows(joinTables(left, empty, options({ how: 'left' })).table).map((r) => r[2])).toEqual([null, null, null, null, null]);
    expect(joinTables(empty, right, options({ how: 'right', on: [{ left: 'id' }] })).table.rowCount).toBe(5);
  });
});
