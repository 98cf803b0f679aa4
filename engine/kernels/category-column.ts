import { UserError } from '../define-node';
import type { CategoryColumn, Column, Table } from '../table';
import { readAsCategory, requireColumn } from '../table-ops';

/** The named category column (an all-missing column reads as one), or a UserError naming the fix. */
export function requireCategoryColumn(table: Table, name: string, where: string): CategoryColumn {
  const col = readAsCategory(requireColumn(table, name, where) as Column);
  if (!col) throw new UserError(`${where}: column '${name}' already holds numbers; only category columns can be encoded here. Remove it from the list.`, { column: name });
  return col;
}

/**
 * Replaces category columns by numbers looked up per dictionary value: `valueOf(column, text)` is
 * asked once per distinct value (O(distinct)), then one pass over the codes fills the output; missing
 * cells stay missing. The encoders (ordinal, frequency, target) all end in this loop.
 */
export function encodeByValue(table: Table, names: ReadonlySet<string>, where: string, valueOf: (column: string, text: string) => number): Table {
  for (const name of names) requireColumn(table, name, where);
  const columns = table.columns.map((original): Column => {
    if (!names.has(original.name)) return original;
    const col = requireCategoryColumn(table, original.name, where);
    const lookup = Float64Array.from(col.dictionary, (text) => valueOf(col.name, text));
    return { kind: 'number', name: col.name, values: mapCodes(col.codes, lookup) };
  });
  return { rowCount: table.rowCount, columns };
}

export function mapCodes(codes: Int32Array, lookup: Float64Array): Float64Array {
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    out[i] = code < 0 ? NaN : lookup[code];
  }
  return out;
}
