import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileTable } from '../engine/kernels/column-profile';
import type { Table } from '../engine/table';
import { loadPolars, parsePolarsCsv } from './polars-chain';
import { median, type Figure } from './report';
import { settle } from './settle';

/**
 * The dataset page's column profile of the whole bench file (parsed beforehand, as the upload's parse
 * thread has it), beside what a pandas user and a Polars user would run for the same figures. Polars has
 * no histogram in nodejs-polars 0.25, so its line does a little less work than ours and pandas'.
 */
const HERE = dirname(fileURLToPath(import.meta.url));

export async function timeOurProfile(table: Table, runs: number): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    const start = performance.now();
    profileTable(table);
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}

function timePandasProfile(python: string, path: string, runs: number): number | string {
  try {
    const out = JSON.parse(execFileSync(python, [join(HERE, 'pandas-profile.py'), path, String(runs)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    return median(out.profile as number[]);
  } catch (error) {
    return `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; install python3-pandas to compare`;
  }
}

async function timePolarsProfile(path: string, runs: number): Promise<number | string> {
  const pl = await loadPolars();
  if (typeof pl === 'string') return pl;
  const df = parsePolarsCsv(pl, path);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    const start = performance.now();
    df.nullCount();
    df.describe();
    for (const name of df.columns) {
      const column = df.getColumn(name);
      column.nUnique();
      if (String(column.dtype.variant) === 'String') column.valueCounts(true).head(10);
    }
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}

/** The "profile" line; `skipped` says why a peer could not run. */
export async function measureProfile(table: Table, path: string, runs: number, python: string): Promise<Figure & { skipped: Record<string, string> }> {
  const ours = await timeOurProfile(table, runs);
  const pandas = timePandasProfile(python, path, runs);
  const polars = await timePolarsProfile(path, runs);
  const skipped = Object.fromEntries(Object.entries({ 'pandas profile': pandas, 'polars profile': polars }).filter(([, p]) => typeof p === 'string')) as Record<string, string>;
  return {
    name: `profile ${table.rowCount / 1e6}M rows`,
    unit: 's',
    ours,
    pandas: typeof pandas === 'number' ? pandas : undefined,
    polars: typeof polars === 'number' ? polars : undefined,
    skipped,
  };
}
