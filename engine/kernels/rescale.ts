import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { requireNumericColumn } from '../table-ops';
import { meanOf, rangeOf } from './column-stats';
import { quantilesOf } from './quantiles';
import { unzeroedFloat64 } from './unzeroed';

/**
 * Rescale numeric columns with statistics learned from the fit rows, as `(x - center) / scale + offset`:
 *   standard: center = mean, scale = population standard deviation (as scikit-learn);
 *   min_max : center = min, scale = (max - min) / (to - from), offset = from, so fit rows land in [from, to];
 *   robust  : center = median, scale = interquartile range, so outliers barely move the statistics.
 * A column without spread keeps scale 1 (it becomes constant) instead of dividing by zero.
 */
export type RescaleMethod = 'standard' | 'min_max' | 'robust';
export type RescaleOptions = { columns: string[]; method: RescaleMethod; from: number; to: number };
export type RescaleEntry = { column: string; center: number; scale: number; offset: number };
export type RescaleState = { columns: RescaleEntry[] };
/** Models trained before min-max and robust scaling existed saved `{ column, mean, scale }`. */
type SavedEntry = RescaleEntry | { column: string; mean: number; scale: number };

export function fitRescale(table: Table, options: RescaleOptions): RescaleState {
  if (options.method === 'min_max' && !(options.from < options.to)) {
    throw new UserError(`Rescale: the range From ${options.from} … To ${options.to} is empty or reversed. Make From smaller than To, e.g. 0 and 1.`);
  }
  const names = options.columns.length > 0 ? options.columns : table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
  return { columns: names.map((name) => fitColumn(requireNumericColumn(table, name, 'Rescale').values, name, options)) };
}

function fitColumn(values: Float64Array, column: string, options: RescaleOptions): RescaleEntry {
  const usable = (s: number) => (s > 0 && Number.isFinite(s) ? s : 1);
  if (options.method === 'min_max') {
    const { min, max } = rangeOf(values);
    if (min > max) return { column, center: 0, scale: 1, offset: options.from };
    return { column, center: min, scale: usable((max - min) / (options.to - options.from)), offset: options.from };
  }
  if (options.method === 'robust') {
    const [q1, median, q3] = quantilesOf(values, [0.25, 0.5, 0.75]);
    return { column, center: median || 0, scale: usable(q3 - q1), offset: 0 };
  }
  const mean = meanOf(values) || 0;
  let squares = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    if (d === d) {
      squares += d * d;
      count++;
    }
  }
  return { column, center: mean, scale: usable(count === 0 ? 0 : Math.sqrt(squares / count)), offset: 0 };
}

export function applyRescale(table: Table, state: { columns: SavedEntry[] }): Table {
  const stats = new Map(state.columns.map((s) => [s.column, 'mean' in s ? { ...s, center: s.mean, offset: 0 } : s]));
  const columns = table.columns.map((col): Column => {
    const s = stats.get(col.name);
    if (!s || col.kind !== 'number') return col;
    const src = col.values;
    const out = unzeroedFloat64(src.length);
    const { center, scale, offset } = s;
    for (let i = 0; i < src.length; i++) out[i] = (src[i] - center) / scale + offset;
    return { ...col, values: out };
  });
  return { rowCount: table.rowCount, columns };
}
