import type { CategoryBuilder } from './csv-fields';
import type { Columns } from './csv-rows';
import { WASM_BASE64 } from './wasm/plain-rows-wasm';

/**
 * The CSV reader's plain rows on WebAssembly (engine/io/wasm/plain-rows.wat): runs of rows whose cells are
 * plain decimals or unquoted text, the bulk of most files, read without a bounds check or a call per cell.
 * The input goes through linear memory a window at a time, so what the kernel reads and writes stays in
 * cache; numbers and text codes are copied out to the columns. Each text column's values are mirrored in
 * linear memory for the kernel to look up; a value it does not find (a new one, a missing-value word, a
 * padded one) is handed to the column's CategoryBuilder here, which keeps the dictionary in first-seen
 * order, and new values join the mirror before the next window. The first row the kernel cannot settle
 * alone (quotes, exponents, missing-value words in numbers, errors) is left to the general reader in
 * csv-rows.ts, which then hands back the rows after it; the values are the ones that reader gives, bit for bit.
 */
type Exports = {
  rows(input: number, length: number, ncols: number, delimiter: number, columns: number, out: number, codes: number, misses: number, rowCap: number, limit: number): number;
  add(dictionary: number, code: number, at: number, length: number): void;
  stop: WebAssembly.Global;
  why: WebAssembly.Global;
};

/** Why a call stopped: the window's end, a row for the general reader, or its row limit. */
const WINDOW_END = 0;
const ROW_LIMIT = 2;
/** A text cell's code when the kernel left it to the caller. */
const MISSED = -2;

const WINDOW_BYTES = 1 << 19;
const FIRST_WINDOW_BYTES = 1 << 12;
/** Output cells per call: a window's rows of a 17-column file, ~770 KB of output beside the window. */
const CELLS = 1 << 16;
const MAX_ROWS = 4096;
/** A mirrored dictionary (plain-rows.wat's layout): a mask, DICT_SLOTS slots, then DICT_VALUES (address, length) pairs. */
const DICT_SLOTS = 2048;
const DICT_VALUES = DICT_SLOTS / 2;
const DICT_BYTES = 8 + DICT_SLOTS * 4 + DICT_VALUES * 8;
/** Mirrored text columns and the bytes of their values, per parse; values past these are looked up here. */
const MAX_DICTS = 64;
const ARENA_BYTES = 1 << 20;
const NO_DICT = 1;
const PAGE = 65536;

type Kernel = { exports: Exports; memory: WebAssembly.Memory };
/** Byte offsets of one call's arrays for a column count, and views of them (memory grows only in layoutFor). */
type Layout = {
  ncols: number;
  rowCap: number;
  at: { columns: number; misses: number; out: number; codes: number; window: number; dicts: number; arena: number };
  columns: Int32Array;
  misses: Int32Array;
  numbers: Float64Array;
  cells: Int32Array;
  codes: Int32Array;
  window: Uint8Array;
  memory: Uint8Array;
};
/**
 * What the kernel's copy of a text column holds: the builder it mirrors, where, and how many of its values.
 * The parse's columns and builders are held weakly: a finished parse's table must not stay alive here.
 */
type Mirror = { builder: WeakRef<CategoryBuilder>; at: number; values: number };
/** The parse being mirrored: its columns, the mirrors handed out, and where the arena's free bytes start. */
type Mirrors = { cols: WeakRef<Columns>; byColumn: (Mirror | undefined)[]; used: number; arenaEnd: number };

let kernel: Kernel | null | undefined;
let layout: Layout | undefined;
let mirrors: Mirrors | undefined;

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  if (typeof WebAssembly !== 'object') return (kernel = null);
  try {
    const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return (kernel = null);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Exports;
    new Float64Array(memory.buffer, 0, 23).set(Array.from({ length: 23 }, (_, i) => 10 ** i));
    new BigInt64Array(memory.buffer, 184, 9).set(Array.from({ length: 9 }, (_, i) => 10n ** BigInt(i)));
    return (kernel = { exports, memory });
  } catch {
    // Compiling refused (a page whose content security policy forbids WebAssembly): the JavaScript reader.
    return (kernel = null);
  }
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function layoutFor(wasm: Kernel, ncols: number): Layout {
  if (layout?.ncols === ncols) return layout;
  const rowCap = Math.max(1, Math.min(MAX_ROWS, Math.floor(CELLS / ncols)));
  const columns = 256;
  const misses = columns + ncols * 4;
  const out = align8(misses + ncols * 4);
  const codes = out + ncols * rowCap * 8;
  const window = align8(codes + ncols * rowCap * 4);
  // The kernel reads up to 7 bytes past the window's closing 0, and past a mirrored value's end.
  const dicts = align8(window + WINDOW_BYTES + 16);
  const arena = dicts + MAX_DICTS * DICT_BYTES;
  const end = arena + ARENA_BYTES + 16;
  const have = wasm.memory.buffer.byteLength;
  if (have < end) wasm.memory.grow(Math.ceil((end - have) / PAGE));
  mirrors = undefined;
  const buffer = wasm.memory.buffer;
  return (layout = {
    ncols,
    rowCap,
    at: { columns, misses, out, codes, window, dicts, arena },
    columns: new Int32Array(buffer, columns, ncols),
    misses: new Int32Array(buffer, misses, ncols),
    numbers: new Float64Array(buffer, out, ncols * rowCap),
    cells: new Int32Array(buffer, out, ncols * rowCap * 2),
    codes: new Int32Array(buffer, codes, ncols * rowCap),
    window: new Uint8Array(buffer, window, WINDOW_BYTES + 1),
    memory: new Uint8Array(buffer),
  });
}

const isBlank = (byte: number | undefined) => byte === 32 || byte === 9;

/** The address of the kernel's copy of text column `c`'s values (NO_DICT when out of room), brought up to date. */
function mirrorOf(wasm: Kernel, view: Layout, cols: Columns, c: number): number {
  if (mirrors?.cols.deref() !== cols) mirrors = { cols: new WeakRef(cols), byColumn: [], used: 0, arenaEnd: view.at.arena };
  const builder = cols.categories[c]!;
  let mirror = mirrors.byColumn[c];
  if (mirror?.builder.deref() !== builder) {
    if (mirrors.used === MAX_DICTS) return NO_DICT;
    const dict = view.at.dicts + mirrors.used++ * DICT_BYTES;
    const slots = new Int32Array(wasm.memory.buffer, dict, 2 + DICT_SLOTS);
    slots.fill(0);
    slots[0] = DICT_SLOTS - 1;
    mirror = mirrors.byColumn[c] = { builder: new WeakRef(builder), at: dict, values: 0 };
  }
  for (; mirror.values < Math.min(builder.dictionary.length, DICT_VALUES); mirror.values++) {
    const value = builder.entryBytes(mirror.values);
    // A value with a blank at an end came from a quoted cell; an unquoted cell spelled so is trimmed
    // first, which only the caller does, so the kernel must not find it.
    if (isBlank(value[0]) || isBlank(value[value.length - 1])) continue;
    if (mirrors.arenaEnd + value.length > view.at.arena + ARENA_BYTES) break;
    view.memory.set(value, mirrors.arenaEnd);
    wasm.exports.add(mirror.at, mirror.values, mirrors.arenaEnd, value.length);
    mirrors.arenaEnd += value.length;
  }
  return mirror.at;
}

/** Where a run of plain rows ended: rows read, and the input position after them. */
export type PlainRun = { rows: number; pos: number };

/**
 * Reads plain rows of `bytes` from `pos` (a row's start) into `cols` from row `row`, up to the columns'
 * capacity. Returns undefined where WebAssembly is missing.
 */
export function readPlainRows(bytes: Uint8Array, pos: number, delimiter: number, cols: Columns, row: number): PlainRun | undefined {
  const wasm = loadKernel();
  if (!wasm) return undefined;
  const ncols = cols.numbers.length;
  const view = layoutFor(wasm, ncols);
  const { at, rowCap, columns, misses, numbers, cells, codes, window } = view;
  let read = 0;
  // Windows start small, so a file whose plain runs are short (a quoted value every few rows) copies
  // little per run, and grow while the rows go on.
  let windowBytes = FIRST_WINDOW_BYTES;
  for (;;) {
    const limit = Math.min(rowCap, cols.capacity - row - read);
    const length = Math.min(windowBytes, bytes.length - pos);
    if (limit <= 0 || length <= 0) break;
    window.set(bytes.subarray(pos, pos + length));
    window[length] = 0;
    for (let c = 0; c < ncols; c++) columns[c] = cols.numbers[c] ? 0 : mirrorOf(wasm, view, cols, c);
    misses.fill(0);
    const rows = wasm.exports.rows(at.window, length, ncols, delimiter, at.columns, at.out, at.codes, at.misses, rowCap, limit);
    const first = row + read;
    for (let c = 0; c < ncols; c++) {
      const from = c * rowCap;
      const values = cols.numbers[c];
      if (values) {
        values.set(numbers.subarray(from, from + rows), first);
        if (!cols.sawNumber[c] && hasNumber(values, first, first + rows)) cols.sawNumber[c] = 1;
        continue;
      }
      const builder = cols.categories[c]!;
      builder.codes.set(codes.subarray(from, from + rows), first);
      if (misses[c] === 0) continue;
      for (let i = 0; i < rows; i++) {
        if (codes[from + i] !== MISSED) continue;
        builder.codes[first + i] = -1;
        const start = cells[2 * (from + i)]!;
        builder.addUnquoted(window, start, start + cells[2 * (from + i) + 1]!, first + i);
      }
    }
    read += rows;
    pos += wasm.exports.stop.value as number;
    const why = wasm.exports.why.value as number;
    if (why === ROW_LIMIT) continue;
    // A window that ended inside a row goes on from that row, in a larger window up to the largest,
    // which a row alone may fill only if longer than any row the kernel takes.
    if (why !== WINDOW_END || length < windowBytes || (rows === 0 && windowBytes === WINDOW_BYTES)) break;
    windowBytes = Math.min(WINDOW_BYTES, windowBytes * 4);
  }
  return { rows: read, pos };
}

function hasNumber(values: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!Number.isNaN(values[i])) return true;
  return false;
}
