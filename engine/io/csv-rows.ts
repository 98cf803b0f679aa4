import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import {
  CategoryBuilder,
  decodeText,
  FIELD_MISSING,
  FIELD_NUMBER,
  FIELD_TEXT,
  fieldStatus,
  isMissingToken,
  parseNumberField,
  scanPlainNumber,
  trimEnd,
  trimStart,
} from './csv-fields';
import { closingQuote, countNewlines, missingQuote, type Header } from './csv-header';
import { delimiterName } from './delimiter';
import { readPlainRows } from './plain-rows';

/**
 * The CSV reader's data rows, chunk by chunk: a file in memory is one final chunk, a streamed file
 * many. A chunk may end inside a row; `parseRows` then stops at that row's start and the caller hands
 * it again with more bytes after it. Re-reading a row is harmless because a value is stored only once
 * its end is seen, and storing a complete value again (a dictionary entry, a number flag) changes nothing.
 */
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A try of the plain-row kernel that reads fewer rows than this puts the next try off longer. */
const PLAIN_RUN_ROWS = 16;

/** Per-column parse state: numeric columns fill `numbers`, category columns `categories`. */
export type Columns = {
  numbers: (Float64Array | null)[];
  categories: (CategoryBuilder | null)[];
  sawNumber: Uint8Array;
  /** Columns that met text after numbers: the body is parsed again with them read as categories. */
  switched: Uint8Array;
  capacity: number;
  /** Rows to make room for when `row` rows fill the columns at input position `position`. */
  nextCapacity: (row: number, position: number) => number;
};

/** Where the rows stand between chunks: complete rows stored, and the line number of the next one. */
export type RowState = { row: number; line: number };

export function createColumns(names: string[], forced: Uint8Array, capacity: number, nextCapacity: Columns['nextCapacity']): Columns {
  return {
    numbers: names.map((_, i) => (forced[i] ? null : new Float64Array(capacity))),
    categories: names.map((_, i) => (forced[i] ? new CategoryBuilder(capacity) : null)),
    sawNumber: new Uint8Array(names.length),
    switched: new Uint8Array(names.length),
    capacity,
    nextCapacity,
  };
}

/**
 * Parses the rows of `bytes` from `from`, updating `state`. Returns where the unread rest begins: the
 * start of a row cut by the chunk's end, or the end of `bytes` when `final`. One loop over the bytes:
 * plain cells take a fused scan-and-parse fast path; everything else (quotes, blanks, exponents, blank
 * lines, a value touching the chunk's end) the general path.
 */
export function parseRows(bytes: Uint8Array, final: boolean, from: number, header: Header, cols: Columns, state: RowState, offset: number): number {
  const { names, delimiter } = header;
  const ncols = names.length;
  const n = bytes.length;
  let pos = from;
  let line = state.line;
  let row = state.row;
  let col = 0;
  let rowStart = from;
  let rowLine = line;
  // The row from which plain rows are tried on WebAssembly again, and how far a try that read none puts it off.
  let plainFrom = row;
  let putOff = 1;
  while (pos < n) {
    if (col === 0 && row >= plainFrom && row < cols.capacity) {
      const plain = readPlainRows(bytes, pos, delimiter, cols, row);
      if (!plain) {
        plainFrom = Infinity;
      } else {
        // The row it stopped at (if any) goes to the loop below; where such rows come every few rows, the
        // kernel is tried less and less often (each try copies a window and sets up its call).
        putOff = plain.rows >= PLAIN_RUN_ROWS ? 1 : Math.min(putOff * 2, 4096);
        plainFrom = row + plain.rows + putOff;
        row += plain.rows;
        line += plain.rows;
        pos = plain.pos;
        rowStart = pos;
        rowLine = line;
        if (pos >= n) break;
      }
    }
    let end = -1;
    if (col < ncols && (col > 0 || row < cols.capacity)) {
      const values = cols.numbers[col];
      if (values) {
        end = scanPlainNumber(bytes, pos, n, values, row, delimiter);
        if (end >= 0) cols.sawNumber[col] = 1;
      } else {
        end = cols.categories[col]!.scanAndAdd(bytes, pos, n, row, delimiter);
      }
    }
    if (end < 0) {
      const quoted = bytes[pos] === QUOTE;
      const s = quoted ? pos + 1 : pos;
      const e = quoted ? closingQuote(bytes, s) : findDelimiter(bytes, pos, delimiter);
      end = quoted ? e + 1 : e;
      // What follows the value's last byte decides what it is (`""`, CR LF): wait for the next chunk.
      if (!final && (e < 0 || end >= n)) break;
      if (e < 0) throw missingQuote(line, col + 1);
      const c = end < n ? bytes[end] : LF;
      if (quoted && c !== delimiter && c !== LF && c !== CR) {
        throw new UserError(`Line ${line}, column ${col + 1} ('${names[col] ?? '?'}'): unexpected text after a closing quote. Quote the whole value, and write a quote inside it as two quotes ("").`);
      }
      if (col === 0 && !quoted && c !== delimiter && trimEnd(bytes, s, e) === trimStart(bytes, s, e)) {
        if (c === CR && end + 1 >= n && !final) break;
        pos = end + (c === CR && bytes[end + 1] === LF ? 2 : 1); // blank line: skip it
        line++;
        rowStart = pos;
        rowLine = line;
        continue;
      }
      if (col >= ncols) throw tooManyValues(line, ncols, delimiter);
      if (col === 0 && row === cols.capacity) growColumns(cols, cols.nextCapacity(row, offset + pos));
      storeField(cols, col, row, bytes, s, e, quoted);
      if (quoted) line += countNewlines(bytes, s, e);
    }
    pos = end;
    const c = pos < n ? bytes[pos] : LF;
    col++;
    if (c === delimiter) {
      pos++;
    } else {
      if (col !== ncols) throw tooFewValues(line, col, ncols, delimiter);
      if (c === CR && pos + 1 >= n && !final) break;
      row++;
      col = 0;
      line++;
      pos += c === CR && bytes[pos + 1] === LF ? 2 : 1;
      rowStart = pos;
      rowLine = line;
    }
  }
  if (!final) {
    state.row = row;
    state.line = rowLine;
    return rowStart;
  }
  if (col > 0) {
    // The file ended right after a delimiter: the last value is empty, i.e. missing.
    if (col >= ncols) throw tooManyValues(line, ncols, delimiter);
    const values = cols.numbers[col];
    if (values) values[row] = NaN;
    if (col + 1 !== ncols) throw tooFewValues(line, col + 1, ncols, delimiter);
    row++;
  }
  state.row = row;
  state.line = line;
  return n;
}

function findDelimiter(bytes: Uint8Array, from: number, delimiter: number): number {
  let p = from;
  while (p < bytes.length) {
    const c = bytes[p];
    if (c === delimiter || c === LF || c === CR) break;
    p++;
  }
  return p;
}

/** General path for one cell in [s, e): missing tokens, padded or quoted numbers, text. */
function storeField(cols: Columns, col: number, row: number, bytes: Uint8Array, s: number, e: number, quoted: boolean): void {
  const values = cols.numbers[col];
  if (values === null) {
    addCategory(cols.categories[col]!, bytes, s, e, quoted, row);
    return;
  }
  const escaped = quoted && hasEscapedQuote(bytes, s, e); // `"1""` cannot be a number
  const v = escaped ? NaN : parseNumberField(bytes, s, e);
  const status = escaped ? FIELD_TEXT : fieldStatus;
  if (status === FIELD_NUMBER) {
    values[row] = v;
    cols.sawNumber[col] = 1;
  } else if (status === FIELD_MISSING) {
    values[row] = NaN;
  } else {
    // Text in a column read as numbers so far: earlier numbers need their original spelling, so
    // flag a re-read; with only missing cells before, switching here loses nothing.
    if (cols.sawNumber[col]) cols.switched[col] = 1;
    cols.numbers[col] = null;
    cols.categories[col] = new CategoryBuilder(cols.capacity);
    addCategory(cols.categories[col]!, bytes, s, e, quoted, row);
  }
}

/** Grows every column's storage when the row estimate was low (a streamed file's rows vary in length; bare-CR line ends). */
function growColumns(cols: Columns, capacity: number): void {
  cols.numbers.forEach((values, i) => {
    if (!values) return;
    const grown = new Float64Array(capacity);
    grown.set(values);
    cols.numbers[i] = grown;
  });
  for (const builder of cols.categories) builder?.grow(capacity);
  cols.capacity = capacity;
}

function hasEscapedQuote(bytes: Uint8Array, s: number, e: number): boolean {
  return bytes.subarray(s, e).indexOf(QUOTE) >= 0;
}

function addCategory(builder: CategoryBuilder, bytes: Uint8Array, s: number, e: number, quoted: boolean, row: number): void {
  if (!quoted) return builder.addUnquoted(bytes, s, e, row);
  if (isMissingToken(bytes, s, e)) return; // codes start as -1 (missing)
  if (hasEscapedQuote(bytes, s, e)) {
    const text = new TextEncoder().encode(decodeText(bytes, s, e).replaceAll('""', '"'));
    builder.addBytes(text, 0, text.length, row);
  } else {
    builder.addBytes(bytes, s, e, row);
  }
}

function tooManyValues(line: number, ncols: number, delimiter: number): UserError {
  return new UserError(`Line ${line} has more values than the ${ncols} column names in the header. If a value contains a ${delimiterName(delimiter)}, wrap it in double quotes; otherwise add the missing column name to the first line.`);
}

function tooFewValues(line: number, found: number, ncols: number, delimiter: number): UserError {
  return new UserError(`Line ${line} has ${found} value${found === 1 ? '' : 's'} but the header names ${ncols} columns. Add the missing values (leave a value empty between ${delimiterName(delimiter)}s when it is unknown).`);
}

/**
 * The row estimate is usually a little high (a row or two when counted, 2% when estimated from a sample):
 * a view then avoids copying every column at the end.
 * `keepRoom` always takes the view, keeping the room behind it (asked for by CsvOptions.reserveRows).
 */
function fitRows<T extends Float64Array | Int32Array>(array: T, rowCount: number, keepRoom: boolean): T {
  if (array.length === rowCount) return array;
  return (keepRoom || array.length - rowCount <= array.length / 8 ? array.subarray(0, rowCount) : array.slice(0, rowCount)) as T;
}

export function buildTable(names: string[], numbers: (Float64Array | null)[], categories: (CategoryBuilder | null)[], rowCount: number, keepRoom = false): Table {
  const columns = names.map((name, i): Column => {
    const values = numbers[i];
    if (values) return { kind: 'number', name, values: fitRows(values, rowCount, keepRoom) };
    const builder = categories[i]!;
    const codes = fitRows(builder.codes, rowCount, keepRoom);
    return { kind: 'category', name, codes, dictionary: builder.dictionary };
  });
  return { rowCount, columns };
}
