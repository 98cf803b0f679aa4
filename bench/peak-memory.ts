import { readFileSync } from 'node:fs';
import { withFileBytes } from '../db/lent-file-bytes';
import { parseDatasetBytes } from '../engine/io/dataset';
import { describeSplit, runChain, type ChainShape } from './our-chain';
import { loadPolars, parsePolarsCsv, runPolarsChain } from './polars-chain';

/**
 * Child-process entry for the peak-memory figure: loads the CSV and runs the chain once, then prints
 * the process's peak resident set (VmHWM) as JSON. A fresh process per engine, so one engine's heap
 * and caches never count against another. Usage: tsx bench/peak-memory.ts <ours|polars> <csv path>
 */
function readPeakBytes(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('VmHWM is missing from /proc/self/status; the peak-memory figure needs Linux.');
  return Number(match[1]) * 1024;
}

async function measure(engine: string, path: string): Promise<ChainShape> {
  if (engine === 'ours') return describeSplit(await runChain(await withFileBytes(path, (bytes) => parseDatasetBytes(bytes, { format: 'csv' }))));
  if (engine === 'polars') {
    const pl = await loadPolars();
    if (typeof pl === 'string') throw new Error(pl);
    const { train, test } = runPolarsChain(pl, parsePolarsCsv(pl, path));
    return { train: train.height, test: test.height, columns: train.width };
  }
  throw new Error(`peak-memory.ts was asked for engine '${engine}'; pass 'ours' or 'polars'.`);
}

const [engine, path] = process.argv.slice(2);
if (!engine || !path) throw new Error('Usage: tsx bench/peak-memory.ts <ours|polars> <csv path>');
const shape = await measure(engine, path);
console.log(JSON.stringify({ peakBytes: readPeakBytes(), shape }));
