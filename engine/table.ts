/**
 * Columnar tables: the one in-memory data shape every node reads and writes.
 * Numbers live in Float64Array with NaN as missing; categories are dictionary-encoded
 * (Int32Array codes into a string dictionary, -1 as missing). Kernels work on these arrays directly.
 */
export type NumericColumn = { kind: 'number'; name: string; values: Float64Array };
export type CategoryColumn = { kind: 'category'; name: string; codes: Int32Array; dictionary: string[] };
export type Column = NumericColumn | CategoryColumn;
export type Table = { rowCount: number; columns: Column[] };

export type ColumnKind = Column['kind'];
export type ColumnSchema = { name: string; kind: ColumnKind; categories?: string[] };
export type TableSchema = { columns: ColumnSchema[] };

export const MISSING_CODE = -1;
