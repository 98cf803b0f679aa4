import { UserError } from '../define-node';
import type { CategoryColumn, Column, Table } from '../table';
import { readAsCategory, requireColumn } from '../table-ops';
import { countCodes } from './category-counts';

/**
 * Replace category columns by one 0/1 numeric column per category seen in the fit rows, named
 * `<column>=<category>`, in alphabetical order. With more than `maxCategories` values only the most
 * frequent ones get a column and every other value (unseen ones too) sets `<column>_other`.
 * `dropFirst` leaves out the first kept category, which then encodes as all zeros (no redundant column
 * for linear models). Missing values encode as all zeros, and so do unseen values without an other
 * column, so prediction requests with new values still get an answer.
 */
export const MAX_ONE_HOT_CATEGORIES = 1000;

export type OneHotOptions = { columns: string[]; maxCategories: number; dropFirst: boolean };
/** `dropped` and `other` are absent in states saved before top-K and drop-first existed. */
export type OneHotEntry = { column: string; categories: string[]; dropped?: string; other?: boolean };
export type OneHotState = { columns: OneHotEntry[] };
/**
 * What One-hot makes of a value it never saw, without an 'other' column, as the prediction warnings say it:
 * every indicator 0, which with Drop first is how the dropped value reads.
 */
export const oneHotUnseenReading = (entry: Pick<OneHotEntry, 'dropped'>) =>
  entry.dropped === undefined ? 'One-hot set every one of its columns to 0' : `One-hot read it as '${entry.dropped}', the value whose column Drop first left out`;

/** The 0/1 column for one category of `column`, and the column for the values without one of their own. */
export const indicatorColumnName = (column: string, value: string) => `${column}=${value}`;
export const otherColumnName = (column: string) => `${column}_other`;

export function fitOneHot(table: Table, options: OneHotOptions): OneHotState {
  return { columns: options.columns.map((name) => fitColumn(requireCategoryColumn(table, name), options)) };
}

function fitColumn(col: CategoryColumn, options: OneHotOptions): OneHotEntry {
  const counts = countCodes(col);
  const present = col.dictionary.map((value, code) => ({ value, count: counts[code] })).filter((c) => c.count > 0);
  const other = present.length > options.maxCategories;
  const kept = other
    ? present.sort((a, b) => b.count - a.count || compareText(a.value, b.value)).slice(0, options.maxCategories)
    : present;
  const categories = kept.map((c) => c.value).sort(compareText);
  const dropped = options.dropFirst && categories.length > 0 ? categories.shift() : undefined;
  return { column: col.name, categories, ...(dropped === undefined ? {} : { dropped }), other };
}

/** Plain code-unit order, the same as Array.prototype.sort, so edit time and run time agree. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function applyOneHot(table: Table, state: OneHotState): Table {
  const encoded = new Map(state.columns.map((s) => [s.column, s]));
  const columns: Column[] = [];
  for (const col of table.columns) {
    const entry = encoded.get(col.name);
    if (!entry) columns.push(col);
    else columns.push(...encodeColumn(requireCategoryColumn(table, col.name), entry, table.rowCount));
  }
  for (const name of encoded.keys()) requireColumn(table, name, 'One-hot');
  const seen = new Set<string>();
  for (const col of columns) {
    if (seen.has(col.name)) {
      throw new UserError(`One-hot: the new column '${col.name}' has the same name as an existing column. Rename the existing column first.`, { column: col.name });
    }
    seen.add(col.name);
  }
  return { rowCount: table.rowCount, columns };
}

function encodeColumn(col: CategoryColumn, entry: OneHotEntry, rowCount: number): Column[] {
  const position = new Map(entry.categories.map((c, i) => [c, i]));
  const otherIndex = entry.other ? entry.categories.length : -1;
  // Table code → output column index (-1: all zeros, i.e. the dropped category, or unseen without an other column).
  const target = Int32Array.from(col.dictionary, (value) => position.get(value) ?? (value === entry.dropped ? -1 : otherIndex));
  const names = entry.categories.map((value) => indicatorColumnName(col.name, value));
  if (entry.other) names.push(otherColumnName(col.name));
  const outputs = names.map(() => new Float64Array(rowCount));
  const codes = col.codes;
  for (let i = 0; i < rowCount; i++) {
    const code = codes[i];
    if (code >= 0) {
      const k = target[code];
      if (k >= 0) outputs[k][i] = 1;
    }
  }
  return names.map((name, k): Column => ({ kind: 'number', name, values: outputs[k] }));
}

function requireCategoryColumn(table: Table, name: string): CategoryColumn {
  const col = readAsCategory(requireColumn(table, name, 'One-hot') as Column);
  if (!col) {
    throw new UserError(`One-hot: column '${name}' already holds numbers; only category columns can be one-hot encoded. Remove it from the list.`, { column: name });
  }
  return col;
}
