import type { Table } from '../table';
import { countCodes } from './category-counts';
import { encodeByValue, requireCategoryColumn } from './category-column';
import { compareText } from './one-hot';

/**
 * Category → integer code 0, 1, 2… in an order learned from the fit rows: first appearance,
 * alphabetical, or most frequent first (ties alphabetical). Values unseen while fitting become
 * missing or `unknownCode`; missing cells stay missing.
 */
export type OrdinalOrder = 'appearance' | 'alphabetical' | 'frequency';
export type OrdinalOptions = { columns: string[]; order: OrdinalOrder; unknownCode: number | null };
export type OrdinalState = { columns: { column: string; categories: string[] }[]; unknownCode: number | null };

const WHERE = 'Ordinal encode';

export function fitOrdinal(table: Table, options: OrdinalOptions): OrdinalState {
  return {
    columns: options.columns.map((name) => ({ column: name, categories: orderCategories(table, name, options.order) })),
    unknownCode: options.unknownCode,
  };
}

function orderCategories(table: Table, name: string, order: OrdinalOrder): string[] {
  const col = requireCategoryColumn(table, name, WHERE);
  const counts = countCodes(col);
  const present = col.dictionary.map((value, code) => ({ value, code, count: counts[code] })).filter((c) => c.count > 0);
  if (order === 'alphabetical') return present.map((c) => c.value).sort(compareText);
  if (order === 'frequency') return present.sort((a, b) => b.count - a.count || compareText(a.value, b.value)).map((c) => c.value);
  const firstRow = new Int32Array(col.dictionary.length).fill(-1);
  let found = 0;
  for (let i = 0; i < col.codes.length && found < present.length; i++) {
    const code = col.codes[i];
    if (code >= 0 && firstRow[code] < 0) {
      firstRow[code] = i;
      found++;
    }
  }
  return present.sort((a, b) => firstRow[a.code] - firstRow[b.code]).map((c) => c.value);
}

export function applyOrdinal(table: Table, state: OrdinalState): Table {
  const positions = new Map(state.columns.map((s) => [s.column, new Map(s.categories.map((value, i) => [value, i]))]));
  const unknown = state.unknownCode ?? NaN;
  return encodeByValue(table, new Set(positions.keys()), WHERE, (column, text) => positions.get(column)!.get(text) ?? unknown);
}
