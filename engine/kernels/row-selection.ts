import type { Column, Table } from '../table';
import { unzeroedFloat64, unzeroedInt32 } from './unzeroed';

/**
 * Late materialization for row filters. A filter that keeps most rows hands on columns whose cells are
 * gathered from its input only when first read; the next step that moves rows (a split, a sort, another
 * filter) reads through the selection instead, from the original columns, so a filter followed by a split
 * moves each cell once, not twice, and never allocates the filtered copy. Reading a column's `values` or
 * `codes` gathers it then and there (once) and lets go of its source, so every other reader sees an
 * ordinary column.
 */
const SELECTION = Symbol('row selection');
export type Selection = { source: Column; rows: Int32Array };

/** The source column and rows a column's cells are still to be gathered from; undefined once gathered, or for any other column. */
export function selectionOf(col: Column): Selection | undefined {
  return (col as { [SELECTION]?: Selection })[SELECTION];
}

/**
 * The rows of `table` at `rows` (ascending, as a filter keeps them), gathered when read. Fewer than half
 * the rows of the columns it would hold on to are gathered at once instead: holding a whole input for a
 * small result would cost more memory than the copy saves.
 */
export function selectRows(table: Table, rows: Int32Array, gatherNow: (table: Table, rows: Int32Array) => Table): Table {
  if (rows.length === table.rowCount) return table;
  // Measured against the columns the result would hold on to: a filter of a filter selects from the first one's input.
  let held = table.rowCount;
  for (const col of table.columns) held = Math.max(held, cellCount(selectionOf(col)?.source ?? col));
  if (rows.length * 2 < held) return gatherNow(table, rows);
  const composed = new Map<Int32Array, Int32Array>();
  return { rowCount: rows.length, columns: table.columns.map((col) => deferredColumn(selectionThrough(col, rows, composed))) };
}

const cellCount = (col: Column) => (col.kind === 'category' ? col.codes.length : col.values.length);

/**
 * Where the cells of `col` at `rows` come from: its own cells, or, for a column still to be gathered, its
 * source's through both row lists. `composed` keeps each earlier selection's composed rows, so the columns
 * of one filter's result compose once between them.
 */
export function selectionThrough(col: Column, rows: Int32Array, composed: Map<Int32Array, Int32Array>): Selection {
  const earlier = selectionOf(col);
  if (!earlier) return { source: col, rows };
  let through = composed.get(earlier.rows);
  if (!through) composed.set(earlier.rows, (through = composeRows(earlier.rows, rows)));
  return { source: earlier.source, rows: through };
}

/** `outer[inner[i]]` for every i: rows of a selection's source picked through a second selection. */
function composeRows(outer: Int32Array, inner: Int32Array): Int32Array {
  const out = unzeroedInt32(inner.length);
  for (let i = 0; i < inner.length; i++) out[i] = outer[inner[i]];
  return out;
}

function deferredColumn(selection: Selection): Column {
  let pending: Selection | undefined = selection;
  let cells: Float64Array | Int32Array | undefined;
  const read = () => {
    if (!cells) {
      cells = gatherCells(pending!.source, pending!.rows);
      pending = undefined;
    }
    return cells;
  };
  const { source } = selection;
  // Own, enumerable getters: `{ ...col }` and structured clones read them, and so gather.
  const column =
    source.kind === 'category'
      ? { kind: source.kind, name: source.name, dictionary: source.dictionary, get codes() { return read() as Int32Array; } }
      : { kind: source.kind, name: source.name, get values() { return read() as Float64Array; } };
  Object.defineProperty(column, SELECTION, { get: () => pending });
  return column;
}

function gatherCells(col: Column, rows: Int32Array): Float64Array | Int32Array {
  const out = col.kind === 'category' ? unzeroedInt32(rows.length) : unzeroedFloat64(rows.length);
  gatherInto({ source: col, rows }, out);
  return out;
}

/** Writes a selection's cells into `out`, an array of its source's type as long as its rows (the port encoder's own buffer, say). */
export function gatherInto({ source, rows }: Selection, out: Float64Array | Int32Array): void {
  const n = rows.length;
  if (source.kind === 'category') {
    const src = source.codes;
    const codes = out as Int32Array;
    for (let i = 0; i < n; i++) codes[i] = src[rows[i]];
    return;
  }
  const src = source.values;
  const values = out as Float64Array;
  for (let i = 0; i < n; i++) values[i] = src[rows[i]];
}
