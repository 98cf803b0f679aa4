import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { requireColumn, requireNumericColumn } from '../table-ops';
import { rangeOf } from './column-stats';
import { quantilesOf } from './quantiles';

/**
 * Binning: numbers → bins between cut points c0 < c1 < …, learned from the fit rows (equal width
 * between min and max, or quantiles, so each bin holds about as many rows) or given. The outer bins
 * are open-ended, so every value lands in a bin, also values outside the training range:
 * '< c0', '[c0, c1)', …, '≥ ck'. Output is that label (a category) or the bin's index 0…k+1.
 * Cut points are rounded to 6 significant digits when learned, so labels state the real edges.
 */
export type BinMethod = 'equal_width' | 'quantile' | 'custom';
export type BinOptions = { columns: string[]; method: BinMethod; bins: number; edges: number[]; output: 'label' | 'index' };
export type BinState = { columns: { column: string; cuts: number[] }[]; output: 'label' | 'index' };

const WHERE = 'Bin';

export const roundEdge = (x: number) => Number(x.toPrecision(6));
const uniqueSorted = (xs: number[]) => [...new Set(xs.filter(Number.isFinite).map(roundEdge))].sort((a, b) => a - b);

export function fitBin(table: Table, options: BinOptions): BinState {
  if (options.method === 'custom' && options.edges.length === 0) {
    throw new UserError(`${WHERE}: the method is 'custom' but no edges are given. Enter the cut points, e.g. 18, 65.`);
  }
  return {
    columns: options.columns.map((name) => ({ column: name, cuts: learnCuts(requireNumericColumn(table, name, WHERE).values, options) })),
    output: options.output,
  };
}

function learnCuts(values: Float64Array, options: BinOptions): number[] {
  const inner = Array.from({ length: options.bins - 1 }, (_, i) => (i + 1) / options.bins);
  if (options.method === 'custom') return uniqueSorted(options.edges);
  if (options.method === 'quantile') return uniqueSorted(quantilesOf(values, inner));
  const { min, max } = rangeOf(values);
  return min < max ? uniqueSorted(inner.map((p) => min + (max - min) * p)) : [];
}

/** Bin labels in bin order for the given cut points. */
export function binLabels(cuts: readonly number[]): string[] {
  if (cuts.length === 0) return ['all values'];
  return [`< ${cuts[0]}`, ...cuts.slice(1).map((c, i) => `[${cuts[i]}, ${c})`), `≥ ${cuts[cuts.length - 1]}`];
}

export function applyBin(table: Table, state: BinState): Table {
  const cutsOf = new Map(state.columns.map((s) => [s.column, Float64Array.from(s.cuts)]));
  for (const name of cutsOf.keys()) requireColumn(table, name, WHERE);
  const columns = table.columns.map((col): Column => {
    const cuts = cutsOf.get(col.name);
    if (!cuts) return col;
    const bins = binIndexes(requireNumericColumn(table, col.name, WHERE).values, cuts);
    if (state.output === 'label') return { kind: 'category', name: col.name, codes: bins, dictionary: binLabels([...cuts]) };
    return { kind: 'number', name: col.name, values: Float64Array.from(bins, (b) => (b < 0 ? NaN : b)) };
  });
  return { rowCount: table.rowCount, columns };
}

/** Bin index per row (-1 for missing): how many cut points are ≤ the value, by binary search. */
function binIndexes(values: Float64Array, cuts: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  const k = cuts.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      out[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}
