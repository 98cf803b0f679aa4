import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PortValue, RunContext } from '../engine/define-node';
import { parseDatasetBytes } from '../engine/io/dataset';
import { getNodeType } from '../engine/registry';
import type { Table } from '../engine/table';
import { runArqueroChain } from './arquero-chain';
import { ensureBenchCsv } from './generate-csv';

/**
 * Times our CSV parse and preprocessing chain against pandas (and, opt-in, arquero) on the same generated file.
 * The chain runs the production node definitions (`run`), not copies of their kernels.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const PYTHON = '/usr/bin/python3';
/** arquero's row-wise verbs take ~25 s a run on 1M rows, so that comparison is opt-in. */
const WITH_ARQUERO = process.env.BENCH_ARQUERO === '1';

const CHAIN: [type: string, params: Record<string, unknown>][] = [
  ['impute', { strategy: 'mean' }],
  ['standard-scale', {}],
  ['one-hot', { columns: ['region', 'device', 'plan'] }],
  ['filter', { conditions: [{ column: 'x0', op: 'gte', value: -1.5 }], combine: 'and' }],
  ['split', { testFraction: 0.2, seed: 42 }],
];

const quietContext: RunContext = {
  progress() {},
  log() {},
  metric() {},
  signal: new AbortController().signal,
  loadDataset: () => Promise.reject(new Error('The benchmark chain has no dataset node.')),
};

async function runChain(table: Table): Promise<PortValue> {
  let value: PortValue = { kind: 'table', table };
  for (const [type, raw] of CHAIN) {
    const def = getNodeType(type);
    if (!def) throw new Error(`Benchmark chain names unknown node type '${type}'.`);
    value = (await def.run({ data: value }, def.params.parse(raw), quietContext)).data;
  }
  return value;
}

async function timeRuns<T>(runs: number, task: () => T | Promise<T>): Promise<{ seconds: number[]; last: T }> {
  const seconds: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await task();
    seconds.push((performance.now() - start) / 1000);
  }
  return { seconds, last };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function formatFigure(name: string, seconds: number[]): string {
  return `${name.padEnd(22)} median ${median(seconds).toFixed(3)} s   runs: ${seconds.map((s) => s.toFixed(3)).join(', ')}`;
}

function runPandas(path: string): { parse: number[]; chain: number[] } | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const script = join(dirname(fileURLToPath(import.meta.url)), 'pandas-chain.py');
  try {
    return JSON.parse(execFileSync(PYTHON, [script, path, String(RUNS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    console.log(`pandas: skipped (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install python3-pandas to compare.`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const generated = performance.now();
  const path = ensureBenchCsv(ROWS);
  console.log(`data: ${path} (${ROWS.toLocaleString()} rows × 17 columns, ready in ${((performance.now() - generated) / 1000).toFixed(1)} s)`);

  const parse = await timeRuns(RUNS, () => parseDatasetBytes(readFileSync(path), 'csv'));
  const chain = await timeRuns(RUNS, () => runChain(parse.last));
  const result = chain.last;
  if (result.kind === 'split') console.log(`ours: ${result.train.rowCount} train / ${result.test.rowCount} test rows, ${result.train.columns.length} columns`);
  console.log(formatFigure('ours parse', parse.seconds));
  console.log(formatFigure('ours chain', chain.seconds));

  const pandas = runPandas(path);
  if (pandas) {
    console.log(formatFigure('pandas parse', pandas.parse));
    console.log(formatFigure('pandas chain', pandas.chain));
    console.log(`ratio ours/pandas: parse ${(median(parse.seconds) / median(pandas.parse)).toFixed(2)}, chain ${(median(chain.seconds) / median(pandas.chain)).toFixed(2)}`);
  }
  if (WITH_ARQUERO) {
    const arquero = await timeRuns(RUNS, () => runArqueroChain(parse.last));
    console.log(formatFigure('arquero chain', arquero.seconds));
    console.log(`ratio ours/arquero: chain ${(median(chain.seconds) / median(arquero.seconds)).toFixed(2)}`);
  } else {
    console.log('arquero chain: skipped (about 25 s a run); set BENCH_ARQUERO=1 to include it.');
  }
}

await main();
