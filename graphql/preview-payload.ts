import type { PortValue } from '../engine/define-node';
import type { PreviewResult } from '../engine/preview';
import type { PreviewPort, PreviewTable } from '../engine/preview-result';
import type { Column, Table } from '../engine/table';
import { gatheredSourceOf } from '../engine/table-ops';
import { MAX_DECIMALS, type PreviewColumnData } from './preview-columns';
import { columnStatsOf, type ColumnStats } from './preview-stats';

/**
 * What the `preview` query returns: the previewer's result with each table's column stats added, its
 * schema slimmed (the grid needs names and kinds, not category lists), its rows column by column (see
 * preview-columns.ts), cut to the byte cap. Serialized once, in the preview thread: the main thread and
 * yoga pass the text through (see raw-json.ts).
 */
export type PreviewGridColumn = { name: string; kind: string };
export type PreviewGridTable = {
  schema: { columns: PreviewGridColumn[] };
  rowCount: number;
  /** Rows sent: the length of every array in `data`. */
  rowsSent: number;
  /** Parallel to `schema.columns`. */
  data: PreviewColumnData[];
  /** True when fewer rows are sent than the table holds (the row or byte cap). */
  truncated: boolean;
  /** Columns the table holds; more than `schema.columns` when the column cap cut some. */
  columnCount: number;
  stats?: ColumnStats[];
};
export type PreviewPayloadPort =
  | { port: string; kind: 'table'; table: PreviewGridTable }
  | { port: string; kind: 'split'; train: PreviewGridTable; test: PreviewGridTable }
  | Extract<PreviewPort, { afterRun: true }>;

type OkResult = Extract<PreviewResult, { status: 'ok' }>;
export type PreviewLimits = { rowLimit: number; maxBytes: number; cutByBytes: boolean; columnLimit: number };
export type PreviewPayload =
  | (Omit<OkResult, 'ports' | 'key'> & { ports: PreviewPayloadPort[]; limits: PreviewLimits })
  | Exclude<PreviewResult, { status: 'ok' }>;

/** Beyond this many columns the grid is unreadable anyway, and the schema and stats alone would be megabytes. */
export const PREVIEW_COLUMN_LIMIT = 500;

/** A grid table with the columns its rows are read from (views of the node's output), to cut it again. */
type Shaped = { grid: PreviewGridTable; head: Column[] };

/**
 * The payload as JSON text. `outputs` are the node's sample outputs (from the previewer's cache), read
 * for stats over every sample row; when missing (an entry too big for the cache) tables go without stats.
 */
export function serializePreview(result: PreviewResult, outputs: Record<string, PortValue> | undefined, caps: { rowLimit: number; maxBytes: number }): string {
  if (result.status !== 'ok') return JSON.stringify(result);
  const shaped: Shaped[] = [];
  const shape = (table: PreviewTable, full: Table | undefined) => {
    const item = shapeTable(table, full);
    shaped.push(item);
    return item.grid;
  };
  const ports = result.ports.map((port): PreviewPayloadPort => {
    const value = outputs?.[port.port];
    if (port.kind === 'table') return { ...port, table: shape(port.table, value?.kind === 'table' ? value.table : undefined) };
    if (port.kind === 'split') {
      const split = value?.kind === 'split' ? value : undefined;
      return { ...port, train: shape(port.train, split?.train), test: shape(port.test, split?.test) };
    }
    return port;
  });
  // The cache key stays in the thread: the browser has no use for it.
  const { key: _key, ...rest } = result;
  const payload: PreviewPayload = { ...rest, ports, limits: { rowLimit: caps.rowLimit, maxBytes: caps.maxBytes, cutByBytes: false, columnLimit: PREVIEW_COLUMN_LIMIT } };
  return fitBytes(payload, shaped, caps.maxBytes);
}

function shapeTable(table: PreviewTable, full: Table | undefined): Shaped {
  const columns = table.schema.columns;
  const kept = Math.min(columns.length, PREVIEW_COLUMN_LIMIT);
  // The node's own columns when at hand rather than the head's views of them: only the first rowsSent
  // cells are read, and a gathered column's source is known by its own array (see cellDigitsOf).
  const head = (full ?? table.head).columns.slice(0, kept);
  const byName = full ? new Map<string, Column>(full.columns.map((c) => [c.name, c])) : undefined;
  const stats = byName ? head.map((c) => (byName.has(c.name) ? columnStatsOf(byName.get(c.name)!) : { missing: 0 })) : undefined;
  const grid: PreviewGridTable = {
    schema: { columns: head.map(({ name, kind }) => ({ name, kind })) },
    rowCount: table.rowCount,
    rowsSent: table.head.rowCount,
    data: head.map((col) => columnData(col, table.head.rowCount)),
    truncated: table.truncated,
    columnCount: columns.length,
    ...(stats ? { stats } : {}),
  };
  return { grid, head };
}

function columnData(col: Column, rows: number): PreviewColumnData {
  if (col.kind === 'category') return categoryData(col.codes, col.dictionary, rows);
  // NaN stays in the array, which keeps it a packed array of doubles (no boxed number per cell), and
  // JSON.stringify prints it as null: the browser sees null for missing.
  const values: number[] = [];
  const source = col.values;
  if (col.kind === 'date') {
    for (let i = 0; i < rows; i++) values.push(source[i]!);
    return { values };
  }
  return fixedPointData(source, rows) ?? roundedData(source, rows);
}

/**
 * Each value rounded to 6 significant digits, then written as an integer count of 10^-decimals: a
 * scaled column's -0.123457 goes as -123457 with decimals 6. Values needing more decimals than the
 * column's (and any that would pass 2^53) go as rounded doubles in `exact`. Undefined when the column
 * needs more decimals than a double's exact powers of ten reach.
 * Each cell's decimals and digits are found once (readDigits) and kept in scratch arrays for the second
 * pass: this runs for every cell sent, and was the larger part of a preview's time.
 */
function fixedPointData(source: Float64Array, rows: number): PreviewColumnData | undefined {
  const { shifts, digits } = cellDigitsOf(source, rows);
  const counts = new Int32Array(MAX_SHIFT + 1);
  for (let i = 0; i < rows; i++) {
    const shift = shifts[i]!;
    if (shift >= 0) counts[shift]!++;
  }
  const decimals = chooseDecimals(counts);
  if (decimals > MAX_DECIMALS) return undefined;
  const values: number[] = [];
  let exact: Record<number, number> | undefined;
  for (let i = 0; i < rows; i++) {
    const shift = shifts[i]!;
    if (shift < 0) {
      values.push(NaN);
      continue;
    }
    const scaled = shift <= decimals ? digits[i]! * POWERS[decimals - shift]! : NaN;
    if (Number.isSafeInteger(scaled)) values.push(scaled);
    else {
      values.push(NaN);
      (exact ??= {})[i] = roundForDisplay(source[i]!);
    }
  }
  if (decimals === 0) return exact ? { values, exact } : { values };
  return exact ? { values, decimals, exact } : { values, decimals };
}

/** A row's entry in `exact`: "123":-7.98514e-16 and its comma. */
const EXACT_ENTRY_BYTES = 22;
/** The most decimals a finite double rounded to 6 digits can need (5e-324 needs 329). */
const MAX_SHIFT = 340;

type CellDigits = { shifts: Int16Array; digits: Float64Array };
/** Reused between columns and previews: a preview thread serializes one preview at a time. */
let scratch: CellDigits = { shifts: new Int16Array(0), digits: new Float64Array(0) };
/**
 * Cell digits of every row of a column that another was gathered from, by its array: a split or filter
 * output (new arrays at every edit) is then read from its cached parent's digits, in its own row order.
 * Weak: an entry goes with the parent's output.
 */
const digitsBySource = new WeakMap<Float64Array, CellDigits>();

/** Each of the first `rows` cells' decimals and digits (see readDigits), in scratch arrays. */
function cellDigitsOf(values: Float64Array, rows: number): CellDigits {
  if (scratch.shifts.length < rows) scratch = { shifts: new Int16Array(rows), digits: new Float64Array(rows) };
  const { shifts, digits } = scratch;
  const gathered = gatheredSourceOf(values);
  if (!gathered) {
    for (let i = 0; i < rows; i++) shifts[i] = readDigits(values[i]!, digits, i);
    return scratch;
  }
  let known = digitsBySource.get(gathered.source);
  if (!known) {
    const n = gathered.source.length;
    known = { shifts: new Int16Array(n), digits: new Float64Array(n) };
    for (let i = 0; i < n; i++) known.shifts[i] = readDigits(gathered.source[i]!, known.digits, i);
    digitsBySource.set(gathered.source, known);
  }
  for (let i = 0; i < rows; i++) {
    const row = gathered.rows[i]!;
    shifts[i] = known.shifts[row]!;
    digits[i] = known.digits[row]!;
  }
  return scratch;
}

/**
 * The decimals of `v` rounded for display, trailing zeros dropped (91.9 has 1; 1e-16 has 21; 2.0000001
 * has 0), with the rounded value's digits at those decimals stored in `digits[i]`; -1 for a missing or
 * infinite value.
 */
function readDigits(v: number, digits: Float64Array, i: number): number {
  if (!Number.isFinite(v)) return -1;
  if (Number.isInteger(v)) {
    digits[i] = v;
    return 0;
  }
  let shift = displayShift(v);
  if (shift <= 0) {
    digits[i] = roundForDisplay(v);
    return 0;
  }
  if (shift >= POWERS.length) {
    digits[i] = NaN;
    return shift;
  }
  let d = Math.round(v * POWERS[shift]!);
  while (shift > 0 && d % 10 === 0) {
    d /= 10;
    shift--;
  }
  digits[i] = d;
  return shift;
}

/**
 * The decimals that print the column shortest, from how many values need each count of decimals: each
 * value costs its 6 digits plus the decimals it does not need, and a value needing more than the
 * column's decimals costs an `exact` entry instead.
 */
function chooseDecimals(counts: Int32Array): number {
  const used: number[] = [];
  for (let shift = 0; shift < counts.length; shift++) if (counts[shift]! > 0) used.push(shift);
  let best = 0;
  let bestBytes = Infinity;
  for (const decimals of used) {
    let bytes = 0;
    for (const shift of used) bytes += counts[shift]! * (shift <= decimals ? SIGNIFICANT_DIGITS + 1 + decimals - shift : EXACT_ENTRY_BYTES);
    if (bytes < bestBytes) [best, bestBytes] = [decimals, bytes];
  }
  return best;
}

function roundedData(source: Float64Array, rows: number): PreviewColumnData {
  const values: number[] = [];
  for (let i = 0; i < rows; i++) values.push(roundForDisplay(source[i]!));
  return { values };
}

/** Codes renumbered in order of first use, so the dictionary sent holds only the values these rows show. */
function categoryData(source: Int32Array, dictionary: readonly string[], rows: number): PreviewColumnData {
  const renumbered = new Int32Array(dictionary.length).fill(-1);
  const used: string[] = [];
  const codes: number[] = [];
  for (let i = 0; i < rows; i++) {
    const code = source[i]!;
    if (code < 0 || code >= dictionary.length) {
      codes.push(-1);
      continue;
    }
    if (renumbered[code]! < 0) {
      renumbered[code] = used.length;
      used.push(dictionary[code]!);
    }
    codes.push(renumbered[code]!);
  }
  return { codes, dictionary: used };
}

/**
 * Significant digits of numbers sent: what the grid shows (formatCell), so a cell reads the same as if
 * the full double had been sent and rounded there.
 */
const SIGNIFICANT_DIGITS = 6;
const POWERS = Array.from({ length: 309 }, (_, i) => Number(`1e${i}`));
const INVERSE_POWERS = Array.from({ length: 309 }, (_, i) => Number(`1e-${i}`));

/**
 * A scaled column's 0.12345678901234566 becomes 0.123457, which halves a typical payload, and a short
 * decimal is also much faster to print and to parse than a full-precision double. The decade is found
 * by comparing with powers of ten rather than Math.log10 and Math.pow: this runs for every cell sent.
 */
export function roundForDisplay(v: number): number {
  if (v === 0 || !Number.isFinite(v) || Number.isInteger(v)) return v;
  const shift = displayShift(v);
  if (shift >= POWERS.length) return v;
  return shift > 0 ? Math.round(v * POWERS[shift]!) / POWERS[shift]! : Math.round(v / POWERS[-shift]!) * POWERS[-shift]!;
}

/** The power of ten that makes a finite non-zero `v` a number of SIGNIFICANT_DIGITS digits before the point. */
function displayShift(v: number): number {
  const a = v < 0 ? -v : v;
  let decade = 0;
  if (a >= 1) while (decade < 308 && a >= POWERS[decade + 1]!) decade++;
  else while (decade > -308 && a < INVERSE_POWERS[-decade]!) decade--;
  return SIGNIFICANT_DIGITS - 1 - decade;
}

/** Room for the GraphQL envelope around the payload. */
const ENVELOPE_BYTES = 256;

/**
 * The payload's JSON, with every table's rows cut by the same share of its row bytes when the whole is
 * over `maxBytes`. The common case (it fits) serializes once.
 */
function fitBytes(payload: Extract<PreviewPayload, { status: 'ok' }>, shaped: Shaped[], maxBytes: number): string {
  let json = JSON.stringify(payload);
  // A UTF-16 unit is at most 3 bytes of UTF-8: counting the bytes (a pass over the text) is only needed near the cap.
  if (json.length * 3 <= maxBytes) return json;
  let total = Buffer.byteLength(json);
  if (total <= maxBytes) return json;
  const costs = shaped.map((s) => rowBytes(s.grid.data, s.grid.rowsSent));
  const allRows = costs.flat().reduce((a, b) => a + b, 0);
  const budget = Math.max(0, maxBytes - ENVELOPE_BYTES - (total - allRows));
  let share = allRows > 0 ? budget / allRows : 0;
  payload.limits.cutByBytes = true;
  // The row costs are exact for the rows as first shaped; fewer rows may need fewer decimals, and the
  // loop answers for what that estimate misses.
  for (let attempt = 0; attempt < 8 && total > maxBytes; attempt++) {
    shaped.forEach((s, i) => cutRows(s, keepWithin(costs[i]!, share)));
    json = JSON.stringify(payload);
    total = Buffer.byteLength(json);
    share *= 0.9;
  }
  return json;
}

function cutRows({ grid, head }: Shaped, keep: number) {
  if (keep >= grid.rowsSent) return;
  grid.rowsSent = keep;
  grid.data = head.map((col) => columnData(col, keep));
  grid.truncated = true;
}

/** The longest prefix of rows within `share` of the table's row bytes. */
function keepWithin(sizes: number[], share: number): number {
  const allowed = share * sizes.reduce((a, b) => a + b, 0);
  let used = 0;
  let keep = 0;
  while (keep < sizes.length && used + sizes[keep]! <= allowed) used += sizes[keep++]!;
  return keep;
}

/** Each row's bytes in the columns' JSON: its cells and a comma each, and a category value's text at its first use. */
function rowBytes(data: PreviewColumnData[], rows: number): number[] {
  const sizes = new Array<number>(rows).fill(0);
  for (const column of data) {
    if ('values' in column) {
      for (let r = 0; r < rows; r++) {
        const v = column.values[r]!;
        sizes[r] += (Number.isFinite(v) ? String(v).length : 4) + 1;
        const exact = column.exact?.[r];
        if (exact !== undefined) sizes[r] += String(r).length + String(exact).length + 4;
      }
      continue;
    }
    const seen = new Set<number>();
    for (let r = 0; r < rows; r++) {
      const code = column.codes[r]!;
      sizes[r] += String(code).length + 1;
      if (code >= 0 && !seen.has(code)) {
        seen.add(code);
        sizes[r] += Buffer.byteLength(JSON.stringify(column.dictionary[code])) + 1;
      }
    }
  }
  return sizes;
}
