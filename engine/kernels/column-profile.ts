import type { Column, Table } from '../table';
import { sampleRows } from '../table-ops';
import { countDistinct } from './distinct-count';

/**
 * Per-column summaries of a whole table for the dataset page, computed once per dataset version.
 * Every figure is plain JSON (no NaN): null stands for "not defined", e.g. the mean of an empty column.
 */
export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;
/** The stored sample has at most this many rows, and fewer for wide tables (see SAMPLE_CELLS). */
export const SAMPLE_ROWS = 100;
const SAMPLE_CELLS = 20_000;

/** Equal-width bins from min to max (a constant column has one bin); for dates the edges are epoch ms. */
export type Histogram = { min: number; max: number; counts: number[] };
export type TopValues = { values: { value: string; count: number }[]; otherCount: number };

export type ColumnProfile = {
  name: string;
  /** The column's kind as stored: 'number', 'category', or a kind this profiler does not know (see `note`). */
  kind: string;
  /** Non-missing cells. */
  count: number;
  missing: number;
  missingPercent: number;
  /** Exact for categories and for up to EXACT_LIMIT distinct numbers; beyond that a HyperLogLog estimate. */
  distinct: number | null;
  distinctExact: boolean;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (n − 1), as pandas' describe() reports it; null below two values. */
  std: number | null;
  histogram?: Histogram;
  top?: TopValues;
  /** Why a column has no figures (an unknown kind). */
  note?: string;
};

export type Cell = number | string | null;
export type TableProfile = { rowCount: number; columns: ColumnProfile[]; sample: { rows: Cell[][] } };

/** Profiles every column and keeps the first rows as a sample. */
export function profileTable(table: Table): TableProfile {
  const sampleCount = Math.min(SAMPLE_ROWS, Math.floor(SAMPLE_CELLS / Math.max(1, table.columns.length)));
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((col) => profileColumn(col, table.rowCount)),
    sample: { rows: sampleRows(table, sampleCount) },
  };
}

/**
 * Dispatches on the column's storage rather than a closed list of kinds: any kind kept as a Float64Array
 * of values (numbers; dates as epoch ms) gets min/max/mean/std and a histogram under its own kind name,
 * so a new kind of that shape is profiled without a change here; a kind of another shape gets a note.
 */
export function profileColumn(col: Column, rowCount: number): ColumnProfile {
  if (col.kind === 'category') return profileCategory(col.name, col.codes, col.dictionary);
  const { kind, name, values } = col as { kind: string; name: string; values?: unknown };
  if (values instanceof Float64Array) return profileValues(name, kind, values);
  return { ...emptyProfile(name, kind, rowCount, 0), distinct: null, note: `Columns of kind '${kind}' are not profiled yet.` };
}

function emptyProfile(name: string, kind: string, rowCount: number, missing: number): ColumnProfile {
  const count = rowCount - missing;
  return {
    name,
    kind,
    count,
    missing,
    missingPercent: rowCount === 0 ? 0 : (100 * missing) / rowCount,
    distinct: 0,
    distinctExact: true,
    min: null,
    max: null,
    mean: null,
    std: null,
  };
}

function profileValues(name: string, kind: string, values: Float64Array): ColumnProfile {
  const n = values.length;
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  // Sums are shifted by the first value so the variance of large, close numbers keeps its precision.
  let shift = NaN;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      missing++;
      continue;
    }
    if (shift !== shift) shift = v;
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - shift;
    sum += d;
    sumSquares += d * d;
  }
  const profile = emptyProfile(name, kind, n, missing);
  const count = n - missing;
  if (count === 0) return profile;
  const { distinct: distinctCount, exact } = countDistinct(values);
  const variance = count < 2 ? NaN : Math.max(0, (sumSquares - (sum * sum) / count) / (count - 1));
  return {
    ...profile,
    distinct: distinctCount,
    distinctExact: exact,
    min,
    max,
    mean: shift + sum / count,
    std: Number.isFinite(variance) ? Math.sqrt(variance) : null,
    histogram: histogramOf(values, min, max),
  };
}

/** Only finite bounds make bins: a column holding ±Infinity gets no histogram. */
function histogramOf(values: Float64Array, min: number, max: number): Histogram | undefined {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const counts = new Float64Array(bins);
  const scale = min === max ? 0 : bins / (max - min);
  const last = bins - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const bin = ((v - min) * scale) | 0;
    counts[bin > last ? last : bin]++;
  }
  return { min, max, counts: Array.from(counts) };
}

function profileCategory(name: string, codes: Int32Array, dictionary: string[]): ColumnProfile {
  const counts = new Int32Array(dictionary.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0) missing++;
    else counts[code]++;
  }
  let distinct = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) distinct++;
  const top = topCodes(counts, TOP_VALUES);
  const shown = top.reduce((total, code) => total + counts[code], 0);
  return {
    ...emptyProfile(name, 'category', codes.length, missing),
    distinct,
    top: { values: top.map((code) => ({ value: dictionary[code]!, count: counts[code] })), otherCount: codes.length - missing - shown },
  };
}

/**
 * The `k` most frequent codes, most frequent first, ties to the lower code (first seen), in one pass
 * with a small sorted buffer: a dictionary may hold a million values, which a full sort would not need.
 */
function topCodes(counts: Int32Array, k: number): number[] {
  const best: number[] = [];
  for (let code = 0; code < counts.length; code++) {
    const count = counts[code];
    if (count === 0 || (best.length === k && count <= counts[best[k - 1]!]!)) continue;
    if (best.length < k) best.push(code);
    else best[k - 1] = code;
    for (let at = best.length - 1; at > 0 && counts[best[at - 1]!]! < count; at--) {
      best[at] = best[at - 1]!;
      best[at - 1] = code;
    }
  }
  return best;
}
