import type { Columns } from './csv-rows';
import { WASM_BASE64 } from './wasm/plain-rows-wasm';

/**
 * The CSV reader's plain rows on WebAssembly (engine/io/wasm/plain-rows.wat): runs of rows whose cells are
 * plain decimals or unquoted text, the bulk of most files, read without a bounds check or a call per cell.
 * The input goes through linear memory a window at a time, so what the kernel reads and writes stays in
 * cache; numbers are copied out to the columns, and text cells are looked up in each column's
 * CategoryBuilder by the hash the kernel took. The first row the kernel cannot settle alone (quotes,
 * exponents, missing-value words, errors) is left to the general reader in csv-rows.ts, which then hands
 * back the rows after it; the values are the ones that reader gives, bit for bit.
 */
type Exports = {
  rows(input: number, length: number, ncols: number, delimiter: number, kinds: number, out: number, hashes: number, rowCap: number, limit: number): number;
  stop: WebAssembly.Global;
  why: WebAssembly.Global;
};

/** Why a call stopped: the window's end, a row for the general reader, or its row limit. */
const WINDOW_END = 0;
const ROW_LIMIT = 2;

const WINDOW_BYTES = 1 << 19;
const FIRST_WINDOW_BYTES = 1 << 12;
/** Output cells per call: a window's rows of a 17-column file, ~400 KB of output beside the window. */
const CELLS = 1 << 16;
const MAX_ROWS = 4096;
const PAGE = 65536;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

type Kernel = { exports: Exports; memory: WebAssembly.Memory };
/** Byte offsets of one call's arrays for a column count. */
type Layout = { ncols: number; rowCap: number; kinds: number; out: number; hashes: number; window: number };

let kernel: Kernel | null | undefined;
let layout: Layout | undefined;

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  if (typeof WebAssembly !== 'object') return (kernel = null);
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return (kernel = null);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Exports;
  new Float64Array(memory.buffer, 0, POW10.length).set(POW10);
  return (kernel = { exports, memory });
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function layoutFor(wasm: Kernel, ncols: number): Layout {
  if (layout?.ncols === ncols) return layout;
  const rowCap = Math.max(1, Math.min(MAX_ROWS, Math.floor(CELLS / ncols)));
  const kinds = 256;
  const out = align8(kinds + ncols);
  const hashes = out + ncols * rowCap * 8;
  const window = hashes + ncols * rowCap * 4;
  const end = window + WINDOW_BYTES + 8;
  const have = wasm.memory.buffer.byteLength;
  if (have < end) wasm.memory.grow(Math.ceil((end - have) / PAGE));
  return (layout = { ncols, rowCap, kinds, out, hashes, window });
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
  const at = layoutFor(wasm, ncols);
  const buffer = wasm.memory.buffer;
  const memory = new Uint8Array(buffer);
  const kinds = memory.subarray(at.kinds, at.kinds + ncols);
  const numbers = new Float64Array(buffer, at.out, ncols * at.rowCap);
  const cells = new Int32Array(buffer, at.out, ncols * at.rowCap * 2);
  const hashes = new Int32Array(buffer, at.hashes, ncols * at.rowCap);
  const window = memory.subarray(at.window, at.window + WINDOW_BYTES + 1);
  let read = 0;
  // Windows start small, so a file whose plain runs are short (a quoted value every few rows) copies
  // little per run, and grow while the rows go on.
  let windowBytes = FIRST_WINDOW_BYTES;
  for (;;) {
    const limit = Math.min(at.rowCap, cols.capacity - row - read);
    const length = Math.min(windowBytes, bytes.length - pos);
    if (limit <= 0 || length <= 0) break;
    window.set(bytes.subarray(pos, pos + length));
    window[length] = 0;
    for (let c = 0; c < ncols; c++) kinds[c] = cols.numbers[c] ? 0 : 1;
    const rows = wasm.exports.rows(at.window, length, ncols, delimiter, at.kinds, at.out, at.hashes, at.rowCap, limit);
    const first = row + read;
    for (let c = 0; c < ncols; c++) {
      const values = cols.numbers[c];
      if (values) {
        values.set(numbers.subarray(c * at.rowCap, c * at.rowCap + rows), first);
        if (!cols.sawNumber[c] && hasNumber(values, first, first + rows)) cols.sawNumber[c] = 1;
      } else {
        cols.categories[c]!.addScanned(window, cells, hashes, c * at.rowCap, rows, first);
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
