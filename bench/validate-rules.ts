import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDatasetBytes } from '../engine/io/dataset';
import { getNodeType } from '../engine/registry';
import type { Table } from '../engine/table';
import { ensureBenchCsv } from './generate-csv';
import { quietContext } from './our-chain';
import { median, type Figure } from './report';

/**
 * The Validate node's `run` with five row rules over every row of the bench table: not missing, a range,
 * allowed values, a pattern, and uniqueness of a decimal column (~200k distinct values, so the repeat
 * search does real work). Warn mode reads every rule to the end and builds the failures table.
 */
const RULES = [
  { kind: 'not-null', column: 'x1' },
  { kind: 'range', column: 'x2', min: -40, max: 140 },
  { kind: 'allowed-values', column: 'region', values: ['north', 'south', 'east', 'west'] },
  { kind: 'pattern', column: 'plan', pattern: '[a-z]{3,6}' },
  { kind: 'unique', column: 'x1' },
];

/**
 * Seconds for one Validate run of the five rules in the given mode: wall time, and this process's CPU
 * time, which stays readable when other work shares the machine's cores.
 */
export async function timeValidate(table: Table, mode: 'warn' | 'drop-rows' = 'warn'): Promise<{ wall: number; cpu: number }> {
  const validate = getNodeType('validate')!;
  const params = validate.params.parse({ mode, rules: RULES });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await validate.run({ data: { kind: 'table', table } }, params, quietContext);
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** The bench table's line: median wall seconds of Warn-mode runs after one warm-up run. */
export async function measureValidate(table: Table, runs: number): Promise<Figure> {
  await timeValidate(table);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) seconds.push((await timeValidate(table)).wall);
  return { name: `validate 5 rules ${table.rowCount / 1e6}M rows`, unit: 's', ours: median(seconds) };
}

/** `npx tsx bench/validate-rules.ts [rows]`: prints the medians of 5 runs after a warm-up, per mode. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const table = await parseDatasetBytes(readFileSync(ensureBenchCsv(rows)), { format: 'csv' });
  const ms = (values: number[]) => `${(values.sort((a, b) => a - b)[Math.floor(values.length / 2)]! * 1000).toFixed(0)} ms`;
  for (const mode of ['warn', 'drop-rows'] as const) {
    const runs: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 6; i++) runs.push(await timeValidate(table, mode));
    const warm = runs.slice(1);
    console.log(`validate 5 rules, ${rows.toLocaleString('en')} rows, ${mode}: median ${ms(warm.map((r) => r.wall))} wall, ${ms(warm.map((r) => r.cpu))} CPU (first run ${ms([runs[0]!.wall])} wall)`);
  }
}
