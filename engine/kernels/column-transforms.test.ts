import { describe, expect, it } from 'vitest';
import { sampleRows } from '../table-ops';
import { makeTable } from '../testing/tables';
import { castColumns, describeCastReport, parseDecimal } from './cast-columns';
import { dropColumns, renameColumns, selectColumns } from './columns';
import { deduplicateRows } from './deduplicate';
import { createRandom } from './random';
import { sampleTableRows } from './sample-rows';
import { sortRows } from './sort-rows';

const names = (cols: { name: string }[]) => cols.map((c) => c.name);
const t = makeTable({ a: [1, 2, 3], b: ['x', 'y', 'z'], c: [4, 5, 6] });

describe('select, drop and rename columns', () => {
  it('keeps the chosen columns in the chosen order, sharing their arrays', () => {
    const cols = selectColumns(t, ['c', 'a'], 'Select columns');
    expect(names(cols)).toEqual(['c', 'a']);
    expect(cols[0]).toBe(t.columns[2]);
  });

  it('refuses a missing, a repeated or no column, naming it and the fix', () => {
    expect(() => selectColumns(t, ['Effect'], 'Select columns')).toThrow("Select columns: column 'Effect' was not found. Available columns: a, b, c.");
    expect(() => selectColumns(t, ['a', 'a'], 'Select columns')).toThrow("column 'a' is listed twice");
    expect(() => selectColumns(t, [], 'Select columns')).toThrow('Pick at least one column');
  });

  it('drops columns, refusing a missing one unless lenient, and refusing to drop them all', () => {
    expect(names(dropColumns(t, ['b'], 'Drop columns'))).toEqual(['a', 'c']);
    expect(() => dropColumns(t, ['nope'], 'Drop columns')).toThrow("column 'nope' was not found");
    expect(names(dropColumns(t, ['nope', 'a'], 'Drop columns', true))).toEqual(['b', 'c']);
    expect(() => dropColumns(t, ['a', 'b', 'c'], 'Drop columns')).toThrow('every column would be dropped');
  });

  it('renames together, so two columns can swap names', () => {
    expect(names(renameColumns(t, [{ from: 'a', to: 'c' }, { from: 'c', to: 'a' }], 'R'))).toEqual(['c', 'b', 'a']);
  });

  it.each([
    [[{ from: 'a', to: '' }], 'a new column name is empty'],
    [[{ from: 'a', to: '  ' }], 'a new column name is empty'],
    [[{ from: 'a', to: ' x' }], 'starts or ends with spaces'],
    [[{ from: 'a', to: '__proto__' }], "'__proto__' is reserved"],
    [[{ from: 'a', to: 'constructor' }], "'constructor' is reserved"],
    [[{ from: 'a', to: 'x\u0000y' }], 'control character'],
    [[{ from: 'a', to: 'x'.repeat(201) }], 'Use at most 200'],
    [[{ from: 'a', to: 'b' }], "two columns would both be named 'b'"],
    [[{ from: 'a', to: 'k' }, { from: 'c', to: 'k' }], "two columns would both be named 'k'"],
    [[{ from: 'a', to: 'k' }, { from: 'a', to: 'm' }], "column 'a' is renamed twice"],
    [[{ from: 'Efect', to: 'k' }], "column 'Efect' was not found. Available columns: a, b, c."],
  ])('refuses %j with a clear message', (renames, message) => {
    expect(() => renameColumns(t, renames, 'Rename columns')).toThrow(message);
  });

  it('skips absent sources when lenient (a prediction record without the target)', () => {
    expect(names(renameColumns(t, [{ from: 'target', to: 'label' }, { from: 'a', to: 'A' }], 'R', true))).toEqual(['A', 'b', 'c']);
  });
});

describe('cast columns', () => {
  it('reads text as numbers, turning non-numbers into missing and counting them', () => {
    const table = makeTable({ v: ['1.5', ' 2 ', 'n/a', null, '0x1F', 'Infinity', '', '-3e2', 'n/a'] });
    const { table: out, report } = castColumns(table, { columns: ['v'], to: 'number' });
    expect(sampleRows(out, 9).map((r) => r[0])).toEqual([1.5, 2, null, null, null, null, null, -300, null]);
    expect(report).toEqual([{ column: 'v', to: 'number', unparsed: 5, example: 'n/a' }]);
    expect(describeCastReport(report, 'train')[0]).toBe(
      "Cast columns: 5 values of 'v' (train rows) are not a number (e.g. 'n/a') and became missing. Clean them up first (e.g. with Impute or a Filter) if they should count.",
    );
  });

  it('reads numbers as categories in numeric order; 0 and -0 share a value, missing stays missing', () => {
    const table = makeTable({ zip: [98101, 98101, null, 0, -0, 2.5] });
    const { table: out, report } = castColumns(table, { columns: ['zip'], to: 'category' });
    expect(out.columns[0]).toMatchObject({ kind: 'category', dictionary: ['0', '2.5', '98101'] });
    expect(sampleRows(out, 6).map((r) => r[0])).toEqual(['98101', '98101', null, '0', '0', '2.5']);
    expect(report).toEqual([]);
  });

  it('leaves columns already of the wanted kind alone and refuses a missing column unless lenient', () => {
    expect(castColumns(t, { columns: ['a'], to: 'number' }).table.columns[0]).toBe(t.columns[0]);
    expect(() => castColumns(t, { columns: ['q'], to: 'number' })).toThrow("Cast columns: column 'q' was not found");
    expect(castColumns(t, { columns: ['q'], to: 'number' }, true).table.columns).toEqual(t.columns);
  });

  it('parses plain decimals only', () => {
    expect([parseDecimal('.5'), parseDecimal('5.'), parseDecimal('+1e3'), parseDecimal('1e'), parseDecimal('1,000')]).toEqual([0.5, 5, 1000, NaN, NaN]);
  });
});

describe('deduplicate', () => {
  it('keeps the first row of each repeat over all columns; missing equals missing', () => {
    const table = makeTable({ n: [1, null, 1, null, 0, -0], s: ['a', null, 'a', null, 'b', 'b'] });
    const { table: out, removed } = deduplicateRows(table, []);
    expect(sampleRows(out, 9)).toEqual([[1, 'a'], [null, null], [0, 'b']]);
    expect(removed).toBe(3);
  });

  it('compares only the chosen columns and returns the table unchanged when nothing repeats', () => {
    expect(deduplicateRows(t, ['a']).table).toBe(t);
    const table = makeTable({ k: [1, 2, 1, 2], v: [10, 20, 30, 40] });
    expect(sampleRows(deduplicateRows(table, ['k']).table, 9)).toEqual([[1, 10], [2, 20]]);
  });

  it('agrees with a string-key reference on random data with collisions', () => {
    const random = createRandom(5);
    const n = 5000;
    const cells = (k: number) => Array.from({ length: n }, () => (random() < 0.1 ? null : Math.floor(random() * k)));
    const table = makeTable({ a: cells(4), b: cells(5).map((v) => (v === null ? null : `s${v}`)), c: cells(3) });
    const seen = new Set<string>();
    const expected = sampleRows(table, n).filter((row) => !seen.has(JSON.stringify(row)) && !!seen.add(JSON.stringify(row)));
    expect(sampleRows(deduplicateRows(table, []).table, n)).toEqual(expected);
  });
});

describe('sort', () => {
  it('sorts by several keys, missing last in both directions, ties in input order', () => {
    const table = makeTable({ g: ['b', 'a', null, 'b', 'a', 'B'], v: [2, null, 1, 2, 3, 0], id: [0, 1, 2, 3, 4, 5] });
    const asc = sortRows(table, [{ column: 'g', order: 'ascending' }, { column: 'v', order: 'descending' }]);
    expect(sampleRows(asc, 9).map((r) => r[2])).toEqual([5, 4, 1, 0, 3, 2]);
    const desc = sortRows(table, [{ column: 'v', order: 'descending' }]);
    expect(sampleRows(desc, 9).map((r) => r[2])).toEqual([4, 0, 3, 2, 5, 1]);
  });

  it('is stable and matches a reference sort on random data', () => {
    const random = createRandom(9);
    const n = 3000;
    const table = makeTable({ k: Array.from({ length: n }, () => (random() < 0.2 ? null : Math.floor(random() * 7))), id: Array.from({ length: n }, (_, i) => i) });
    const rows = sampleRows(table, n) as [number | null, number][];
    const expected = [...rows].sort((x, y) => (x[0] === null ? 1 : 0) - (y[0] === null ? 1 : 0) || (y[0] ?? 0) - (x[0] ?? 0) || x[1] - y[1]);
    expect(sampleRows(sortRows(table, [{ column: 'k', order: 'descending' }]), n)).toEqual(expected);
  });

  it('orders infinities, zeros and missing cells', () => {
    const table = makeTable({ v: [0, Infinity, null, -Infinity, -0, 1e-300], id: [0, 1, 2, 3, 4, 5] });
    expect(sampleRows(sortRows(table, [{ column: 'v', order: 'ascending' }]), 9).map((r) => r[1])).toEqual([3, 0, 4, 5, 1, 2]);
    expect(sampleRows(sortRows(table, [{ column: 'v', order: 'descending' }]), 9).map((r) => r[1])).toEqual([1, 5, 0, 4, 3, 2]);
  });

  it('matches a comparator sort on two random keys (category descending, number ascending)', () => {
    const random = createRandom(11);
    const n = 4000;
    const table = makeTable({
      c: Array.from({ length: n }, () => (random() < 0.1 ? null : ['b', 'B', 'a', 'ä', 'a1'][Math.floor(random() * 5)])),
      v: Array.from({ length: n }, () => (random() < 0.1 ? null : Math.round(random() * 50) / 10)),
      id: Array.from({ length: n }, (_, i) => i),
    });
    const rows = sampleRows(table, n) as [string | null, number | null, number][];
    const last = (x: unknown) => (x === null ? 1 : 0);
    const expected = [...rows].sort(
      (x, y) => last(x[0]) - last(y[0]) || (x[0] === y[0] ? 0 : x[0]! < y[0]! ? 1 : -1) || last(x[1]) - last(y[1]) || (x[1] ?? 0) - (y[1] ?? 0) || x[2] - y[2],
    );
    const sorted = sortRows(table, [{ column: 'c', order: 'descending' }, { column: 'v', order: 'ascending' }]);
    expect(sampleRows(sorted, n)).toEqual(expected);
  });

  it('names a missing sort column', () => {
    expect(() => sortRows(t, [{ column: 'zz', order: 'ascending' }])).toThrow("Sort: column 'zz' was not found");
  });
});

describe('sample rows', () => {
  const big = makeTable({ i: Array.from({ length: 1000 }, (_, i) => i) });
  it('keeps a seeded share or count of rows, in their original order', () => {
    const a = sampleTableRows(big, { mode: 'fraction', fraction: 0.25, count: 0, seed: 1 });
    const ids = sampleRows(a, 1000).map((r) => r[0] as number);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(sampleRows(sampleTableRows(big, { mode: 'fraction', fraction: 0.25, count: 0, seed: 1 }), 1000)).toEqual(sampleRows(a, 1000));
    expect(sampleRows(sampleTableRows(big, { mode: 'fraction', fraction: 0.25, count: 0, seed: 2 }), 1000)).not.toEqual(sampleRows(a, 1000));
  });

  it('keeps a table with fewer rows than the count whole', () => {
    expect(sampleTableRows(t, { mode: 'count', count: 10, fraction: 1, seed: 1 })).toBe(t);
    expect(sampleTableRows(big, { mode: 'count', count: 10, fraction: 1, seed: 1 }).rowCount).toBe(10);
  });
});
