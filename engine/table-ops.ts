import { UserError } from './define-node';
import { formatDate } from './io/date-text';
import { gatherInto, selectionOf, selectionThrough } from './kernels/row-selection';
import { unzeroedFloat64, unzeroedInt32 } from './kernels/unzeroed';
import { valuesColumn, type CategoryColumn, type Column, type NumericColumn, type Table, type TableSchema } from './table';

/** Most categories listed in an edit-time schema; enough for one-hot previews, small enough to ship to the canvas. */
export const MAX_SCHEMA_CATEGORIES = 1000;

/** The edit-time schema of a table (names, kinds, category values). */
export function tableSchema(table: Table): TableSchema {
  return {
    columns: table.columns.map((col) =>
      col.kind === 'category'
        ? { name: col.name, kind: col.kind, categories: col.dictionary.slice(0, MAX_SCHEMA_CATEGORIES) }
        : { name: col.name, kind: col.kind },
    ),
  };
}

/**
 * tableSchema with each category column's values cut to those its rows hold: rows gathered from a larger table
 * (a Split's training rows) keep its whole dictionary, values only the other rows hold included.
 */
export function presentSchema(table: Table): TableSchema {
  return {
    columns: table.columns.map((col) => {
      if (col.kind !== 'category') return { name: col.name, kind: col.kind };
      const seen = new Uint8Array(col.dictionary.length);
      const codes = col.codes;
      for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) seen[codes[i]] = 1;
      return { name: col.name, kind: col.kind, categories: col.dictionary.filter((_, code) => seen[code] === 1).slice(0, MAX_SCHEMA_CATEGORIES) };
    }),
  };
}

/** The first `n` rows as plain arrays (null for missing, dates as ISO 8601 text), in column order, for previews. */
export function sampleRows(table: Table, n: number): (number | string | null)[][] {
  const count = Math.max(0, Math.min(n, table.rowCount));
  const rows: (number | string | null)[][] = [];
  for (let r = 0; r < count; r++) {
    rows.push(
      table.columns.map((col) => {
        if (col.kind === 'number') return Number.isNaN(col.values[r]) ? null : col.values[r];
        if (col.kind === 'date') return Number.isNaN(col.values[r]) ? null : formatDate(col.values[r]);
        const code = col.codes[r];
        return code < 0 ? null : col.dictionary[code];
      }),
    );
  }
  return rows;
}

/** Looks a column up by name, or throws a UserError listing the columns that do exist. */
export function requireColumn(table: Table | TableSchema, name: string, where: string): Column | TableSchema['columns'][number] {
  const found = table.columns.find((c) => c.name === name);
  if (!found) {
    const names = table.columns.map((c) => c.name).join(', ');
    throw new UserError(`${where}: column '${name}' was not found. Available columns: ${names || '(none)'}.`, { column: name });
  }
  return found;
}

/** Like requireColumn, but also insists on a numeric column. */
export function requireNumericColumn(table: Table, name: string, where: string): NumericColumn {
  const col = requireColumn(table, name, where) as Column;
  if (col.kind === 'date') {
    throw new UserError(`${where}: column '${name}' holds dates, not numbers. Turn it into numbers with a Date parts node (year, month, weekday, …) first.`, { column: name });
  }
  if (col.kind !== 'number') {
    throw new UserError(`${where}: column '${name}' holds categories, not numbers. Pick a numeric column or encode it with One-hot first.`, { column: name });
  }
  return col;
}

/**
 * Up to this many bytes, a gathered table's columns are views of one buffer: for sample-sized tables
 * (every preview edit of a split or filter) allocating a buffer per column cost several times the
 * copying. Larger tables keep a buffer per column, so a column dropped later gives its memory back.
 */
const ONE_BUFFER_MAX_BYTES = 4 << 20;

/**
 * A new table holding only the given rows (in the given order) of every column. A column a filter left to
 * be gathered (row-selection.ts) is read through its selection, from its source, without gathering it first.
 */
export function takeRows(table: Table, rows: Int32Array): Table {
  const n = rows.length;
  const allocate = allocatorFor(table, n);
  const composed = new Map<Int32Array, Int32Array>();
  const columns = table.columns.map((col): Column => {
    const selection = selectionThrough(col, rows, composed);
    const { source } = selection;
    if (source.kind !== 'category') {
      const out = allocate.values();
      gatherInto(selection, out);
      return valuesColumn(source.kind, source.name, out);
    }
    const out = allocate.codes();
    gatherInto(selection, out);
    return { kind: 'category', name: source.name, codes: out, dictionary: source.dictionary };
  });
  return { rowCount: n, columns };
}

/** Arrays of `n` cells for the columns of `table`: carved from one buffer (values first, 8-byte aligned) when small. */
function allocatorFor(table: Table, n: number): { values(): Float64Array; codes(): Int32Array } {
  const valueColumns = table.columns.filter((c) => c.kind !== 'category').length;
  const valueBytes = valueColumns * n * 8;
  const bytes = valueBytes + (table.columns.length - valueColumns) * n * 4;
  // Every caller writes each cell it is given, so large arrays need not be zeroed first.
  if (bytes > ONE_BUFFER_MAX_BYTES || bytes === 0) return { values: () => unzeroedFloat64(n), codes: () => unzeroedInt32(n) };
  const buffer = new ArrayBuffer(bytes);
  let values = 0;
  let codes = valueBytes;
  return {
    values: () => new Float64Array(buffer, (values += n * 8) - n * 8, n),
    codes: () => new Int32Array(buffer, (codes += n * 4) - n * 4, n),
  };
}

/** The first `n` rows of a table, sharing no buffers with it. */
export function headRows(table: Table, n: number): Table {
  const count = Math.max(0, Math.min(n, table.rowCount));
  const rows = new Int32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return takeRows(table, rows);
}

/** Counts missing cells in a column (NaN or the missing code). */
export function countMissing(col: Column): number {
  // A column a filter left to be gathered is counted through its rows, not gathered to be counted.
  const selection = selectionOf(col);
  if (selection) return countMissingAt(selection.source, selection.rows);
  let missing = 0;
  if (col.kind !== 'category') {
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) missing++;
  } else {
    const c = col.codes;
    for (let i = 0; i < c.length; i++) if (c[i] < 0) missing++;
  }
  return missing;
}

function countMissingAt(col: Column, rows: Int32Array): number {
  let missing = 0;
  if (col.kind !== 'category') {
    const v = col.values;
    for (let i = 0; i < rows.length; i++) if (v[rows[i]] !== v[rows[i]]) missing++;
  } else {
    const c = col.codes;
    for (let i = 0; i < rows.length; i++) if (c[rows[i]] < 0) missing++;
  }
  return missing;
}

/**
 * A column with no values at all reads as numbers (e.g. `"Sex": null` in a prediction record);
 * steps fitted on a category column call this to read it as an empty category column instead.
 */
export function readAsCategory(col: Column): CategoryColumn | undefined {
  if (col.kind === 'category') return col;
  return countMissing(col) === col.values.length ? { kind: 'category', name: col.name, codes: new Int32Array(col.values.length).fill(-1), dictionary: [] } : undefined;
}
