import type { Worker } from 'node:worker_threads';
import type { CategoryColumn, Column, NumericColumn, Table } from '../table';
import { csvLayout, estimateLineEnds, parseCsv, type CsvOptions } from './csv';

/**
 * A large CSV in memory parsed on two cores: this thread reads the first half of the rows while a
 * helper thread reads the second, as Polars and DuckDB split a file at row boundaries. The split is
 * the first line end past the middle; it is taken only when this thread, parsing from the true start,
 * ends exactly there, outside quotes (a quoted value running across it fails that half's parse). The
 * halves' columns are then joined: numbers end to end, categories with the second half's new values
 * appended to the first's dictionary in the order they appear, so the table is the one a single pass
 * makes, value for value and code for code. Whatever the halves cannot settle alone (a column with
 * numbers in one half and text in the other, a malformed row whose line number only a whole pass
 * knows, a NUL byte, a helper that failed) is parsed again in one pass, which also gives the errors
 * their usual words. Loaded only through `await import` in Node.
 */
type HalfRequest = { id: number; bytes: Uint8Array; names: string[]; delimiter: number; textColumns: string[]; lineEnds: number };
/** The helper's table, if any, and the bytes it was sent, moved back for the next parse to reuse. */
export type HalfAnswer = { id: number; table?: Table; bytes: Uint8Array };

export async function parseCsvInHalves(bytes: Uint8Array, options: Pick<CsvOptions, 'textColumns'> = {}): Promise<Table> {
  return (await parseHalves(bytes, options)) ?? parseCsv(bytes, options);
}

/** The two-thread parse, or undefined where it cannot give the one-pass table (the caller then makes that). */
export async function parseHalves(bytes: Uint8Array, options: Pick<CsvOptions, 'textColumns'> = {}): Promise<Table | undefined> {
  const layout = csvLayout(bytes);
  if (!layout) return undefined;
  const middle = layout.bodyStart + Math.floor((bytes.length - layout.bodyStart) / 2);
  const boundary = bytes.indexOf(10, middle) + 1;
  if (boundary <= layout.bodyStart || boundary >= bytes.length) return undefined;
  const helper = await startHelper();
  if (!helper) return undefined;
  // The helper gets a copy of its half, moved to it and back with its answer, and kept warm for the next
  // parse: a fraction of parsing it. Not the caller's buffer: an idle helper holds what it was sent until
  // its next garbage collection. Not shared memory either: V8 copies out of a SharedArrayBuffer a word
  // at a time, which took the helper 19 ms per 48 MB against 2.5 from an ArrayBuffer.
  const secondHalf = spareBytes(bytes.length - boundary);
  secondHalf.set(bytes.subarray(boundary));
  // Posted before this thread starts on its own half, which holds it until done. Each half's rows are
  // estimated, not counted (a row past the room made costs a copy, not a wrong table); the first half's
  // columns keep room for the second's rows, plus one for a last line without an end.
  const lineEnds = estimateLineEnds(bytes, boundary, bytes.length, layout.names.length);
  const second = askHelper(helper, { bytes: secondHalf, names: layout.names, delimiter: layout.delimiter, textColumns: [...(options.textColumns ?? [])], lineEnds });
  let first: Table;
  try {
    const rowEstimate = 1 + estimateLineEnds(bytes, layout.bodyStart, boundary, layout.names.length);
    first = parseCsv(bytes.subarray(0, boundary), { ...options, rowEstimate, reserveRows: 1 + lineEnds });
  } catch {
    await second;
    return undefined;
  }
  const rest = await second;
  return rest && joinHalves(first, rest);
}

/** The second half's columns after the first's, or undefined when a column's kind differs in a way only a full pass settles. */
export function joinHalves(first: Table, second: Table): Table | undefined {
  const columns: Column[] = [];
  for (let i = 0; i < first.columns.length; i++) {
    const joined = joinColumns(first.columns[i]!, second.columns[i]!, first.rowCount, second.rowCount);
    if (!joined) return undefined;
    columns.push(joined);
  }
  return { rowCount: first.rowCount + second.rowCount, columns };
}

/**
 * `first` extended by `more` rows: in place when its buffer holds room for them behind it (the first half
 * is parsed with that room), as a copy otherwise.
 */
function extend<T extends Float64Array | Int32Array>(first: T, rows: number, more: number, make: (length: number) => T): T {
  if (first.byteOffset === 0 && first.buffer.byteLength >= (rows + more) * first.BYTES_PER_ELEMENT) {
    return new (first.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => T)(first.buffer, 0, rows + more);
  }
  const copy = make(rows + more);
  copy.set(first.subarray(0, rows));
  return copy;
}

function joinColumns(a: Column, b: Column, aRows: number, bRows: number): Column | undefined {
  if (a.kind === 'number' && b.kind === 'number') {
    const values = extend(a.values, aRows, bRows, (n) => new Float64Array(n));
    values.set(b.values.subarray(0, bRows), aRows);
    return { kind: 'number', name: a.name, values };
  }
  // A half with no value at all in a column read it as numbers; one pass reads such cells as missing categories.
  const left = a.kind === 'category' ? a : allMissing(a) ? emptyCategory(a, aRows) : undefined;
  const right = b.kind === 'category' ? b : allMissing(b) ? emptyCategory(b, bRows) : undefined;
  return left && right && joinCategories(left, right, aRows, bRows);
}

function allMissing(column: Column): column is NumericColumn {
  return column.kind === 'number' && column.values.every((v) => Number.isNaN(v));
}

const emptyCategory = (column: NumericColumn, rows: number): CategoryColumn => ({ kind: 'category', name: column.name, codes: new Int32Array(rows).fill(-1), dictionary: [] });

/**
 * Bytes that are not UTF-8 read as U+FFFD, so two spellings (`caf\xE9`, `caf\xE8` in a Latin-1 file) can
 * share a text while one pass keeps them apart by their bytes; the halves cannot tell them apart by text.
 */
const lossy = (dictionary: string[]) => dictionary.some((value) => value.includes('\uFFFD'));

function joinCategories(a: CategoryColumn, b: CategoryColumn, aRows: number, bRows: number): CategoryColumn | undefined {
  if (lossy(a.dictionary) || lossy(b.dictionary)) return undefined;
  const dictionary = a.dictionary.slice();
  const codeOf = new Map(dictionary.map((value, code) => [value, code]));
  const remap = Int32Array.from(b.dictionary, (value) => {
    let code = codeOf.get(value);
    if (code === undefined) {
      code = dictionary.push(value) - 1;
      codeOf.set(value, code);
    }
    return code;
  });
  const codes = extend(a.codes, aRows, bRows, (n) => new Int32Array(n));
  for (let i = 0; i < bRows; i++) {
    const code = b.codes[i]!;
    codes[aRows + i] = code < 0 ? -1 : remap[code]!;
  }
  return { kind: 'category', name: a.name, codes, dictionary };
}

/**
 * The last half's buffer, kept for the next parse: on the VMs Pipewright runs on, first touches of fresh
 * memory cost ~3 ms per MB, as much as parsing it. Only buffers up to SPARE_MAX_BYTES are kept, and none
 * while a parse holds it (it is with the helper until the helper answers).
 */
let spare: ArrayBuffer | undefined;
const SPARE_MAX_BYTES = 64 * 2 ** 20;

function spareBytes(length: number): Uint8Array {
  const kept = spare;
  spare = undefined;
  if (kept && kept.byteLength >= length && kept.byteLength <= 2 * length) return new Uint8Array(kept, 0, length);
  return new Uint8Array(new ArrayBuffer(length));
}

function keepSpare(bytes: Uint8Array | undefined): void {
  if (bytes && bytes.buffer.byteLength <= SPARE_MAX_BYTES) spare = bytes.buffer as ArrayBuffer;
}

/** One helper thread, started on first use and kept (unref'd, so it never holds an idle process open). */
type Helper = { worker: Worker; waiting: Map<number, (table: Table | undefined) => void> };
let helper: { started: Promise<Helper | undefined> } | undefined;
let nextId = 0;

function startHelper(): Promise<Helper | undefined> {
  if (helper) return helper.started;
  const slot = {} as { started: Promise<Helper | undefined> };
  helper = slot;
  // A helper started since this one failed (after its 'error', before its 'exit') is left alone.
  slot.started = launchHelper(() => {
    if (helper === slot) helper = undefined;
  });
  return slot.started;
}

async function launchHelper(forget: () => void): Promise<Helper | undefined> {
  try {
    const entry = new URL('./csv-half-thread.ts', import.meta.url);
    await (await import('../threads/thread-bundle')).prepareThread(entry);
    const worker = (await import('../threads/start-thread')).startThread(entry);
    const waiting = new Map<number, (table: Table | undefined) => void>();
    const fail = () => {
      forget();
      for (const resolve of waiting.values()) resolve(undefined);
      waiting.clear();
      void worker.terminate();
    };
    worker.on('message', ({ id, table, bytes }: HalfAnswer) => {
      keepSpare(bytes);
      waiting.get(id)?.(table);
      waiting.delete(id);
      if (waiting.size === 0) worker.unref();
    });
    worker.on('error', fail);
    worker.on('messageerror', fail);
    worker.on('exit', fail);
    worker.unref();
    return { worker, waiting };
  } catch {
    forget();
    return undefined;
  }
}

/** Posts the request at once; the promise settles with the helper's table, or undefined when it had none or failed. */
function askHelper(started: Helper, request: Omit<HalfRequest, 'id'>): Promise<Table | undefined> {
  const id = nextId++;
  return new Promise((resolve) => {
    started.waiting.set(id, resolve);
    started.worker.ref();
    started.worker.postMessage({ ...request, id } satisfies HalfRequest, [request.bytes.buffer as ArrayBuffer]);
  });
}
