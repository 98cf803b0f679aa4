import { describe, expect, it } from 'vitest';
import type { Table } from '../table';
import { sampleRows, tableSchema } from '../table-ops';
import { makeTable } from '../testing/tables';
import { concatRows, concatSchema } from './concat-rows';

const rows = (t: Table) => sampleRows(t, t.rowCount);
const names = (t: Table) => t.columns.map((c) => c.name);

const first = makeTable({ id: [1, 2], color: ['red', null], only1: [5, 6] });
const second = makeTable({ only2: ['x', 'y', 'z'], color: ['blue', 'red', 'green'], id: [3, null, 4] });

describe('concatRows', () => {
  it("union: every column, first table's order then the second's extras, missing where a table lacks one", () => {
    const out = concatRows(first, second, 'union');
    expect(names(out)).toEqual(['id', 'color', 'only1', 'only2']);
    expect(rows(out)).toEqual([
      [1, 'red', 5, null],
      [2, null, 6, null],
      [3, 'blue', null, 'x'],
      [null, 'red', null, 'y'],
      [4, 'green', null, 'z'],
    ]);
  });

  it('intersection: only the shared columns', () => {
    const out = concatRows(first, second, 'intersection');
    expect(names(out)).toEqual(['id', 'color']);
    expect(out.rowCount).toBe(5);
  });

  it('merges category dictionaries by text, keeping the first table\'s codes', () => {
    const out = concatRows(first, second, 'union');
    expect(out.columns[1]).toMatchObject({ kind: 'category', dictionary: ['red', 'blue', 'green'] });
    expect(Array.from((out.columns[1] as { codes: Int32Array }).codes)).toEqual([0, -1, 1, 0, 2]);
    expect(concatSchema(tableSchema(first).columns, tableSchema(second).columns, 'union')[1]).toEqual({ name: 'color', kind: 'category', categories: ['red', 'blue', 'green'] });
  });

  it('refuses a column whose type differs between the tables, naming it and the fix', () => {
    const text = makeTable({ id: ['a'] });
    expect(() => concatRows(first, text, 'union')).toThrow(/column 'id' holds numbers in the first table but categories in the second.*Cast columns/);
  });

  it('refuses an intersection with no shared column', () => {
    expect(() => concatRows(makeTable({ a: [1] }), makeTable({ b: [1] }), 'intersection')).toThrow(/no column name in common/);
  });

  it('handles empty tables on either side', () => {
    const empty: Table = { rowCount: 0, columns: [{ kind: 'number', name: 'id', values: new Float64Array(0) }, { kind: 'category', name: 'color', codes: new Int32Array(0), dictionary: [] }] };
    expect(rows(concatRows(empty, first, 'union'))).toEqual([[1, 'red', 5], [2, null, 6]]);
    expect(concatRows(first, empty, 'intersection').rowCount).toBe(2);
  });
});
