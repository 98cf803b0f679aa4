import { UserError } from '../define-node';
import type { CategoryColumn, Column, Table } from '../table';
import { readAsCategory, requireColumn } from '../table-ops';

/**
 * Replace category columns by one 0/1 numeric column per category seen in the fit rows, named
 * `<column>=<category>`. Missing values and categories unseen at fit time encode as all zeros,
 * so prediction requests with new values still get an answer.
 */
export const MAX_ONE_HOT_CATEGORIES = 1000;

export type OneHotOptions = { columns: string[] };
export type OneHotState = { columns: { column: string; categories: string[] }[] };

export function fitOneHot(table: Table, options: OneHotOptions): OneHotState {
  return {
    columns: options.columns.map((name) => {
      const col = requireCategoryColumn(table, name);
      const counts = new Int32Array(col.dictionary.length);
      for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) counts[col.codes[i]]++;
      const categories = col.dictionary.filter((_, code) => counts[code] > 0).sort();
      if (categories.length > MAX_ONE_HOT_CATEGORIES) {
        throw new UserError(`One-hot: column '${name}' has ${categories.length} different values, which would create that many columns (the limit is ${MAX_ONE_HOT_CATEGORIES}). Encode a column with fewer distinct values, or drop this one.`, { column: name });
      }
      return { column: name, categories };
    }),
  };
}

export function applyOneHot(table: Table, state: OneHotState): Table {
  const encoded = new Map(state.columns.map((s) => [s.column, s.categories]));
  const columns: Column[] = [];
  for (const col of table.columns) {
    const categories = encoded.get(col.name);
    if (!categories) columns.push(col);
    else columns.push(...encodeColumn(requireCategoryColumn(table, col.name), categories, table.rowCount));
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

function encodeColumn(col: CategoryColumn, categories: string[], rowCount: number): Column[] {
  const position = new Map(categories.map((c, i) => [c, i]));
  // Table code → output column index (-1: unseen at fit time, encodes as all zeros).
  const target = Int32Array.from(col.dictionary, (value) => position.get(value) ?? -1);
  const outputs = categories.map(() => new Float64Array(rowCount));
  const codes = col.codes;
  for (let i = 0; i < rowCount; i++) {
    const code = codes[i];
    if (code >= 0) {
      const k = target[code];
      if (k >= 0) outputs[k][i] = 1;
    }
  }
  return categories.map((value, k): Column => ({ kind: 'number', name: `${col.name}=${value}`, values: outputs[k] }));
}

function requireCategoryColumn(table: Table, name: string): CategoryColumn {
  const col = readAsCategory(requireColumn(table, name, 'One-hot') as Column);
  if (!col) {
    throw new UserError(`One-hot: column '${name}' already holds numbers; only category columns can be one-hot encoded. Remove it from the list.`, { column: name });
  }
  return col;
}
