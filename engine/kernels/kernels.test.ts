import { describe, expect, it } from 'vitest';
import { sampleRows, tableSchema } from '../table-ops';
import { makeTable } from '../testing/tables';
import { filterRows } from './filter-rows';
import { applyImpute, fitImpute } from './impute';
import { applyOneHot, fitOneHot } from './one-hot';
import { splitRows } from './split-rows';
import { applyRescale, fitRescale } from './rescale';

const table = makeTable({ n: [1, null, 3, 8], c: ['a', 'b', null, 'b'] });

describe('impute', () => {
  it('fills numbers with the mean and categories with the most frequent value by default', () => {
    const state = fitImpute(table, { columns: [], strategy: 'mean' });
    expect(state.fills).toEqual([
      { column: 'n', kind: 'number', value: 4, missing: 1 },
      { column: 'c', kind: 'category', value: 'b', missing: 1 },
    ]);
    expect(sampleRows(applyImpute(table, state), 4)).toEqual([[1, 'a'], [4, 'b'], [3, 'b'], [8, 'b']]);
  });

  it('fills every column but those left out, and names a left-out column that is not there', () => {
    const state = fitImpute(table, { columns: [], exclude: ['n'], strategy: 'mean' });
    expect(state.fills.map((f) => f.column)).toEqual(['c']);
    expect(sampleRows(applyImpute(table, state), 4)).toEqual([[1, 'a'], [null, 'b'], [3, 'b'], [8, 'b']]);
    // 'Leave out' wins over a picked column too, so a target ticked in both lists is never filled.
    expect(fitImpute(table, { columns: ['n', 'c'], exclude: ['n'], strategy: 'mean' }).fills.map((f) => f.column)).toEqual(['c']);
    expect(() => fitImpute(table, { columns: [], exclude: ['N'], strategy: 'mean' })).toThrow("Impute: column 'N' in 'Leave out' was not found. Available columns: n, c.");
  });

  it('supports median, most frequent and a constant', () => {
    expect(fitImpute(table, { columns: ['n'], strategy: 'median' }).fills[0].value).toBe(3);
    expect(fitImpute(makeTable({ n: [2, 5, 5, 2, 1] }), { columns: [], strategy: 'most_frequent' }).fills[0].value).toBe(2);
    const constant = fitImpute(table, { columns: [], strategy: 'constant', constant: '0' });
    expect(sampleRows(applyImpute(table, constant), 4).map((r) => r[0])).toEqual([1, 0, 3, 8]);
    expect(() => fitImpute(table, { columns: ['n'], strategy: 'constant', constant: 'zero' })).toThrow("Impute: column 'n' holds numbers, but the constant 'zero' is not a number. Enter a number such as 0.");
  });

  it('keeps a column with nothing missing as it is, and fills from the first gap on otherwise', () => {
    const complete = makeTable({ n: [1, 2, 3], c: ['a', 'b', 'a'] });
    const fills = fitImpute(table, { columns: [], strategy: 'mean' });
    const out = applyImpute(complete, fills);
    expect(out.columns[0]).toBe(complete.columns[0]);
    expect(out.columns[1]).toBe(complete.columns[1]);
    const gapLate = makeTable({ n: [1, 2, 3, null, 5, null] });
    const filled = applyImpute(gapLate, { fills: [{ column: 'n', kind: 'number', value: 9 }] });
    expect(sampleRows(filled, 6).map((r) => r[0])).toEqual([1, 2, 3, 9, 5, 9]);
    expect(sampleRows(gapLate, 6).map((r) => r[0])).toEqual([1, 2, 3, null, 5, null]);
  });

  it('adds a constant fill to the categories even where no cell needed it, as the edit-time schema does', () => {
    const complete = makeTable({ c: ['a', 'b'] });
    const out = applyImpute(complete, { fills: [{ column: 'c', kind: 'category', value: 'unknown' }] });
    expect(tableSchema(out).columns[0]).toEqual({ name: 'c', kind: 'category', categories: ['a', 'b', 'unknown'] });
    expect(sampleRows(out, 2)).toEqual([['a'], ['b']]);
  });
});

describe('standard scale', () => {
  it('uses the population standard deviation and scale 1 for a constant column', () => {
    const t = makeTable({ x: [1, 2, 3, null], k: [5, 5, 5, 5] });
    const state = fitRescale(t, { columns: [], method: 'standard', from: 0, to: 1 });
    expect(state.columns).toEqual([
      { column: 'x', center: 2, scale: Math.sqrt(2 / 3), offset: 0 },
      { column: 'k', center: 5, scale: 1, offset: 0 },
    ]);
    const out = sampleRows(applyRescale(t, state), 4);
    expect(out.map((r) => r[1])).toEqual([0, 0, 0, 0]);
    expect(out[3][0]).toBeNull();
    expect(out[0][0]).toBeCloseTo(-1.2247448714, 9);
  });
});

describe('one-hot', () => {
  it('replaces the column in place with sorted 0/1 columns; unseen and missing become all zeros', () => {
    const train = makeTable({ id: [1, 2, 3], color: ['red', 'blue', 'red'] });
    const state = fitOneHot(train, { columns: ['color'], maxCategories: 20, dropFirst: false });
    expect(state).toEqual({ columns: [{ column: 'color', categories: ['blue', 'red'], other: false }] });
    const test = makeTable({ id: [4, 5, 6], color: ['green', null, 'blue'] });
    const out = applyOneHot(test, state);
    expect(tableSchema(out).columns.map((c) => c.name)).toEqual(['id', 'color=blue', 'color=red']);
    expect(sampleRows(out, 3)).toEqual([[4, 0, 0], [5, 0, 0], [6, 1, 0]]);
  });
});

describe('filter', () => {
  const t = makeTable({ x: [1, 5, null, 9], s: ['a', 'b', 'a', null] });
  it('combines conditions with and/or', () => {
    expect(sampleRows(filterRows(t, { combine: 'and', conditions: [{ column: 'x', op: 'gt', value: 2 }, { column: 's', op: 'not_missing' }] }), 9)).toEqual([[5, 'b']]);
    expect(filterRows(t, { combine: 'or', conditions: [{ column: 'x', op: 'is_missing' }, { column: 's', op: 'eq', value: 'b' }] }).rowCount).toBe(2);
  });
  it('keeps missing values for "not equal", like pandas', () => {
    expect(sampleRows(filterRows(t, { combine: 'and', conditions: [{ column: 's', op: 'neq', value: 'a' }] }), 9)).toEqual([[5, 'b'], [9, null]]);
  });
  it('refuses ordering comparisons on categories and non-numbers on numbers', () => {
    expect(() => filterRows(t, { combine: 'and', conditions: [{ column: 's', op: 'lt', value: 'b' }] })).toThrow("Filter: column 's' holds categories, which can only be compared with 'equals' or 'not equals'.");
    expect(() => filterRows(t, { combine: 'and', conditions: [{ column: 'x', op: 'lt', value: 'big' }] })).toThrow(/'big' is not a number/);
  });
});

describe('split', () => {
  const t = makeTable({ i: Array.from({ length: 100 }, (_, k) => k), y: Array.from({ length: 100 }, (_, k) => (k < 80 ? 'a' : 'b')) });
  it('is deterministic for a seed and keeps row order', () => {
    const first = splitRows(t, { testFraction: 0.2, seed: 42 });
    const again = splitRows(t, { testFraction: 0.2, seed: 42 });
    expect(first.test.rowCount).toBe(20);
    expect(sampleRows(first.test, 20)).toEqual(sampleRows(again.test, 20));
    const ids = sampleRows(first.train, 80).map((r) => r[0] as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(sampleRows(splitRows(t, { testFraction: 0.2, seed: 7 }).test, 20)).not.toEqual(sampleRows(first.test, 20));
  });
  it('stratifies by class', () => {
    const { test } = splitRows(t, { testFraction: 0.25, seed: 1, stratify: 'y' });
    const labels = sampleRows(test, 100).map((r) => r[1]);
    expect(labels.filter((l) => l === 'a')).toHaveLength(20);
    expect(labels.filter((l) => l === 'b')).toHaveLength(5);
  });
});
