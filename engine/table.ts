/**
 * Columnar tables: the one in-memory data shape every node reads and writes.
 * Numbers live in Float64Array with NaN as missing; categories are dictionary-encoded
 * (Int32Array codes into a string dictionary, -1 as missing); dates and date-times are
 * epoch milliseconds UTC in a Float64Array, NaN as missing. Kernels work on these arrays directly.
 */
export type NumericColumn = { kind: 'number'; name: string; values: Float64Array };
export type CategoryColumn = { kind: 'category'; name: string; codes: Int32Array; dictionary: string[] };
export type DateColumn = { kind: 'date'; name: string; values: Float64Array };
export type Column = NumericColumn | CategoryColumn | DateColumn;
export type Table = { rowCount: number; columns: Column[] };

export type ColumnKind = Column['kind'];
export type ColumnSchema = { name: string; kind: ColumnKind; categories?: string[] };
/**
 * `missingTokens`: on the schema of a source's rows as prediction records send them (a model's input
 * schema), the texts the source read as missing (a dataset's 'Also read as missing'), which records from
 * the same source may still hold.
 */
export type TableSchema = { columns: ColumnSchema[]; missingTokens?: string[] };

export const MISSING_CODE = -1;

/** Columns stored as a Float64Array (numbers and dates): kernels that only move values treat them alike. */
export function hasValues(col: Column): col is NumericColumn | DateColumn {
  return col.kind !== 'category';
}

/** A number or date column; with `col.kind`, lets row-moving kernels keep a date a date. */
export function valuesColumn(kind: 'number' | 'date', name: string, values: Float64Array): NumericColumn | DateColumn {
  return kind === 'date' ? { kind: 'date', name, values } : { kind: 'number', name, values };
}
