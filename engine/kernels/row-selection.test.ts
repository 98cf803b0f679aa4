import { describe, expect, it } from 'vitest';
import { decodePortValue, encodePortValue, summarizePortValue } from '../io/serialize';
import type { Column, Table } from '../table';
import { sampleRows, tableSchema, takeRows } from '../table-ops';
import { checkExpression, evaluateExpression } from '../expr';
import { makeTable } from '../testing/tables';
import { filterByExpression } from './filter-expression';
import { filterRows } from './filter-rows';
import { selectionOf, selectRows } from './row-selection';
import { splitRows } from './split-rows';

const cellsOf = (col: Column) => Array.from(col.kind === 'category' ? col.codes : col.values);
const plain = (table: Table): Table => ({ rowCount: table.rowCount, columns: table.columns.map((col) => ({ ...col })) });

// Ten rows: x = 0..9, a date column, and a category column with a missing cell.
const table = makeTable({ x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], s: ['a', 'b', null, 'a', 'c', 'b', 'a', 'c', 'b', 'a'] });
const withDate: Table = { ...table, columns: [...table.columns, { kind: 'date', name: 'd', values: Float64Array.from({ length: 10 }, (_, i) => Date.UTC(2024, 0, 1 + i)) }] };

describe('rows kept by a filter, gathered when read', () => {
  it('leaves the columns to be gathered from the input, and reading one gathers it once and lets go of the input', () => {
    const kept = filterRows(withDate, { combine: 'and', conditions: [{ column: 'x', op: 'gte', value: 3 }] });
    kept.columns.forEach((col, i) => expect(selectionOf(col)?.source).toBe(withDate.columns[i]));
    const x = kept.columns[0]!;
    expect(cellsOf(x)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(selectionOf(x)).toBeUndefined();
    expect(x.kind === 'number' && x.values).toBe(x.kind === 'number' && x.values);
    // The others are still waiting; each reads as the rows it kept, with its kind and dictionary.
    expect(selectionOf(kept.columns[1]!)).toBeDefined();
    expect(sampleRows(kept, 10).map((row) => row.slice(0, 2))).toEqual([[3, 'a'], [4, 'c'], [5, 'b'], [6, 'a'], [7, 'c'], [8, 'b'], [9, 'a']]);
    expect(kept.columns.map((col) => col.kind)).toEqual(['number', 'category', 'date']);
  });

  it('gives every reader (a spread, the port encoder) the kept rows, as an eager gather would', () => {
    const rows = Int32Array.from([1, 2, 4, 5, 6, 8, 9]);
    const eager = takeRows(withDate, rows);
    expect(plain(selectRows(withDate, rows, takeRows))).toEqual(eager);
    // The encoder gathers each column straight into the stored bytes, leaving the table's columns as they were.
    const lazy = selectRows(withDate, rows, takeRows);
    const decoded = decodePortValue(encodePortValue({ kind: 'split', train: lazy, test: lazy, fitted: [] }));
    expect(decoded.kind === 'split' && [plain(decoded.train), plain(decoded.test)]).toEqual([eager, eager]);
    // So does the run's summary, counting missing cells through the selection.
    expect(summarizePortValue({ kind: 'table', table: lazy })).toMatchObject({ rows: 7, columns: [{ name: 'x', missing: 0 }, { name: 's', missing: 1 }, { name: 'd', missing: 0 }] });
    expect(lazy.columns.every((col) => selectionOf(col) !== undefined)).toBe(true);
  });

  it('is gathered through by a split, a sort-like take and a second filter, straight from the original columns', () => {
    const kept = filterRows(withDate, { combine: 'and', conditions: [{ column: 's', op: 'neq', value: 'c' }] });
    const eager = plain(kept);
    const lazy = filterRows(withDate, { combine: 'and', conditions: [{ column: 's', op: 'neq', value: 'c' }] });
    const split = splitRows(lazy, { testFraction: 0.3, seed: 7 });
    const expected = splitRows(eager, { testFraction: 0.3, seed: 7 });
    expect(split.train).toEqual(expected.train);
    expect(split.test).toEqual(expected.test);
    expect(lazy.columns.every((col) => selectionOf(col) !== undefined)).toBe(true);

    // A filter of a filter selects from the first filter's input, through both row lists; the column its
    // condition read (x) was gathered by that reading, so it selects from that.
    const twice = filterByExpression(lazy, 'x >= 2');
    twice.columns.slice(1).forEach((col, i) => expect(selectionOf(col)?.source).toBe(withDate.columns[i + 1]));
    expect(selectionOf(twice.columns[0]!)?.source).not.toBe(withDate.columns[0]);
    expect(sampleRows(twice, 10).map((row) => row.slice(0, 2))).toEqual([[2, null], [3, 'a'], [5, 'b'], [6, 'a'], [8, 'b'], [9, 'a']]);
    expect(cellsOf(takeRows(twice, Int32Array.from([4, 0])).columns[0]!)).toEqual([8, 2]);
  });

  it('returns the table itself when every row is kept, and gathers at once when under half of what it would hold are', () => {
    expect(filterRows(table, { combine: 'and', conditions: [{ column: 'x', op: 'gte', value: 0 }] })).toBe(table);
    const few = filterRows(table, { combine: 'and', conditions: [{ column: 'x', op: 'gt', value: 6 }] });
    expect(few.columns.every((col) => selectionOf(col) === undefined)).toBe(true);
    expect(cellsOf(few.columns[0]!)).toEqual([7, 8, 9]);
    // 6 of 10 rows, then 4 of those 6: two thirds of its input, but 4 of the 10 rows it would hold.
    const six = filterRows(table, { combine: 'and', conditions: [{ column: 'x', op: 'gte', value: 4 }] });
    expect(six.columns.every((col) => selectionOf(col) !== undefined)).toBe(true);
    const four = filterByExpression(six, 's != "c" and s is not null');
    expect(four.rowCount).toBe(4);
    expect(four.columns.every((col) => selectionOf(col) === undefined)).toBe(true);
    expect(sampleRows(four, 9)).toEqual([[5, 'b'], [6, 'a'], [8, 'b'], [9, 'a']]);
  });

  it('leaves a derived column that copies a column still to be gathered with its own cells', () => {
    const kept = filterRows(withDate, { combine: 'and', conditions: [{ column: 'x', op: 'gte', value: 2 }] });
    const copied = evaluateExpression(checkExpression('x', tableSchema(kept)), kept, 'x2');
    expect(copied.kind === 'number' && Array.from(copied.values)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(copied.kind === 'number' && copied.values).not.toBe(kept.columns[0]!.kind === 'number' && kept.columns[0]!.values);
    expect(selectionOf(kept.columns[1]!)).toBeDefined();
  });
});
