import { describe, expect, it } from 'vitest';
import { takeRows } from '../table-ops';
import type { Table } from '../table';
import { unzeroedFloat64, unzeroedInt32 } from './unzeroed';

describe('arrays written in full, not zeroed first', () => {
  it('gives large arrays of the length asked for, each on a buffer of its own, and small ones zeroed', () => {
    const large = unzeroedFloat64(300_000);
    expect(large).toHaveLength(300_000);
    expect([large.byteOffset, large.buffer.byteLength]).toEqual([0, 2_400_000]);
    expect(unzeroedFloat64(300_000).buffer).not.toBe(large.buffer);
    expect(unzeroedInt32(400_000)).toHaveLength(400_000);
    expect(Array.from(unzeroedFloat64(5))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(unzeroedInt32(3))).toEqual([0, 0, 0]);
  });

  it('leaves no cell of a large gather unwritten', () => {
    const n = 400_000;
    const table: Table = {
      rowCount: n,
      columns: [
        { kind: 'number', name: 'x', values: Float64Array.from({ length: n }, (_, i) => i * 0.5) },
        { kind: 'category', name: 'c', codes: Int32Array.from({ length: n }, (_, i) => (i % 3) - 1), dictionary: ['a', 'b'] },
      ],
    };
    const rows = Int32Array.from({ length: n - 7 }, (_, i) => n - 1 - i);
    const taken = takeRows(table, rows);
    const x = taken.columns[0]!;
    const c = taken.columns[1]!;
    expect(x.kind === 'number' && x.values.every((v, i) => v === (n - 1 - i) * 0.5)).toBe(true);
    expect(c.kind === 'category' && c.codes.every((code, i) => code === ((n - 1 - i) % 3) - 1)).toBe(true);
  });
});
