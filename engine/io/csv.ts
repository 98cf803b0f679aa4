import { UserError } from '../define-node';
import type { Table } from '../table';
import { ChunkReader, type ByteSource } from './chunk-reader';
import { readHeader, type Header } from './csv-header';
import { buildTable, createColumns, parseRows, type RowState } from './csv-rows';
import { SNIFF_BYTES, sniffDelimiter } from './delimiter';
import { byteOrderMarkLength } from './csv-fields';
import { CsvPosition, indexOfByte } from './nul-bytes';

/**
 * RFC 4180 CSV (or TSV, or `;`/`|`-separated: the delimiter is sniffed) → columnar Table, in one pass
 * over the bytes, in memory or streamed in chunks through one reused buffer (so a large upload costs
 * its table plus one chunk, not file + table). A column is numeric when every non-missing cell is a
 * number, otherwise a category. Numbers are parsed straight into Float64Arrays; when a column turns
 * out to hold text after numbers were seen, the input is read once more with that column read as
 * categories (rare, and it keeps the common case fast).
 */
const LF = 10;
const CR = 13;

export type CsvOptions = {
  /** Columns read as categories from the start, keeping each value's spelling (`007`, `1.50`). */
  textColumns?: ReadonlySet<string>;
  /** Bytes per read of a streamed input (tests use tiny chunks to cut values everywhere). */
  chunkBytes?: number;
  /** After each chunk: bytes read and the total; a second pass counts on past the first, with a larger total. */
  onProgress?: (done: number, total: number) => void;
  /** Rows to make room for at first, instead of counting the input's lines (csv-halves.ts estimates them). */
  rowEstimate?: number;
  /**
   * Room for this many more rows after the input's own, kept in the columns' buffers behind the returned
   * views, for rows parsed elsewhere to be written after them (csv-halves.ts) without copying these.
   */
  reserveRows?: number;
};

export function parseCsv(input: Uint8Array | ByteSource, options: CsvOptions = {}): Table {
  const reader = new ChunkReader(input, options.chunkBytes);
  const start = byteOrderMarkLength(reader.bytes);
  if (isBlankInput(reader, start)) {
    throw new UserError('The CSV file is empty. Upload a file whose first line names the columns, followed by one line per row.');
  }
  // One byte past the sniffed span tells the sniffer its last line may be cut off, as in a whole file.
  const delimiter = sniffDelimiter(reader.peek(start + SNIFF_BYTES + 1), start);
  const nul = new NulGuard(input, reader, start, delimiter);
  try {
    nul.check();
    const header = readWholeHeader(reader, start, delimiter, nul);
    let forced: Uint8Array = Uint8Array.from(header.names, (name) => (options.textColumns?.has(name) ? 1 : 0));
    const reserve = options.reserveRows ?? 0;
    let capacity = (options.rowEstimate ?? estimateRows(reader, header)) + reserve;
    for (let pass = 0; ; pass++) {
      const report = (done: number) => options.onProgress?.(pass * reader.size + done, (pass + 1) * reader.size);
      const result = parsePass(reader, header, forced, capacity, nul, report, reserve > 0);
      if ('table' in result) return result.table;
      forced = result.textColumns;
      capacity = Math.max(1, result.rows) + reserve;
      reader.rewind();
    }
  } catch (error) {
    // A NUL byte further on explains a broken file better (it is binary or UTF-16), as when read whole.
    if (error instanceof UserError) nul.checkRest();
    throw error;
  }
}

/** Where a CSV in memory keeps its column names and rows: undefined when it has none to read (the full parse then says why). */
export function csvLayout(bytes: Uint8Array): Pick<Header, 'names' | 'delimiter' | 'bodyStart'> | undefined {
  const start = byteOrderMarkLength(bytes);
  const delimiter = sniffDelimiter(bytes.subarray(0, start + SNIFF_BYTES + 1), start);
  try {
    const header = readHeader(bytes, start, delimiter, true);
    return header ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The rows of `bytes`, a CSV body without its header line that starts where a row starts, as columns
 * named `names` (a part of a larger file read on another thread: see csv-halves.ts). Undefined where the
 * part alone cannot settle its columns as the whole file's parse would (a NUL byte, or a column that met
 * text after numbers, whose numbers must be read again as text); a malformed row throws, with line
 * numbers counted from the part's start. `lineEnds`, when the caller knows or estimated it, sizes the columns.
 */
export function parseCsvBody(bytes: Uint8Array, names: string[], delimiter: number, textColumns?: ReadonlySet<string>, lineEnds?: number): Table | undefined {
  if (indexOfByte(bytes, 0) >= 0) return undefined;
  const reader = new ChunkReader(bytes);
  const header: Header = { names, delimiter, bodyStart: 0, bodyLine: 1 };
  const forced = Uint8Array.from(names, (name) => (textColumns?.has(name) ? 1 : 0));
  const rows = lineEnds === undefined ? estimateRows(reader, header) : lineEnds + 1;
  const result = parsePass(reader, header, forced, rows, new NulGuard(bytes, reader, 0, delimiter), () => {});
  return 'table' in result ? result.table : undefined;
}

function isBlankInput(reader: ChunkReader, start: number): boolean {
  for (let from = start; ; from = 0) {
    const bytes = reader.bytes;
    for (let i = from; i < bytes.length; i++) {
      const c = bytes[i];
      if (c !== LF && c !== CR && c !== 32 && c !== 9) {
        reader.rewind();
        return false;
      }
    }
    if (!reader.advance(bytes.length)) return true;
  }
}

function readWholeHeader(reader: ChunkReader, start: number, delimiter: number, nul: NulGuard): Header {
  for (;;) {
    const header = readHeader(reader.bytes, start, delimiter, reader.final);
    if (header) return header;
    reader.advance(0);
    nul.check();
  }
}

/**
 * LF bytes from `from` on, four at a time: each 32-bit word XOR LF has a zero byte where the input held
 * LF, and the carry-free zero-byte test sets that byte's high bit, summed per byte lane for up to 255 words.
 * Twice as fast as an `indexOf` per line.
 */
export function countLineEnds(bytes: Uint8Array, from: number): number {
  let ends = 0;
  let i = Math.max(0, from);
  const end = bytes.length;
  for (; i < end && ((bytes.byteOffset + i) & 3) !== 0; i++) if (bytes[i] === LF) ends++;
  // Division, not shifts: past 2 GiB a shift would wrap to a negative count.
  const count = i < end ? Math.floor((end - i) / 4) : 0;
  const words = count > 0 ? new Int32Array(bytes.buffer, bytes.byteOffset + i, count) : new Int32Array(0);
  for (let w = 0; w < count; ) {
    const stop = Math.min(count, w + 255);
    let lanes = 0;
    for (; w < stop; w++) {
      const x = words[w] ^ 0x0a0a0a0a;
      lanes += (~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
    }
    ends += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24);
  }
  for (i += count * 4; i < end; i++) if (bytes[i] === LF) ends++;
  return ends;
}

/**
 * The line ends in bytes[from, to), counted in its first MB and scaled to the rest, 2% over: a file's
 * rows vary little in length, and counting all of a large file's lines costs ~15 ms per 50 MB. Never more
 * than rows of `minRowBytes` (a row of n columns takes at least n bytes) could fill the range.
 */
export function estimateLineEnds(bytes: Uint8Array, from: number, to: number, minRowBytes: number): number {
  const sample = Math.min(to - from, SAMPLE_BYTES);
  const lines = countLineEnds(bytes.subarray(0, from + sample), from);
  if (sample === to - from) return lines;
  return Math.min(scaleLines(lines, sample, to - from), Math.ceil((to - from) / Math.max(1, minRowBytes)));
}
const SAMPLE_BYTES = 1 << 20;

/** `lines` seen in `seen` bytes, scaled to `total` bytes with a margin: 2% and 16 lines over. */
function scaleLines(lines: number, seen: number, total: number): number {
  return Math.ceil(((lines * total) / seen) * 1.02) + 16;
}

/** Rows to allocate: counted when the input is all in the window, else extrapolated from the first chunk's lines. */
function estimateRows(reader: ChunkReader, header: Header): number {
  const bytes = reader.bytes;
  const lines = 1 + countLineEnds(bytes, header.bodyStart);
  if (reader.final) return lines;
  return scaleLines(lines, Math.max(1, bytes.length - header.bodyStart), reader.size - header.bodyStart);
}

/**
 * One pass over the body. Returns the table, or the columns to read again as categories. Growth is
 * sized from the bytes still to read, not doubled: doubling would briefly hold up to three times a
 * table that is as large as the file.
 */
function parsePass(reader: ChunkReader, header: Header, forced: Uint8Array, capacity: number, nul: NulGuard, report: (done: number) => void, keepRoom = false): { table: Table } | { textColumns: Uint8Array; rows: number } {
  const body = Math.max(1, reader.size - header.bodyStart);
  const nextCapacity = (row: number, position: number) =>
    Math.max(Math.ceil(capacity * 1.25), Math.ceil((row * body) / Math.max(1, position - header.bodyStart) * 1.05) + 1024);
  const cols = createColumns(header.names, forced, capacity, nextCapacity);
  const state: RowState = { row: 0, line: header.bodyLine };
  let from = header.bodyStart;
  for (;;) {
    const keep = parseRows(reader.bytes, reader.final, from, header, cols, state, reader.offset);
    report(reader.offset + keep);
    if (!reader.advance(keep)) break;
    nul.check();
    from = 0;
  }
  if (cols.switched.some((flag) => flag === 1)) return { textColumns: cols.switched.map((flag, i) => flag | forced[i]), rows: state.row };
  return { table: buildTable(header.names, cols.numbers, cols.categories, state.row, keepRoom) };
}

/** Refuses NUL bytes as each chunk arrives, naming the line and column as a whole-file scan would. */
class NulGuard {
  private checkedTo = 0;
  private found = false;

  constructor(
    private readonly input: Uint8Array | ByteSource,
    private readonly reader: ChunkReader,
    private readonly start: number,
    private readonly delimiter: number,
  ) {}

  check(): void {
    const { bytes, offset } = this.reader;
    const from = Math.max(this.checkedTo, this.start) - offset;
    this.checkedTo = Math.max(this.checkedTo, offset + bytes.length);
    const at = from < bytes.length ? indexOfByte(bytes, 0, Math.max(0, from)) : -1;
    if (at >= 0) throw this.errorAt(offset + at);
  }

  /** After another error: reads on to the end of the input for a NUL byte. */
  checkRest(): void {
    if (this.found || this.checkedTo >= this.reader.size) return;
    this.check();
    while (this.reader.advance(this.reader.bytes.length)) this.check();
  }

  private errorAt(at: number): UserError {
    this.found = true;
    const position = new CsvPosition(this.delimiter);
    const reader = new ChunkReader(this.input);
    for (;;) {
      position.feed(reader.bytes, Math.max(0, this.start - reader.offset), Math.min(reader.bytes.length, at - reader.offset));
      if (reader.offset + reader.bytes.length >= at || !reader.advance(reader.bytes.length)) return position.nulError();
    }
  }
}
