import type { Column, Table } from '../table';
import { requireNumericColumn } from '../table-ops';
import { meanOf } from './column-stats';

/**
 * Standardize numeric columns to mean 0, standard deviation 1 (population std, as scikit-learn).
 * A constant column keeps scale 1 so it becomes all zeros instead of dividing by zero.
 */
export type ScaleOptions = { columns: string[] };
export type ScaleState = { columns: { column: string; mean: number; scale: number }[] };

export function fitStandardScale(table: Table, options: ScaleOptions): ScaleState {
  const names = options.columns.length > 0 ? options.columns : table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
  return {
    columns: names.map((name) => {
      const values = requireNumericColumn(table, name, 'Standard scale').values;
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
      const std = count === 0 ? 0 : Math.sqrt(squares / count);
      return { column: name, mean, scale: std > 0 && Number.isFinite(std) ? std : 1 };
    }),
  };
}

export function applyStandardScale(table: Table, state: ScaleState): Table {
  const stats = new Map(state.columns.map((s) => [s.column, s]));
  const columns = table.columns.map((col): Column => {
    const s = stats.get(col.name);
    if (!s || col.kind !== 'number') return col;
    const src = col.values;
    const out = new Float64Array(src.length);
    const { mean, scale } = s;
    for (let i = 0; i < src.length; i++) out[i] = (src[i] - mean) / scale;
    return { ...col, values: out };
  });
  return { rowCount: table.rowCount, columns };
}
