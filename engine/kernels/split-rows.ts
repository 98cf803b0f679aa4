import type { Column, Table } from '../table';
import { requireColumn, takeRows } from '../table-ops';
import { createRandom } from './random';

/**
 * Seeded train/test split. The same seed and table always give the same split. With a stratify
 * column, each class (missing counts as one) contributes the same test fraction. Rows keep their
 * original order inside train and test so previews read naturally.
 */
export type SplitOptions = { testFraction: number; seed: number; stratify?: string };

export function splitRows(table: Table, options: SplitOptions): { train: Table; test: Table } {
  const isTest = new Uint8Array(table.rowCount);
  const random = createRandom(options.seed);
  for (const group of groupRows(table, options.stratify)) {
    shuffle(group, random);
    const testCount = Math.round(group.length * options.testFraction);
    for (let i = 0; i < testCount; i++) isTest[group[i]] = 1;
  }
  let testRows = 0;
  for (let i = 0; i < isTest.length; i++) testRows += isTest[i];
  const train = new Int32Array(table.rowCount - testRows);
  const test = new Int32Array(testRows);
  for (let i = 0, a = 0, b = 0; i < isTest.length; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train: takeRows(table, train), test: takeRows(table, test) };
}

function groupRows(table: Table, stratify: string | undefined): Int32Array[] {
  const all = new Int32Array(table.rowCount);
  for (let i = 0; i < all.length; i++) all[i] = i;
  if (!stratify) return [all];
  const col = requireColumn(table, stratify, 'Split') as Column;
  const keys = col.kind === 'category' ? Array.from(col.codes) : Array.from(col.values, (v) => (Number.isNaN(v) ? 'missing' : v));
  const groups = new Map<number | string, number[]>();
  keys.forEach((key, row) => {
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  });
  return [...groups.values()].map((rows) => Int32Array.from(rows));
}

/** Fisher–Yates with the seeded generator. */
function shuffle(rows: Int32Array, random: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = t;
  }
}
