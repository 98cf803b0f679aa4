import type { SampleSpec } from '../content-key';
import type { Table } from '../table';
import { headRows, takeRows } from '../table-ops';
import { createRandom } from './random';

/**
 * Seeded samples without replacement. The picked rows keep their original order (a sample of a sorted
 * table stays sorted, a preview reads like the file), and the same seed and table give the same rows.
 */
export type SampleOptions = { mode: 'count' | 'fraction'; count: number; fraction: number; seed: number };

export function sampleRowCount(rowCount: number, options: SampleOptions): number {
  return options.mode === 'count' ? Math.min(options.count, rowCount) : Math.round(rowCount * options.fraction);
}

/** The Sample rows node: a count or a fraction of the rows. */
export function sampleTableRows(table: Table, options: SampleOptions): Table {
  const k = sampleRowCount(table.rowCount, options);
  if (k >= table.rowCount) return table;
  return takeRows(table, pickRandomRows(table.rowCount, k, options.seed));
}

/**
 * The preview sample of a source table: the first `rows` rows, or a seeded random `rows` of them. A table
 * already within `rows` comes back as is, which makes sampling idempotent: a host may pre-sample (e.g.
 * parse only a file's head).
 */
export function sampleTable(table: Table, spec: SampleSpec): Table {
  const rows = Math.max(0, Math.floor(spec.rows));
  if (table.rowCount <= rows) return table;
  if (spec.mode === 'head') return headRows(table, rows);
  return takeRows(table, pickRandomRows(table.rowCount, rows, spec.seed));
}

/** `count` distinct row indices of `total`, seeded, ascending: a partial Fisher–Yates, then a sort. */
export function pickRandomRows(total: number, count: number, seed: number): Int32Array {
  const random = createRandom(seed);
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  const k = Math.min(count, total);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (total - i));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order.slice(0, k).sort();
}
