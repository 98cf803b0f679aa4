import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PortValue } from '../engine/define-node';
import { getNodeType } from '../engine/registry';
import type { Column, Table } from '../engine/table';
import { generateBenchTables, GROUPS, writeBenchTables } from './join-group-by-data';
import { quietContext } from './our-chain';
import { loadPolars } from './polars-chain';
import { median, type Figure } from './report';
import { settle } from './settle';

/**
 * The "join 1M×100k" and "group-by 1M, 1k groups" lines: our Join and Group-by nodes (`run`, output
 * table built) beside Polars and pandas on the same seeded cells, each engine given the types its own
 * reader would infer (integer columns as Int64, text as categorical). Every engine's result is reduced
 * to a checksum (row count and column sums) that must agree before its time is reported. Each engine
 * runs each task once as a warm-up, left out of the medians, as a long-lived worker has: the medians
 * compare warm engines (the JIT compiled, each allocator holding memory it has used), and the notes
 * give the warm-up runs' times.
 *   join: orders (1M) inner join customers (100k) on `customer`; 1% of order keys missing.
 *   group-by: events (1M) by `device` (1k values): sum(bytes), mean(latency), max(errors).
 */
export const JOIN_LINE = 'join 1M×100k';
export const GROUP_BY_LINE = `group-by 1M, ${GROUPS / 1000}k groups`;
const HERE = dirname(fileURLToPath(import.meta.url));

type Polars = Exclude<Awaited<ReturnType<typeof loadPolars>>, string>;
/** `first` is the warm-up run's seconds, left out of the median: it pays the JIT and the first touch of fresh memory. */
type Timed = { seconds: number[]; first: number; checksum: string };
type Peer = Timed | string;

/** Seconds of every run, the warm-up first, as the median's runs and the warm-up's time. */
const afterWarmUp = (seconds: number[]) => ({ seconds: seconds.slice(1), first: seconds[0]! });

const JOIN_PARAMS = { how: 'inner', on: [{ left: 'customer' }] };
const GROUP_BY_PARAMS = { keys: ['device'], aggregates: [{ column: 'bytes', fn: 'sum' }, { column: 'latency', fn: 'mean' }, { column: 'errors', fn: 'max' }] };

/** Same text for the same numbers in every engine: sums of integers are exact, a sum of means is rounded. */
export const checksum = (rows: number, sums: number[]) => `${rows} rows; sums ${sums.map((s) => Number(s.toPrecision(12))).join(', ')}`;

function sumColumn(col: Column): number {
  let sum = 0;
  if (col.kind === 'number') for (let i = 0; i < col.values.length; i++) if (col.values[i] === col.values[i]) sum += col.values[i];
  return sum;
}

async function timeOurs(type: string, raw: Record<string, unknown>, inputs: Record<string, PortValue>, runs: number, sumNames: string[]): Promise<Timed> {
  const def = getNodeType(type)!;
  const params = def.params.parse(raw);
  const seconds: number[] = [];
  let out!: Table;
  for (let i = 0; i <= runs; i++) {
    await settle();
    const start = performance.now();
    const { data } = await def.run(inputs, params, quietContext);
    seconds.push((performance.now() - start) / 1000);
    if (data.kind !== 'table') throw new Error(`${type} gave a ${data.kind}, not a table`);
    out = data.table;
  }
  return { ...afterWarmUp(seconds), checksum: checksum(out.rowCount, sumNames.map((name) => sumColumn(out.columns.find((c) => c.name === name)!))) };
}

function toPolars(pl: Polars, table: Table) {
  return pl.DataFrame(
    table.columns.map((col) => {
      if (col.kind === 'category') return pl.Series(col.name, Array.from(col.codes, (c) => (c < 0 ? null : col.dictionary[c]))).cast(pl.Categorical);
      return pl.Series(col.name, Array.from(col.values, (v) => (v === v ? v : null)), pl.Int64);
    }),
  );
}

async function timePolars(pl: Polars, task: () => import('nodejs-polars').DataFrame, runs: number, sumNames: string[]): Promise<Timed> {
  const seconds: number[] = [];
  let out!: import('nodejs-polars').DataFrame;
  for (let i = 0; i <= runs; i++) {
    await settle();
    const start = performance.now();
    out = task();
    seconds.push((performance.now() - start) / 1000);
  }
  return { ...afterWarmUp(seconds), checksum: checksum(out.height, sumNames.map((name) => Number(out.getColumn(name).sum()))) };
}

function timePandas(python: string, dir: string, runs: number): Record<'join' | 'group-by', Peer> | string {
  try {
    const out = JSON.parse(execFileSync(python, [join(HERE, 'pandas-join-group-by.py'), dir, String(runs + 1)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const read = (r: { seconds: number[]; rows: number; sums: number[] }): Timed => ({ ...afterWarmUp(r.seconds), checksum: checksum(r.rows, r.sums) });
    return { join: read(out.join), 'group-by': read(out.group_by) };
  } catch (error) {
    return `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; install python3-pandas to compare`;
  }
}

export type JoinGroupByResult = { figures: Figure[]; notes: string[]; mismatches: string[] };

/** Times the lines named in `which` for every engine; notes say which peer was skipped and why. */
export async function measureJoinAndGroupBy(which: readonly ('join' | 'group-by')[], runs: number, python: string): Promise<JoinGroupByResult> {
  const tables = generateBenchTables();
  const pandas = timePandas(python, writeBenchTables(tables), runs);
  const pl = await loadPolars();
  const notes = [pandas, pl].filter((p): p is string => typeof p === 'string');
  const lines = {
    join: {
      name: JOIN_LINE,
      ours: () => timeOurs('join', JOIN_PARAMS, { left: { kind: 'table', table: tables.orders }, right: { kind: 'table', table: tables.customers } }, runs, ['amount', 'credit']),
      polars: (p: Polars) => {
        const [orders, customers] = [toPolars(p, tables.orders), toPolars(p, tables.customers)];
        return timePolars(p, () => orders.join(customers, { on: 'customer', how: 'inner' }), runs, ['amount', 'credit']);
      },
    },
    'group-by': {
      name: GROUP_BY_LINE,
      ours: () => timeOurs('group-by', GROUP_BY_PARAMS, { data: { kind: 'table', table: tables.events } }, runs, ['bytes_sum', 'latency_mean', 'errors_max']),
      polars: (p: Polars) => {
        const events = toPolars(p, tables.events);
        const aggregates = [p.col('bytes').sum().alias('bytes_sum'), p.col('latency').mean().alias('latency_mean'), p.col('errors').max().alias('errors_max')];
        return timePolars(p, () => events.groupBy('device').agg(...aggregates), runs, ['bytes_sum', 'latency_mean', 'errors_max']);
      },
    },
  };
  const figures: Figure[] = [];
  const mismatches: string[] = [];
  for (const key of which) {
    const line = lines[key];
    const ours = await line.ours();
    const peers: Record<string, Peer | undefined> = { polars: typeof pl === 'string' ? undefined : await line.polars(pl), pandas: typeof pandas === 'string' ? undefined : pandas[key] };
    for (const [peer, result] of Object.entries(peers)) {
      if (result && typeof result !== 'string' && result.checksum !== ours.checksum) mismatches.push(`${line.name}: ${peer} gave ${result.checksum} but ours gave ${ours.checksum}`);
    }
    const time = (p: Peer | undefined) => (p && typeof p !== 'string' ? median(p.seconds) : undefined);
    const first = (p: Peer | undefined) => (p && typeof p !== 'string' ? `${p.first.toFixed(3)} s` : '—');
    notes.push(`${line.name}: ${ours.checksum}; first (warm-up) runs, left out of the medians: ours ${first(ours)}, polars ${first(peers.polars)}, pandas ${first(peers.pandas)}`);
    figures.push({ name: line.name, unit: 's', ours: median(ours.seconds), polars: time(peers.polars), pandas: time(peers.pandas) });
  }
  return { figures, notes, mismatches };
}
