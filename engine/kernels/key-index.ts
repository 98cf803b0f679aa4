import type { Column } from '../table';

/**
 * Dense integer codes for key values, the common first step of joins and group-by. Every distinct
 * value of a Float64 column gets a code in [0, count) in order of first appearance; NaN (missing)
 * gets -1, or, when `missingAsValue` is set (group-by), a code of its own like any value. Values that are all integers in a narrow range are coded by direct addressing (an array
 * indexed by value − min); anything else goes through an open-addressing hash table over the
 * float's bits. Neither path boxes a number or builds a string per row.
 */
export type KeyIndex = {
  /** Code of each input row (-1 for missing). */
  codes: Int32Array;
  count: number;
  /** The first row holding each code. */
  firstRows: Int32Array;
  /** Codes of other values against this index: the code of an equal value, or -1 (missing or absent). */
  lookup(values: Float64Array, into?: Int32Array): Int32Array;
};
type IndexOptions = {
  /** Receives the codes (values.length long) instead of a new array. */
  into?: Int32Array;
  missingAsValue?: boolean;
};

/** A column whose cells are Float64 values: numbers, and any other numeric-valued kind (e.g. dates). */
export type ValuesColumn = Extract<Column, { values: Float64Array }>;
export const hasValues = (col: Column): col is ValuesColumn => 'values' in col;

/** Direct addressing wastes at most this many slots per distinct value seen, and never more than this many in all. */
const DIRECT_SLACK = 4;
const DIRECT_MAX_SLOTS = 1 << 25;

export function indexKeys(values: Float64Array, { into, missingAsValue = false }: IndexOptions = {}): KeyIndex {
  const codes = into ?? new Int32Array(values.length);
  const range = directRange(values);
  if (range) return indexDirect(values, codes, range.min, range.max - range.min + 1, missingAsValue);
  return indexHashed(values, codes, missingAsValue);
}

/** The values' integer range when it is narrow enough to address directly (an array indexed by value − min), else undefined. */
export function directRange(values: Float64Array): { min: number; max: number } | undefined {
  const range = integerRange(values);
  const span = range ? range.max - range.min : Infinity;
  return span < Math.max(DIRECT_SLACK * values.length, 1 << 16) && span < DIRECT_MAX_SLOTS ? range : undefined;
}

/** min and max when every present value is an integer in the int32 range; undefined otherwise. */
function integerRange(values: Float64Array): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if ((v | 0) !== v) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? { min: 0, max: 0 } : { min, max };
}

function indexDirect(values: Float64Array, codes: Int32Array, min: number, span: number, missingAsValue: boolean): KeyIndex {
  // The slot past the span holds the missing value's code when it has one.
  const slots = new Int32Array(span + 1).fill(-1);
  const firstRows = new Int32Array(Math.min(values.length, span + 1));
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v && !missingAsValue) {
      codes[i] = -1;
      continue;
    }
    // An int32 index: V8 takes a slow path when a typed array is indexed by a double.
    const at = v !== v ? span : (v - min) | 0;
    let code = slots[at];
    if (code < 0) {
      code = slots[at] = count;
      firstRows[count++] = i;
    }
    codes[i] = code;
  }
  return {
    codes,
    count,
    firstRows: firstRows.subarray(0, count),
    lookup(other, into) {
      const out = into ?? new Int32Array(other.length);
      for (let i = 0; i < other.length; i++) {
        const offset = other[i] - min;
        const at = offset | 0;
        // NaN and non-integers fail `at === offset`; values outside the span fail the range check.
        out[i] = at === offset && at >= 0 && at < span ? slots[at] : -1;
      }
      return out;
    },
  };
}

const scratch = new Float64Array(1);
const bits = new Int32Array(scratch.buffer);

/** Spreads a double's 64 bits over 32 (both zeros must be normalized to +0 by the caller). */
function hashBits(v: number): number {
  scratch[0] = v;
  let h = Math.imul(bits[0] ^ Math.imul(bits[1], 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}

function indexHashed(values: Float64Array, codes: Int32Array, missingAsValue: boolean): KeyIndex {
  let size = 1024;
  let keys = new Float64Array(size);
  let slots = new Int32Array(size).fill(-1);
  let count = 0;
  const firsts: number[] = [];
  const firstRows: number[] = [];
  let missingCode = -1;
  const grow = () => {
    size *= 2;
    keys = new Float64Array(size);
    slots = new Int32Array(size).fill(-1);
    for (let code = 0; code < count; code++) {
      const v = firsts[code];
      if (v !== v) continue;
      let at = hashBits(v) & (size - 1);
      while (slots[at] >= 0) at = (at + 1) & (size - 1);
      keys[at] = v;
      slots[at] = code;
    }
  };
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (raw !== raw) {
      if (missingAsValue && missingCode < 0) {
        missingCode = count++;
        firsts.push(NaN);
        firstRows.push(i);
      }
      codes[i] = missingCode;
      continue;
    }
    const v = raw === 0 ? 0 : raw;
    const mask = size - 1;
    let at = hashBits(v) & mask;
    while (slots[at] >= 0 && keys[at] !== v) at = (at + 1) & mask;
    if (slots[at] >= 0) {
      codes[i] = slots[at];
      continue;
    }
    keys[at] = v;
    slots[at] = count;
    firsts.push(v);
    firstRows.push(i);
    codes[i] = count++;
    if (count * 2 > size) grow();
  }
  return {
    codes,
    count,
    firstRows: Int32Array.from(firstRows),
    lookup(other, into) {
      const out = into ?? new Int32Array(other.length);
      const mask = size - 1;
      for (let i = 0; i < other.length; i++) {
        const raw = other[i];
        if (raw !== raw) {
          out[i] = -1;
          continue;
        }
        const v = raw === 0 ? 0 : raw;
        let at = hashBits(v) & mask;
        while (slots[at] >= 0 && keys[at] !== v) at = (at + 1) & mask;
        out[i] = slots[at];
      }
      return out;
    },
  };
}

/**
 * Pairs two code arrays (each in [0, width) or -1) into one number per row that is equal exactly when
 * both codes are; -1 on either side gives NaN (missing), so the pair can be indexed like a value.
 */
export function pairCodes(a: Int32Array, b: Int32Array, width: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] < 0 || b[i] < 0 ? NaN : a[i] * width + b[i];
  return out;
}
