import { describe, expect, it } from 'vitest';
import type { Column } from '../table';
import { makeTable } from '../testing/tables';
import { profileColumn, profileTable } from './column-profile';
import { countDistinct, EXACT_LIMIT } from './distinct-count';

describe('profileTable', () => {
  it('gives exact figures for numbers and categories, skipping missing cells', () => {
    const table = makeTable({ n: [1, null, 3, 8, 3], c: ['a', 'b', null, 'b', 'b'] });
    const [n, c] = profileTable(table).columns;
    expect(n).toMatchObject({ name: 'n', kind: 'number', count: 4, missing: 1, missingPercent: 20, distinct: 3, distinctExact: true, min: 1, max: 8, mean: 3.75 });
    // Sample standard deviation of 1, 3, 8, 3: sqrt(26.75 / 3).
    expect(n!.std).toBeCloseTo(Math.sqrt(26.75 / 3), 12);
    expect(n!.histogram!.counts).toHaveLength(20);
    expect(n!.histogram).toMatchObject({ min: 1, max: 8 });
    expect(n!.histogram!.counts.reduce((a, b) => a + b)).toBe(4);
    expect(n!.histogram!.counts[0]).toBe(1); // 1 → first bin
    expect(n!.histogram!.counts[19]).toBe(1); // the maximum lands in the last bin, not past it
    expect(n!.histogram!.counts[(((3 - 1) * 20) / 7) | 0]).toBe(2);
    expect(c).toMatchObject({ name: 'c', kind: 'category', count: 4, missing: 1, missingPercent: 20, distinct: 2, distinctExact: true, min: null, mean: null });
    expect(c!.top).toEqual({ values: [{ value: 'b', count: 3 }, { value: 'a', count: 1 }], otherCount: 0 });
  });

  it('keeps the ten most frequent categories, ties to the first seen, and counts the rest as other', () => {
    const cells = Array.from({ length: 12 }, (_, i) => `v${i}`).flatMap((v, i) => Array<string>(i === 5 ? 4 : i === 11 ? 3 : 1).fill(v));
    const [c] = profileTable(makeTable({ c: cells })).columns;
    expect(c!.distinct).toBe(12);
    expect(c!.top!.values.map((v) => v.value)).toEqual(['v5', 'v11', 'v0', 'v1', 'v2', 'v3', 'v4', 'v6', 'v7', 'v8']);
    expect(c!.top!.otherCount).toBe(2); // v9 and v10
  });

  it('gives a constant column one bin and a standard deviation of 0', () => {
    const [n] = profileTable(makeTable({ n: [4, 4, null, 4] })).columns;
    expect(n).toMatchObject({ count: 3, distinct: 1, min: 4, max: 4, mean: 4, std: 0, histogram: { min: 4, max: 4, counts: [3] } });
  });

  it('leaves figures undefined (null) for an all-missing column, a single value, and an empty table', () => {
    const [allMissing] = profileTable(makeTable({ n: [null, null] })).columns;
    expect(allMissing).toMatchObject({ count: 0, missing: 2, missingPercent: 100, distinct: 0, min: null, max: null, mean: null, std: null });
    expect(allMissing!.histogram).toBeUndefined();
    expect(profileTable(makeTable({ n: [7] })).columns[0]).toMatchObject({ mean: 7, std: null });
    const empty = profileTable({ rowCount: 0, columns: [{ kind: 'number', name: 'x', values: new Float64Array(0) }] });
    expect(empty.rowCount).toBe(0);
    expect(empty.columns[0]).toMatchObject({ count: 0, missing: 0, missingPercent: 0, distinct: 0, mean: null });
    expect(empty.sample.rows).toEqual([]);
    expect(JSON.parse(JSON.stringify(empty))).toEqual(empty);
  });

  it('keeps precision for large, close numbers', () => {
    const [n] = profileTable(makeTable({ n: [1e9 + 1, 1e9 + 2, 1e9 + 3] })).columns;
    expect(n!.mean).toBe(1e9 + 2);
    expect(n!.std).toBe(1);
  });

  it('profiles any kind stored as values under its own name (e.g. dates) and notes kinds it cannot read', () => {
    const day = 86_400_000;
    const date = { kind: 'date', name: 'd', values: Float64Array.from([0, day, NaN, 3 * day]) } as unknown as Column;
    expect(profileColumn(date, 4)).toMatchObject({ kind: 'date', count: 3, missing: 1, min: 0, max: 3 * day, histogram: { min: 0, max: 3 * day } });
    const odd = { kind: 'geometry', name: 'g', shapes: [] } as unknown as Column;
    expect(profileColumn(odd, 4)).toMatchObject({ kind: 'geometry', distinct: null, note: "Columns of kind 'geometry' are not profiled yet." });
  });

  it('samples the first 100 rows, fewer when the table is wide', () => {
    const n = Array.from({ length: 150 }, (_, i) => i);
    expect(profileTable(makeTable({ n })).sample.rows).toHaveLength(100);
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, c) => [`c${c}`, n]));
    expect(profileTable(makeTable(wide)).sample.rows).toHaveLength(20);
  });
});

describe('countDistinct', () => {
  it('is exact up to the limit, counting 0 and -0 once and skipping NaN', () => {
    expect(countDistinct(Float64Array.from([0, -0, NaN, 1.5, 1.5, -2]))).toEqual({ distinct: 3, exact: true });
    const atLimit = Float64Array.from({ length: EXACT_LIMIT * 2 }, (_, i) => i % EXACT_LIMIT);
    expect(countDistinct(atLimit)).toEqual({ distinct: EXACT_LIMIT, exact: true });
  });

  it('estimates beyond the limit within 3 %', () => {
    for (const n of [EXACT_LIMIT + 1, 200_000, 1_000_000]) {
      const values = Float64Array.from({ length: n }, (_, i) => i * 0.001 - 17);
      const { distinct, exact } = countDistinct(values);
      expect(exact).toBe(false);
      expect(Math.abs(distinct - n) / n).toBeLessThan(0.03);
    }
  });
});
