import type { Column } from '../engine/table';

/**
 * Per-column facts for the preview grid's header, computed on every sample row of a node's output
 * (not only the rows sent to the browser): missing count, and a histogram (numbers) or the most
 * frequent values (categories).
 */
export type ColumnStats = {
  missing: number;
  histogram?: { min: number; max: number; bins: number[] };
  top?: { value: string; count: number }[];
  distinct?: number;
};

const BINS = 12;
const TOP_VALUES = 5;

/**
 * Stats by the array they were computed from. Nodes pass the columns they do not touch through as the
 * same arrays (a Derive adds one column; the others are its input's), so after an edit only new or
 * changed columns are counted again. Weak: an entry goes when the preview cache drops the output.
 */
const statsByArray = new WeakMap<object, { dictionary?: readonly string[]; stats: ColumnStats }>();

/** computeColumnStats, remembered for the column's array (and dictionary). */
export function columnStatsOf(col: Column): ColumnStats {
  const array = 'values' in col ? col.values : col.codes;
  const dictionary = 'dictionary' in col ? col.dictionary : undefined;
  const known = statsByArray.get(array);
  if (known && known.dictionary === dictionary) return known.stats;
  const stats = computeColumnStats(col);
  statsByArray.set(array, { dictionary, stats });
  return stats;
}

/**
 * Read by array shape rather than `kind`, so a column kind added later (dates stored as numbers or
 * codes) gets stats without a change here.
 */
export function computeColumnStats(col: Column): ColumnStats {
  if ('values' in col) return numberStats(col.values);
  if ('codes' in col) return categoryStats(col.codes, col.dictionary);
  return { missing: 0 };
}

function numberStats(values: Float64Array): ColumnStats {
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) missing++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (missing === values.length) return { missing };
  const count = min === max ? 1 : BINS;
  const bins = new Array<number>(count).fill(0);
  const width = (max - min) / count;
  // ±Infinity (a derived 1/0) makes the width infinite: every value then lands in the first bin. Else
  // every value is within [min, max] and only the maximum (on the last bin's closed right edge) needs clamping.
  if (!(width > 0 && Number.isFinite(width))) {
    bins[0] = values.length - missing;
    return { missing, histogram: { min, max, bins } };
  }
  // An integer array for the counting loop (this runs over every sample row of every new column).
  const counts = new Int32Array(count);
  const last = count - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const bin = ((v - min) / width) | 0;
    counts[bin > last ? last : bin]!++;
  }
  for (let b = 0; b < count; b++) bins[b] = counts[b]!;
  return { missing, histogram: { min, max, bins } };
}

function categoryStats(codes: Int32Array, dictionary: readonly string[]): ColumnStats {
  const counts = new Int32Array(dictionary.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0 || code >= counts.length) missing++;
    else counts[code]!++;
  }
  let distinct = 0;
  const used: number[] = [];
  for (let c = 0; c < counts.length; c++) {
    if (counts[c]! > 0) {
      distinct++;
      used.push(c);
    }
  }
  used.sort((a, b) => counts[b]! - counts[a]! || a - b);
  return { missing, distinct, top: used.slice(0, TOP_VALUES).map((c) => ({ value: dictionary[c]!, count: counts[c]! })) };
}
