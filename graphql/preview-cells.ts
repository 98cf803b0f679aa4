import type { Column } from '../engine/table';
import { MAX_DECIMALS, type PreviewColumnData } from './preview-columns';

/**
 * A column's cells in a row range as they travel to the browser (see preview-columns.ts): numbers
 * rounded to what the grid shows and sent as integers where they can, categories as codes into the
 * values the range uses. The first window of a preview and every window the grid asks for later are
 * encoded here, so a cell reads the same whichever answer brought it.
 */

/** Rows `start` to `end` (exclusive) of a column; row i of the result is row start + i of the column. */
export function encodeColumn(col: Column, start: number, end: number): PreviewColumnData {
  if (col.kind === 'category') return categoryData(col.codes.subarray(start, end), col.dictionary);
  // NaN stays in the array, which keeps it a packed array of doubles (no boxed number per cell), and
  // JSON.stringify prints it as null: the browser sees null for missing.
  const source = col.values.subarray(start, end);
  if (col.kind === 'date') {
    const values: number[] = [];
    for (let i = 0; i < source.length; i++) values.push(source[i]!);
    return { values };
  }
  return fixedPointData(source) ?? roundedData(source);
}

/**
 * Each value rounded to 6 significant digits, then written as an integer count of 10^-decimals: a
 * scaled column's -0.123457 goes as -123457 with decimals 6. Values needing more decimals than the
 * column's (and any that would pass 2^53) go as rounded doubles in `exact`. Undefined when the column
 * needs more decimals than a double's exact powers of ten reach.
 * Each cell's decimals and digits are found once (readDigits) and kept in scratch arrays for the second
 * pass: this runs for every cell sent, and was the larger part of a preview's time.
 */
function fixedPointData(source: Float64Array): PreviewColumnData | undefined {
  const rows = source.length;
  const { shifts, digits } = cellDigitsOf(source);
  const counts = shiftCounts.fill(0);
  for (let i = 0; i < rows; i++) {
    const shift = shifts[i]!;
    if (shift >= 0) counts[shift]!++;
  }
  const decimals = chooseDecimals(counts);
  if (decimals > MAX_DECIMALS) return undefined;
  // Sized once (pushing grew it several times, a preview's largest allocation); every slot is written below.
  const values = new Array<number>(rows);
  let exact: Record<number, number> | undefined;
  for (let i = 0; i < rows; i++) {
    const shift = shifts[i]!;
    if (shift < 0) {
      values[i] = NaN;
      continue;
    }
    const scaled = shift <= decimals ? digits[i]! * POWERS[decimals - shift]! : NaN;
    if (Number.isSafeInteger(scaled)) values[i] = scaled;
    else {
      values[i] = NaN;
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
/** How many cells need each number of decimals; reused like `scratch` (a preview encodes dozens of columns). */
const shiftCounts = new Int32Array(MAX_SHIFT + 1);

/** Each cell's decimals and digits (see readDigits), in scratch arrays. */
function cellDigitsOf(values: Float64Array): CellDigits {
  const rows = values.length;
  if (scratch.shifts.length < rows) scratch = { shifts: new Int16Array(rows), digits: new Float64Array(rows) };
  const { shifts, digits } = scratch;
  for (let i = 0; i < rows; i++) shifts[i] = readDigits(values[i]!, digits, i);
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

function roundedData(source: Float64Array): PreviewColumnData {
  const values: number[] = [];
  for (let i = 0; i < source.length; i++) values.push(roundForDisplay(source[i]!));
  return { values };
}

/** Codes renumbered in order of first use, so the dictionary sent holds only the values these rows show. */
function categoryData(source: Int32Array, dictionary: readonly string[]): PreviewColumnData {
  const renumbered = new Int32Array(dictionary.length).fill(-1);
  const used: string[] = [];
  const codes: number[] = [];
  for (let i = 0; i < source.length; i++) {
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

/** Each row's bytes in the columns' JSON: its cells and a comma each, and a category value's text at its first use. */
export function rowBytes(data: PreviewColumnData[], rows: number): number[] {
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
