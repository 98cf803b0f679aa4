import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../engine/kernels/random';

/**
 * Deterministic benchmark data: 13 numeric columns (~5% missing, mixed integers and decimals)
 * and 4 category columns, written once to the temp dir and reused (the name encodes the shape).
 */
export const NUMERIC_COLUMNS = 13;
export const CATEGORY_COLUMNS: readonly { name: string; values: readonly string[] }[] = [
  { name: 'region', values: ['north', 'south', 'east', 'west', 'central'] },
  { name: 'device', values: ['mobile', 'desktop', 'tablet'] },
  { name: 'plan', values: ['free', 'basic', 'pro', 'team', 'enterprise', 'edu', 'trial', 'legacy'] },
  { name: 'label', values: ['no', 'yes'] },
];

export function ensureBenchCsv(rows: number, seed = 7): string {
  const path = join(tmpdir(), `pipewright-bench-${rows}x${NUMERIC_COLUMNS + CATEGORY_COLUMNS.length}-s${seed}.csv`);
  if (existsSync(path)) return path;
  const random = createRandom(seed);
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  const header = [...Array.from({ length: NUMERIC_COLUMNS }, (_, i) => `x${i}`), ...CATEGORY_COLUMNS.map((c) => c.name)];
  writeSync(fd, header.join(',') + '\n');
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let i = 0; i < NUMERIC_COLUMNS; i++) {
      if (random() >= 0.05) line += i % 3 === 0 ? Math.floor(random() * 1000) : Math.round(random() * 200000 - 50000) / 1000;
      line += ',';
    }
    for (let i = 0; i < CATEGORY_COLUMNS.length; i++) {
      const values = CATEGORY_COLUMNS[i].values;
      if (i === CATEGORY_COLUMNS.length - 1 || random() >= 0.05) line += values[Math.floor(random() * values.length)];
      line += i === CATEGORY_COLUMNS.length - 1 ? '\n' : ',';
    }
    chunk += line;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(partial, path);
  return path;
}
