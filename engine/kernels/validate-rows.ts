import type { CategoryColumn, Column } from '../table';
import type { PatternTest } from './validate-pattern';

/**
 * Row kernels of the Validate node. Each makes one pass over a typed array and marks the rows that
 * break its rule in a byte mask (1 = fails), so the node can count them, pick examples, and combine
 * rules with OR to drop failing rows. Missing values pass every rule here except `findMissing`:
 * "between 30 and 60" says nothing about unknown values, and a No missing values rule is explicit.
 */
export type RowFailures = { mask: Uint8Array; failed: number };

export function findMissing(col: Column): RowFailures {
  if (col.kind === 'category') {
    const bad = new Uint8Array(col.dictionary.length + 1);
    bad[0] = 1;
    return markCodes(col.codes, bad);
  }
  const v = col.values;
  const mask = new Uint8Array(v.length);
  let failed = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== v[i]) {
      mask[i] = 1;
      failed++;
    }
  }
  return { mask, failed };
}

/** Values outside [min, max]; either bound may be left open. */
export function findOutOfRange(values: Float64Array, min = -Infinity, max = Infinity): RowFailures {
  const mask = new Uint8Array(values.length);
  let failed = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    // NaN compares false both ways, so missing values pass.
    if (x < min || x > max) {
      mask[i] = 1;
      failed++;
    }
  }
  return { mask, failed };
}

/**
 * Category values failing a test (not allowed, not matching a pattern). The test runs once per
 * distinct value in the dictionary, not once per row, so a million rows of 3 species cost 3 tests.
 */
export function findFailingCategories(col: CategoryColumn, passes: PatternTest): RowFailures {
  const bad = new Uint8Array(col.dictionary.length + 1);
  for (let code = 0; code < col.dictionary.length; code++) bad[code + 1] = passes(col.dictionary[code]) ? 0 : 1;
  return markCodes(col.codes, bad);
}

/** Repeats of an earlier row's value: the first occurrence passes, every later one fails. */
export function findRepeats(col: Column): RowFailures {
  if (col.kind === 'category') {
    // Several codes may carry the same text only if a dictionary repeats itself; map them to one.
    const first = new Map<string, number>();
    const canonical = Int32Array.from(col.dictionary, (text, code) => first.get(text) ?? (first.set(text, code), code));
    const seen = new Uint8Array(col.dictionary.length);
    const codes = col.codes;
    const mask = new Uint8Array(codes.length);
    let failed = 0;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code < 0) continue;
      const c = canonical[code];
      if (seen[c]) {
        mask[i] = 1;
        failed++;
      } else seen[c] = 1;
    }
    return { mask, failed };
  }
  return findNumericRepeats(col.values);
}

/**
 * An open-addressing hash set over the values' bits in typed arrays: one probe sequence per row and
 * no boxing, several times faster than a JavaScript Set of numbers on a million rows. It starts small
 * and doubles with the distinct values seen, so a column of few values stays in cache.
 */
function findNumericRepeats(values: Float64Array): RowFailures {
  const mask = new Uint8Array(values.length);
  let keys: Float64Array = new Float64Array(1024);
  let used: Uint8Array = new Uint8Array(1024);
  let count = 0;
  let failed = 0;
  for (let i = 0; i < values.length; i++) {
    let x = values[i];
    if (x !== x) continue;
    if (x === 0) x = 0; // -0 and 0 are the same value
    const last = keys.length - 1;
    let slot = hashNumber(x) & last;
    while (used[slot] && keys[slot] !== x) slot = (slot + 1) & last;
    if (used[slot]) {
      mask[i] = 1;
      failed++;
      continue;
    }
    used[slot] = 1;
    keys[slot] = x;
    if (++count * 2 > keys.length) [keys, used] = rehash(keys, used);
  }
  return { mask, failed };
}

const hashBits = new Float64Array(1);
const hashHalves = new Int32Array(hashBits.buffer);

function hashNumber(x: number): number {
  hashBits[0] = x;
  let h = Math.imul(hashHalves[0], 0x9e3779b1) ^ Math.imul(hashHalves[1], 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return h ^ (h >>> 15);
}

function rehash(keys: Float64Array, used: Uint8Array): [Float64Array, Uint8Array] {
  const size = keys.length * 2;
  const nextKeys = new Float64Array(size);
  const nextUsed = new Uint8Array(size);
  for (let i = 0; i < keys.length; i++) {
    if (!used[i]) continue;
    let slot = hashNumber(keys[i]) & (size - 1);
    while (nextUsed[slot]) slot = (slot + 1) & (size - 1);
    nextUsed[slot] = 1;
    nextKeys[slot] = keys[i];
  }
  return [nextKeys, nextUsed];
}

/**
 * Marks rows whose code is flagged in `bad`, indexed by code + 1 so the missing code (-1) has a slot.
 * One flat loop for every category rule: a per-row callback here would turn megamorphic.
 */
function markCodes(codes: Int32Array, bad: Uint8Array): RowFailures {
  const mask = new Uint8Array(codes.length);
  let failed = 0;
  for (let i = 0; i < codes.length; i++) {
    const fails = bad[codes[i] + 1];
    mask[i] = fails;
    failed += fails;
  }
  return { mask, failed };
}
