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
 * Sorting a copy finds the values that occur more than once without hashing every row; only those
 * (usually few) go into a set, and a second pass in row order marks their later occurrences.
 */
function findNumericRepeats(values: Float64Array): RowFailures {
  const sorted = Float64Array.from(values).sort();
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]);
  const mask = new Uint8Array(values.length);
  if (repeated.size === 0) return { mask, failed: 0 };
  const seen = new Set<number>();
  let failed = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!repeated.has(x)) continue;
    if (seen.has(x)) {
      mask[i] = 1;
      failed++;
    } else seen.add(x);
  }
  return { mask, failed };
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
