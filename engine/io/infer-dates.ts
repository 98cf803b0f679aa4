import type { Column, Table } from '../table';
import { inferDateTexts } from './date-text';

/**
 * Text columns whose every value is a date become date columns. Parsers build text columns as
 * dictionaries, so each distinct value is parsed once and the rows are mapped through the result;
 * a column that is not dates is usually rejected on its first value.
 */
export function inferDateColumns(table: Table): Table {
  let changed = false;
  const columns = table.columns.map((col): Column => {
    if (col.kind !== 'category') return col;
    const dates = inferDateTexts(col.dictionary);
    if (!dates) return col;
    changed = true;
    const codes = col.codes;
    const values = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) values[i] = codes[i] < 0 ? NaN : dates[codes[i]];
    return { kind: 'date', name: col.name, values };
  });
  return changed ? { rowCount: table.rowCount, columns } : table;
}
