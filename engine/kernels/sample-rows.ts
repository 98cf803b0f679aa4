import type { SampleSpec } from '../content-key';
import type { Table } from '../table';
import { headRows, takeRows } from '../table-ops';
import { createRandom } from './random';

/**
 * The preview sample of a source table: the first `rows` rows, or a seeded random `rows` of them kept
 * in their original order (so a preview reads like the file). A table already within `rows` comes back
 * as is, which makes sampling idempotent: a host may pre-sample (e.g. parse only a file's head).
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
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order.slice(0, k).sort();
}
