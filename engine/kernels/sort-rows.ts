import type { Column, Table } from '../table';
import { requireColumn, takeRows } from '../table-ops';
import { denseRanks } from './dense-rank';

/**
 * Stable multi-column sort without a comparator: each key becomes dense integer ranks (numbers by
 * value, categories by their text in code-point order, reversed for descending keys, missing ranked
 * after everything in either direction), then one stable counting-sort pass per key, last key first
 * (LSD). Each pass is O(rows + distinct values), so a 1M-row sort costs a few passes over typed arrays.
 */
export type SortKey = { column: string; order: 'ascending' | 'descending' };

export function sortRows(table: Table, keys: readonly SortKey[]): Table {
  if (keys.length === 0) return table;
  const ranked = keys.map((key) => keyRanks(requireColumn(table, key.column, 'Sort') as Column, key.order === 'descending'));
  let order = new Int32Array(table.rowCount);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let scratch = new Int32Array(table.rowCount);
  for (let k = ranked.length - 1; k >= 0; k--) {
    countingSortPass(order, scratch, ranked[k].ranks, ranked[k].size);
    [order, scratch] = [scratch, order];
  }
  return takeRows(table, order);
}

/** Ranks in [0, size); missing cells get size - 1, which no value shares. */
function keyRanks(col: Column, descending: boolean): { ranks: Int32Array; size: number } {
  let ranks: Int32Array;
  let distinct: number;
  if (col.kind !== 'category') {
    const dense = denseRanks(col.values);
    ranks = dense.ranks;
    distinct = dense.uniques.length;
  } else {
    const dictionary = col.dictionary;
    const byText = dictionary.map((_, code) => code).sort((a, b) => compareText(dictionary[a], dictionary[b]));
    const rankOfCode = new Int32Array(dictionary.length);
    byText.forEach((code, position) => (rankOfCode[code] = position));
    const codes = col.codes;
    ranks = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) ranks[i] = codes[i] < 0 ? -1 : rankOfCode[codes[i]];
    distinct = dictionary.length;
  }
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i];
    ranks[i] = r < 0 ? distinct : descending ? distinct - 1 - r : r;
  }
  return { ranks, size: distinct + 1 };
}

function countingSortPass(order: Int32Array, out: Int32Array, ranks: Int32Array, size: number): void {
  const starts = new Int32Array(size + 1);
  for (let i = 0; i < ranks.length; i++) starts[ranks[i] + 1]++;
  for (let r = 0; r < size; r++) starts[r + 1] += starts[r];
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    out[starts[ranks[row]]++] = row;
  }
}

/** Code-point order: the same on every machine and locale, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
