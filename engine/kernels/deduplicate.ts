import type { Column, Table } from '../table';
import { requireColumn, takeRows } from '../table-ops';

/**
 * Keeps the first row of each group of rows equal on the chosen columns (all columns when none are
 * chosen); two missing cells count as equal, as in pandas' drop_duplicates. Rows are hashed over the
 * typed arrays into an open-addressing table of first occurrences, and a hash hit is confirmed
 * column by column, so no per-row strings or objects are built.
 */
export function deduplicateRows(table: Table, names: readonly string[]): { table: Table; removed: number } {
  const keys = names.length === 0 ? table.columns : names.map((name) => requireColumn(table, name, 'Deduplicate') as Column);
  const n = table.rowCount;
  const hashes = hashRows(keys, n);
  let size = 16;
  while (size < n * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  const kept = new Int32Array(n);
  let count = 0;
  for (let row = 0; row < n; row++) {
    let slot = hashes[row] & mask;
    for (;;) {
      const other = slots[slot];
      if (other < 0) {
        slots[slot] = row;
        kept[count++] = row;
        break;
      }
      if (hashes[other] === hashes[row] && rowsEqual(keys, other, row)) break;
      slot = (slot + 1) & mask;
    }
  }
  return { table: count === n ? table : takeRows(table, kept.subarray(0, count)), removed: n - count };
}

function hashRows(keys: readonly Column[], n: number): Int32Array {
  const hashes = new Int32Array(n).fill(0x811c9dc5);
  const scratch = new Float64Array(1);
  const bits = new Int32Array(scratch.buffer);
  for (const col of keys) {
    if (col.kind === 'category') {
      const codes = col.codes;
      for (let i = 0; i < n; i++) hashes[i] = mix(hashes[i], codes[i]);
      continue;
    }
    const values = col.values;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      // Every NaN and both zeros must hash alike, since they compare equal in rowsEqual.
      scratch[0] = v !== v ? NaN : v === 0 ? 0 : v;
      hashes[i] = mix(mix(hashes[i], bits[0]), bits[1]);
    }
  }
  return hashes;
}

/** One murmur3-style round: cheap, and spreads nearby codes and doubles over the low bits. */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h, 5) + 0xe6546b64;
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) | 0;
}

function rowsEqual(keys: readonly Column[], a: number, b: number): boolean {
  for (const col of keys) {
    if (col.kind === 'category') {
      if (col.codes[a] !== col.codes[b]) return false;
    } else {
      const x = col.values[a];
      const y = col.values[b];
      if (x !== y && !(x !== x && y !== y)) return false;
    }
  }
  return true;
}
