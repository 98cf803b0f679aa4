import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { requireColumn, requireNumericColumn } from '../table-ops';
import { quantilesOf } from './quantiles';

/**
 * Clip outliers: values below `lower` become `lower`, above `upper` become `upper`. Bounds are
 * percentiles of the fit rows, Tukey's fences (Q1 − k·IQR, Q3 + k·IQR) of the fit rows, or fixed
 * numbers; a null bound leaves that side alone. Missing cells stay missing.
 */
export type ClipMethod = 'percentile' | 'iqr' | 'fixed';
export type ClipOptions = {
  columns: string[];
  method: ClipMethod;
  lowerPercentile: number;
  upperPercentile: number;
  iqrFactor: number;
  lower?: number;
  upper?: number;
};
export type ClipState = { columns: { column: string; lower: number | null; upper: number | null }[] };

const WHERE = 'Clip outliers';

export function checkClipOptions(options: ClipOptions): void {
  if (options.method === 'percentile' && !(options.lowerPercentile < options.upperPercentile)) {
    throw new UserError(`${WHERE}: the lower percentile (${options.lowerPercentile}) must be below the upper one (${options.upperPercentile}). Use e.g. 1 and 99.`);
  }
  if (options.method !== 'fixed') return;
  if (options.lower === undefined && options.upper === undefined) {
    throw new UserError(`${WHERE}: the method is 'fixed' but neither a lower nor an upper bound is given. Enter at least one.`);
  }
  if (options.lower !== undefined && options.upper !== undefined && options.lower > options.upper) {
    throw new UserError(`${WHERE}: the lower bound ${options.lower} is above the upper bound ${options.upper}. Swap them.`);
  }
}

export function fitClip(table: Table, options: ClipOptions): ClipState {
  checkClipOptions(options);
  const names = options.columns.length > 0 ? options.columns : table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
  return { columns: names.map((name) => ({ column: name, ...learnBounds(requireNumericColumn(table, name, WHERE).values, options) })) };
}

function learnBounds(values: Float64Array, options: ClipOptions): { lower: number | null; upper: number | null } {
  const known = (x: number) => (Number.isNaN(x) ? null : x);
  if (options.method === 'fixed') return { lower: options.lower ?? null, upper: options.upper ?? null };
  if (options.method === 'percentile') {
    const [lower, upper] = quantilesOf(values, [options.lowerPercentile / 100, options.upperPercentile / 100]);
    return { lower: known(lower), upper: known(upper) };
  }
  const [q1, q3] = quantilesOf(values, [0.25, 0.75]);
  const spread = options.iqrFactor * (q3 - q1);
  return { lower: known(q1 - spread), upper: known(q3 + spread) };
}

export function applyClip(table: Table, state: ClipState): Table {
  const bounds = new Map(state.columns.map((s) => [s.column, s]));
  for (const name of bounds.keys()) requireColumn(table, name, WHERE);
  const columns = table.columns.map((col): Column => {
    const b = bounds.get(col.name);
    if (!b) return col;
    const src = requireNumericColumn(table, col.name, WHERE).values;
    const lower = b.lower ?? -Infinity;
    const upper = b.upper ?? Infinity;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      out[i] = v < lower ? lower : v > upper ? upper : v;
    }
    return { kind: 'number', name: col.name, values: out };
  });
  return { rowCount: table.rowCount, columns };
}
