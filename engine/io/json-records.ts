import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { nulInTextError, refuseNulBytes } from './nul-bytes';

/**
 * JSON array of flat records → columnar Table. Columns appear in first-seen key order; a column
 * is numeric when every non-null value is a number, otherwise a category (numbers and booleans
 * become their text). Keys are collected in a Map, so names such as `__proto__` are ordinary columns.
 */
type Cell = number | string | null;
type SparseColumn = { rows: number[]; values: Cell[] };

/** Dense tables cost rows × columns; records with many distinct keys must not turn a small file into gigabytes. */
export const MAX_JSON_CELLS = 50_000_000;

export function parseJsonRecords(bytes: Uint8Array): Table {
  return tableFromRecords(parseJsonArray(bytes));
}

/** Builds a table from already-parsed records (e.g. the body of a prediction request). */
export function tableFromRecords(records: readonly unknown[]): Table {
  if (records.length === 0) throw new UserError('There are no records. Send at least one record such as {"column": value}.');
  // Collected sparsely (only the cells present), and sized up before anything dense is allocated.
  const cells = new Map<string, SparseColumn>();
  records.forEach((record, row) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new UserError(`Record ${row + 1} is not an object with named fields (found ${describe(record)}). Each element of the array must look like {"column": value, ...}.`, { row: row + 1 });
    }
    for (const [key, value] of Object.entries(record)) {
      let column = cells.get(key);
      if (!column) {
        if (key.trim() === '') throw new UserError(`Record ${row + 1} has a field with an empty name. Give every field a name.`, { row: row + 1 });
        if (key.includes('\0')) throw nulInTextError(`Record ${row + 1}: the name of field ${JSON.stringify(key)} (${jsonPath(row)})`);
        column = { rows: [], values: [] };
        cells.set(key, column);
      }
      column.rows.push(row);
      column.values.push(toCell(value, key, row));
    }
  });
  if (cells.size === 0) throw new UserError('The JSON records have no fields. Each record needs at least one "column": value pair.');
  if (cells.size * records.length > MAX_JSON_CELLS) {
    throw new UserError(
      `The records have ${cells.size.toLocaleString('en-US')} different field names across ${records.length.toLocaleString('en-US')} records, more than a table can hold (${MAX_JSON_CELLS.toLocaleString('en-US')} cells). Use the same field names in every record.`,
    );
  }
  const columns = [...cells].map(([name, sparse]) => buildColumn(name, densify(sparse, records.length)));
  return { rowCount: records.length, columns };
}

function densify(sparse: SparseColumn, rowCount: number): Cell[] {
  const dense = new Array<Cell>(rowCount).fill(null);
  for (let i = 0; i < sparse.rows.length; i++) dense[sparse.rows[i]!] = sparse.values[i]!;
  return dense;
}

function parseJsonArray(bytes: Uint8Array): unknown[] {
  refuseNulBytes(bytes, 0, 'JSON');
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UserError('The JSON file is empty. Upload an array of records such as [{"a": 1, "b": "x"}, ...].');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UserError(`The file is not valid JSON (${detail}). Check for a missing comma, bracket or quote near that position.`);
  }
  if (!Array.isArray(data)) {
    throw new UserError(`The JSON file holds ${describe(data)}, not an array of records. Wrap the records in [ ... ], one object per row.`);
  }
  if (data.length === 0) throw new UserError('The JSON array is empty. Add at least one record.');
  return data;
}

function toCell(value: unknown, key: string, row: number): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  throw new UserError(`Record ${row + 1}, field '${key}' holds ${describe(value)}; only numbers, text, true/false and null are supported. Flatten nested values into separate fields.`, { column: key, row: row + 1 });
}

function buildColumn(name: string, values: Cell[]): Column {
  if (values.every((v) => v === null || typeof v === 'number')) {
    return { kind: 'number', name, values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) };
  }
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  values.forEach((v, row) => {
    if (v === null) {
      codes[row] = -1;
      return;
    }
    const text = String(v);
    let code = index.get(text);
    if (code === undefined) {
      // Checked once per distinct value, not per cell.
      if (text.includes('\0')) throw nulInTextError(`Record ${row + 1}, field '${name}' (${jsonPath(row, name)})`);
      code = dictionary.push(text) - 1;
      index.set(text, code);
    }
    codes[row] = code;
  });
  return { kind: 'category', name, codes, dictionary };
}

function jsonPath(row: number, key?: string): string {
  return `$[${row}]${key === undefined ? '' : `[${JSON.stringify(key)}]`}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a nested object';
  return `a ${typeof value}`;
}
