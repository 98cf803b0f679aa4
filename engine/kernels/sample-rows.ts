import type { Table } from '../table';
import { takeRows } from '../table-ops';
import { createRandom } from './random';

/**
 * Seeded sample without replacement: a partial Fisher–Yates shuffle picks the rows, which then keep
 * their original order (so a sample of a sorted table stays sorted). The same seed and table always
 * give the same rows.
 */
export type SampleOptions = { mode: 'count' | 'fraction'; count: number; fraction: number; seed: number };

export function sampleRowCount(rowCount: number, options: SampleOptions): number {
  return options.mode === 'count' ? Math.min(options.count, rowCount) : Math.round(rowCount * options.fraction);
}

export function sampleTableRows(table: Table, options: SampleOptions): Table {
  const n = table.rowCount;
  const k = sampleRowCount(n, options);
  if (k >= n) return table;
  const random = createRandom(options.seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const picked = new Uint8Array(n);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
    picked[order[i]] = 1;
  }
  const rows = new Int32Array(k);
  for (let i = 0, r = 0; i < n; i++) if (picked[i]) rows[r++] = i;
  return takeRows(table, rows);
}
