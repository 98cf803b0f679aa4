import type { Table } from '../table';
import { countCodes } from './category-counts';
import { encodeByValue, requireCategoryColumn } from './category-column';

/**
 * Category → how often it occurs in the fit rows (a count, or a share of the non-missing rows).
 * One numeric column whatever the number of distinct values, so it suits IDs-like columns that
 * One-hot would blow up. Values unseen while fitting get 0; missing cells stay missing.
 */
export type FrequencyOptions = { columns: string[]; as: 'share' | 'count' };
export type FrequencyState = { columns: { column: string; categories: string[]; frequencies: number[] }[] };

const WHERE = 'Frequency encode';

export function fitFrequency(table: Table, options: FrequencyOptions): FrequencyState {
  return {
    columns: options.columns.map((name) => {
      const col = requireCategoryColumn(table, name, WHERE);
      const counts = countCodes(col);
      let total = 0;
      for (let c = 0; c < counts.length; c++) total += counts[c];
      const categories: string[] = [];
      const frequencies: number[] = [];
      col.dictionary.forEach((value, code) => {
        if (counts[code] === 0) return;
        categories.push(value);
        frequencies.push(options.as === 'share' ? counts[code] / total : counts[code]);
      });
      return { column: name, categories, frequencies };
    }),
  };
}

export function applyFrequency(table: Table, state: FrequencyState): Table {
  const lookups = new Map(state.columns.map((s) => [s.column, new Map(s.categories.map((value, i) => [value, s.frequencies[i]]))]));
  return encodeByValue(table, new Set(lookups.keys()), WHERE, (column, text) => lookups.get(column)!.get(text) ?? 0);
}
