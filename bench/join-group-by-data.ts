import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../engine/kernels/random';
import type { Column, Table } from '../engine/table';

/**
 * Seeded synthetic tables for the join and group-by lines, built once in memory and written once to
 * the temp dir as raw little-endian arrays plus a JSON manifest, so pandas reads exactly the cells
 * ours and Polars get. Values are integers, so every engine's sums are exact and checksums compare.
 */
export type BenchTables = { orders: Table; customers: Table; events: Table };

export const JOIN_LEFT_ROWS = 1_000_000;
export const JOIN_RIGHT_ROWS = 100_000;
export const GROUP_ROWS = 1_000_000;
export const GROUPS = 1_000;

function numbers(name: string, n: number, cell: (row: number) => number): Column {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = cell(i);
  return { kind: 'number', name, values };
}

function categories(name: string, n: number, size: number, random: () => number): Column {
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = Math.floor(random() * size);
  return { kind: 'category', name, codes, dictionary: Array.from({ length: size }, (_, i) => `${name}-${i}`) };
}

/** 1% of cells missing, the rest integers in [0, max). */
const sometimesMissing = (random: () => number, max: number) => () => (random() < 0.01 ? NaN : Math.floor(random() * max));

export function generateBenchTables(seed = 11): BenchTables {
  const random = createRandom(seed);
  // Left keys span 125k ids against 100k customers, so a fifth of the orders find no customer.
  const orders: Table = {
    rowCount: JOIN_LEFT_ROWS,
    columns: [
      numbers('customer', JOIN_LEFT_ROWS, sometimesMissing(random, 125_000)),
      numbers('amount', JOIN_LEFT_ROWS, () => Math.floor(random() * 1000)),
      categories('channel', JOIN_LEFT_ROWS, 10, random),
    ],
  };
  const ids = Float64Array.from({ length: JOIN_RIGHT_ROWS }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const customers: Table = {
    rowCount: JOIN_RIGHT_ROWS,
    columns: [{ kind: 'number', name: 'customer', values: ids }, numbers('credit', JOIN_RIGHT_ROWS, () => Math.floor(random() * 10_000)), categories('segment', JOIN_RIGHT_ROWS, 20, random)],
  };
  const events: Table = {
    rowCount: GROUP_ROWS,
    columns: [
      numbers('device', GROUP_ROWS, () => Math.floor(random() * GROUPS)),
      numbers('bytes', GROUP_ROWS, sometimesMissing(random, 1000)),
      numbers('latency', GROUP_ROWS, sometimesMissing(random, 1000)),
      numbers('errors', GROUP_ROWS, sometimesMissing(random, 1000)),
    ],
  };
  return { orders, customers, events };
}

type ManifestColumn = { name: string; file: string; kind: 'number' | 'category'; dictionary?: string[] };

/** Writes the tables for the pandas script (once per seed); returns the directory holding manifest.json. */
export function writeBenchTables(tables: BenchTables, seed = 11): string {
  const dir = join(tmpdir(), `pipewright-bench-join-group-by-s${seed}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, ManifestColumn[]> = {};
  for (const [tableName, table] of Object.entries(tables)) {
    manifest[tableName] = table.columns.map((col): ManifestColumn => {
      const file = `${tableName}.${col.name}.${col.kind === 'category' ? 'i32' : 'f64'}`;
      const data = col.kind === 'category' ? col.codes : col.values;
      writeFileSync(join(dir, file), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return col.kind === 'category' ? { name: col.name, file, kind: 'category', dictionary: col.dictionary } : { name: col.name, file, kind: 'number' };
    });
  }
  writeFileSync(join(dir, 'manifest.json.partial'), JSON.stringify(manifest));
  renameSync(join(dir, 'manifest.json.partial'), join(dir, 'manifest.json'));
  return dir;
}
