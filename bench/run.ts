import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFileBytes } from '../db/lent-file-bytes';
import { parseDatasetBytes } from '../engine/io/dataset';
import type { Table } from '../engine/table';
import { ensureBenchCsv } from './generate-csv';
import { describeSplit, runChain, type ChainShape } from './our-chain';
import { settle } from './settle';
import { timePolars } from './polars-chain';
import { timeParseThenChain, type EngineFigures } from './time-parse-chain';
import { findShapeMismatches, formatTable, median, type Figure } from './report';

/**
 * Times our CSV parse and preprocessing chain against pandas and Polars (and, opt-in, arquero) on the
 * same generated file in the same run, and measures each engine's peak memory in a fresh child process.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const PYTHON = '/usr/bin/python3';
const HERE = dirname(fileURLToPath(import.meta.url));
/** arquero's row-wise verbs take ~25 s a run on 1M rows, so that comparison is opt-in. */
const WITH_ARQUERO = process.env.BENCH_ARQUERO === '1';
const MB = 1024 * 1024;
const JOIN_LINES = ['join', 'group-by'] as const;
/** The preview reads at most 10,000 sample rows: the generated file's first rows are the same at any length. */
const PREVIEW_SOURCE_ROWS = 10_000;

/** Seconds of `runs` runs after one untimed warm-up run, each result dropped before the next run's settle(). */
async function timeRuns(runs: number, task: () => unknown): Promise<number[]> {
  await task();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    const start = performance.now();
    await task();
    seconds.push((performance.now() - start) / 1000);
  }
  return seconds;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function runPython(args: string[]): Record<string, unknown> | string {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing; install python3-pandas to compare`;
  try {
    return JSON.parse(execFileSync(PYTHON, [join(HERE, 'pandas-chain.py'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    return `${firstLine(error)}; install python3-pandas to compare`;
  }
}

function pandasShape(out: Record<string, unknown>): ChainShape {
  return { train: Number(out.train), test: Number(out.test), columns: Number(out.columns) };
}

function timePandas(path: string): EngineFigures | string {
  const out = runPython([path, String(RUNS)]);
  if (typeof out === 'string') return out;
  return { parse: out.parse as number[], chain: out.chain as number[], shape: pandasShape(out) };
}

/** Our read, parse then chain, timed as Polars' (timeParseThenChain); the file is read as a worker reads an uploaded CSV (parseDatasetBlob). */
function timeOurs(path: string): Promise<EngineFigures> {
  return timeParseThenChain(RUNS, () => withFileBytes(path, (bytes) => parseDatasetBytes(bytes, { format: 'csv' })), runChain, describeSplit);
}

/** Peak RSS (MB) of load + chain in a fresh process; a string says why it was skipped. */
function measurePeak(engine: 'ours' | 'polars' | 'pandas', path: string): { mb: number; shape: ChainShape } | string {
  if (engine === 'pandas') {
    const out = runPython([path, '--memory']);
    return typeof out === 'string' ? out : { mb: Number(out.peak_bytes) / MB, shape: pandasShape(out) };
  }
  try {
    const args = ['--import', 'tsx', join(HERE, 'peak-memory.ts'), engine, path];
    const out = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    return { mb: out.peakBytes / MB, shape: out.shape };
  } catch (error) {
    return firstLine(error);
  }
}

function timeFigures(ours: EngineFigures, pandas?: EngineFigures, polars?: EngineFigures): Figure[] {
  // load + chain: each engine's median parse plus median chain (they are timed in separate loops).
  const total = (e?: EngineFigures) => (e ? median(e.parse) + median(e.chain) : undefined);
  const pick = (e: EngineFigures | undefined, key: 'parse' | 'chain') => (e ? median(e[key]) : undefined);
  return [
    { name: `csv parse ${ROWS / 1e6}M×17`, unit: 's', ours: median(ours.parse), pandas: pick(pandas, 'parse'), polars: pick(polars, 'parse') },
    { name: 'chain (6 nodes, with derive)', unit: 's', ours: median(ours.chain), pandas: pick(pandas, 'chain'), polars: pick(polars, 'chain') },
    { name: 'load + chain', unit: 's', ours: total(ours)!, pandas: total(pandas), polars: total(polars) },
  ];
}

function reportSkips(skips: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(skips)) if (typeof value === 'string') console.log(`${name}: skipped: ${value}`);
}

/** The join and group-by lines; a MISMATCH (peers disagree on the result) fails the run. */
async function joinAndGroupBy(which: readonly (typeof JOIN_LINES)[number][]): Promise<void> {
  const { measureJoinAndGroupBy } = await import('./join-group-by');
  const { figures, notes, mismatches } = await measureJoinAndGroupBy(which, Math.max(RUNS, 15), PYTHON);
  for (const note of notes) console.log(note);
  for (const mismatch of mismatches) console.log(`MISMATCH: ${mismatch}; the engines do different work, so fix them before reading the figures.`);
  if (mismatches.length > 0) process.exitCode = 1;
  console.log(formatTable(figures));
}

/** The preview lines: compute on 1,000 and 10,000 sample rows, and the GraphQL round trip on 1,000. */
async function previewLines(): Promise<void> {
  const sizes = [1_000, 10_000];
  const { measurePreviewInThread } = await import('./workbench');
  const measured = await measurePreviewInThread(ensureBenchCsv(PREVIEW_SOURCE_ROWS), sizes);
  const figures: Figure[] = [];
  for (const [i, rows] of sizes.entries()) {
    const { p50, p95, plan } = measured[i]!;
    figures.push({ name: `preview 6-node chain, ${rows.toLocaleString('en')} rows, p50`, unit: 'ms', ours: p50 });
    figures.push({ name: `preview 6-node chain, ${rows.toLocaleString('en')} rows, p95`, unit: 'ms', ours: p95 });
    // The same previews' plan run alone (no payload): where the rest of the line goes.
    figures.push({ name: `  of which plan run, ${rows.toLocaleString('en')} rows, p50`, unit: 'ms', ours: plan.p50 });
    figures.push({ name: `  of which plan run, ${rows.toLocaleString('en')} rows, p95`, unit: 'ms', ours: plan.p95 });
  }
  const { measurePreviewRoundTrip } = await import('./preview-round-trip');
  const roundTrip = await measurePreviewRoundTrip(1_000);
  figures.push({ name: 'preview round trip via GraphQL, 1,000 rows, p50', unit: 'ms', ours: roundTrip.p50 });
  figures.push({ name: 'preview round trip via GraphQL, 1,000 rows, p95', unit: 'ms', ours: roundTrip.p95 });
  console.log(formatTable(figures));
}

/** The generated CSV, made once per run and parsed once for every section that reads it. */
let generated: { path: string; table: Promise<Table> } | undefined;
function benchCsv(): { path: string; table: Promise<Table> } {
  if (!generated) {
    const start = performance.now();
    const path = ensureBenchCsv(ROWS);
    console.log(`data: ${path} (${ROWS.toLocaleString()} rows × 17 columns, ready in ${((performance.now() - start) / 1000).toFixed(1)} s); medians of ${RUNS} runs`);
    generated = { path, table: parseDatasetBytes(readFileSync(path), { format: 'csv' }) };
  }
  return generated;
}

/** csv parse, chain, load + chain and peak memory against pandas and Polars; a shape MISMATCH fails the run. */
async function chainLines(): Promise<void> {
  const { path, table: parsing } = benchCsv();
  const table = await parsing; // a parse still running on the parse threads would slow the first timed one
  const ours = await timeOurs(path);
  const pandasRun = timePandas(path);
  const polarsRun = await timePolars(path, RUNS);
  const pandas = typeof pandasRun === 'string' ? undefined : pandasRun;
  const polars = typeof polarsRun === 'string' ? undefined : polarsRun;
  const peaks = { ours: measurePeak('ours', path), pandas: measurePeak('pandas', path), polars: polars ? measurePeak('polars', path) : 'Polars did not load (see above)' };
  reportSkips({ pandas: pandasRun, polars: polarsRun, 'ours peak memory': peaks.ours, 'pandas peak memory': peaks.pandas, 'polars peak memory': peaks.polars });

  const peakMb = (p: (typeof peaks)['ours']) => (typeof p === 'string' ? undefined : p.mb);
  const figures = timeFigures(ours, pandas, polars);
  if (typeof peaks.ours !== 'string') {
    figures.push({ name: 'peak memory load + chain', unit: 'MB', ours: peaks.ours.mb, pandas: peakMb(peaks.pandas), polars: peakMb(peaks.polars) });
  }
  console.log(`ours: ${ours.shape.train} train / ${ours.shape.test} test rows, ${ours.shape.columns} columns; each engine's parse and chain timed after one warm-up run`);
  // Run by run, since on a shared VM one slow run in three moves a median: parse + chain seconds.
  const runs = (e: EngineFigures) => e.parse.map((parse, i) => `${parse.toFixed(2)}+${e.chain[i]!.toFixed(2)}`).join(', ');
  console.log(`runs (parse+chain s): ours ${runs(ours)}${polars ? `; polars ${runs(polars)}` : ''}${pandas ? `; pandas ${runs(pandas)}` : ''}`);
  const shapeOf = (p: (typeof peaks)['ours']) => (typeof p === 'string' ? undefined : p.shape);
  const mismatches = findShapeMismatches(ours.shape, { pandas: pandas?.shape, polars: polars?.shape, 'ours (memory child)': shapeOf(peaks.ours), 'pandas (memory)': shapeOf(peaks.pandas), 'polars (memory)': shapeOf(peaks.polars) });
  for (const mismatch of mismatches) console.log(`MISMATCH: ${mismatch}; the chains do different work, so fix them before reading the figures.`);
  if (mismatches.length > 0) process.exitCode = 1;
  console.log(formatTable(figures));
  if (WITH_ARQUERO) {
    const { runArqueroChain } = await import('./arquero-chain');
    const arquero = await timeRuns(RUNS, () => runArqueroChain(table));
    console.log(`arquero chain: median ${median(arquero).toFixed(3)} s; ratio ours/arquero ${(median(ours.chain) / median(arquero)).toFixed(2)}`);
  } else {
    console.log('arquero chain: skipped (about 25 s a run); set BENCH_ARQUERO=1 to include it.');
  }
}

/**
 * The bench's sections in the order a full run prints them. `BENCH_ONLY=<name>[,<name>…]` runs just
 * those (the full run takes many minutes). Each section imports its own modules when it runs: loaded up
 * front, the canvas and serving sections' (Playwright, the web server's build) tripled the V8 heap the
 * chain lines ran beside (75 MB, where a worker's modules take ~25 MB), and every collection the chain's
 * new columns set off marked all of it: the chain took 0.62–0.71 s instead of 0.38–0.46 s.
 */
const SECTIONS: Record<string, () => Promise<void>> = {
  chain: chainLines,
  preview: previewLines,
  profile: async () => {
    const { path, table } = benchCsv();
    const { measureProfile } = await import('./profile');
    const profile = await measureProfile(await table, path, RUNS, PYTHON);
    reportSkips(profile.skipped);
    console.log(formatTable([profile]));
  },
  validate: async () => console.log(formatTable([await (await import('./validate-rules')).measureValidate(await benchCsv().table, RUNS)])),
  upload: async () => {
    const upload = await (await import('./upload-memory')).measureUploadMemory();
    if (typeof upload === 'string') return console.log(upload);
    console.log(upload.summary);
    console.log(formatTable(upload.figures));
  },
  join: () => joinAndGroupBy(JOIN_LINES),
  linear: async () => console.log(await (await import('./models-linear')).measureLinearModels(RUNS)),
  trees: async () => console.log(await (await import('./models-trees')).benchTrees()),
  nn: async () => console.log(await (await import('./models-nn')).measureNeuralNetwork()),
  evaluate: async () => {
    const { formatEvaluateTable, measureEvaluate } = await import('./evaluate-metrics');
    const figures = await measureEvaluate();
    console.log(typeof figures === 'string' ? `evaluate: skipped: ${figures}` : formatEvaluateTable(figures));
  },
  canvas: async () => console.log(await (await import('./canvas')).measureCanvas()),
  dispatch: async () => {
    const noBuild = (await import('./bench-server')).missingBuild('dispatch');
    if (noBuild) return console.log(noBuild);
    console.log(await (await import('./dispatch')).measureDispatch());
  },
  cache: async () => console.log(await (await import('./cached-rerun')).measureCachedRerun()),
  serving: async () => console.log(await (await import('./serving')).measureServing()),
};

async function main(): Promise<void> {
  const names = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean) ?? Object.keys(SECTIONS);
  const unknown = names.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    console.error(`BENCH_ONLY: no section named ${unknown.join(', ')}; the sections are ${Object.keys(SECTIONS).join(', ')}.`);
    process.exitCode = 2;
    return;
  }
  for (const name of names) {
    console.log(`\n## ${name}`);
    await SECTIONS[name]();
  }
}

await main();
