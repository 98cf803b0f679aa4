import { getNodeType } from '../engine/registry';
import type { Column, Table } from '../engine/table';
import { createRandom } from '../engine/kernels/random';
import { createTestContext } from '../engine/testing/fixtures';

/**
 * Fit + apply time of each fitted transform (and text clean-up) on 1M rows, median of 5 runs:
 * `npx tsx bench/transform-kernels.ts` (BENCH_ROWS to change the row count). A quick check that
 * the kernels stay at tens of ms, not a line of `npm run bench`. CPU time is printed beside wall
 * time because on a shared machine the wall time mostly measures the neighbours.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const random = createRandom(42);

function categories(name: string, distinct: number, prefix: string): Column {
  const dictionary = Array.from({ length: distinct }, (_, i) => `${prefix} ${i} `);
  const codes = Int32Array.from({ length: ROWS }, () => (random() < 0.01 ? -1 : Math.floor(random() ** 2 * distinct)));
  return { kind: 'category', name, codes, dictionary };
}

const table: Table = {
  rowCount: ROWS,
  columns: [
    { kind: 'number', name: 'x', values: Float64Array.from({ length: ROWS }, () => (random() < 0.01 ? NaN : random() * 100 + (random() < 0.001 ? 1e6 : 0))) },
    categories('city', 20, 'City'),
    categories('user', 3000, 'User'),
    { kind: 'number', name: 'y', values: Float64Array.from({ length: ROWS }, () => random()) },
  ],
};

const cases: [string, string, Record<string, unknown>][] = [
  ['rescale standard', 'standard-scale', { columns: ['x'] }],
  ['rescale min-max', 'standard-scale', { columns: ['x'], method: 'min_max' }],
  ['rescale robust', 'standard-scale', { columns: ['x'], method: 'robust' }],
  ['clip percentiles', 'clip', { columns: ['x'] }],
  ['clip IQR', 'clip', { columns: ['x'], method: 'iqr' }],
  ['bin equal width (10)', 'bin', { columns: ['x'], bins: 10 }],
  ['bin quantile (10)', 'bin', { columns: ['x'], method: 'quantile', bins: 10 }],
  ['ordinal (3,000 values)', 'ordinal-encode', { columns: ['user'], order: 'frequency' }],
  ['frequency (3,000 values)', 'frequency-encode', { columns: ['user'] }],
  ['target, cross-fitted (3,000 values)', 'target-encode', { columns: ['user'], target: 'y' }],
  ['one-hot top 20 + other (3,000 values)', 'one-hot', { columns: ['user'] }],
  ['text clean-up (2 columns)', 'text-clean', { case: 'lower' }],
];

const ctx = createTestContext();
console.log(`rows: ${ROWS.toLocaleString('en')}`);
for (const [label, type, params] of cases) {
  const def = getNodeType(type)!;
  const parsed = def.params.parse(params);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await def.run({ data: { kind: 'table', table } }, parsed, ctx);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - start);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[2].toFixed(1).padStart(7);
  console.log(`${label.padEnd(40)} wall ${median(wall)} ms   cpu ${median(cpu)} ms`);
}
