import type { Column, Table } from '../table';

/** Builds a small table from literal columns: number arrays (null = missing) or string arrays (null = missing). */
export function makeTable(columns: Record<string, (number | null)[] | (string | null)[]>): Table {
  const built = Object.entries(columns).map(([name, cells]): Column => {
    if (cells.every((v) => v === null || typeof v === 'number')) {
      return { kind: 'number', name, values: Float64Array.from(cells, (v) => (v === null ? NaN : Number(v))) };
    }
    const dictionary = [...new Set(cells.filter((v): v is string => v !== null))];
    return { kind: 'category', name, codes: Int32Array.from(cells, (v) => (v === null ? -1 : dictionary.indexOf(String(v)))), dictionary };
  });
  const first = built[0];
  return { rowCount: first === undefined ? 0 : first.kind === 'category' ? first.codes.length : first.values.length, columns: built };
}
