import * as aq from 'arquero';
import type { Table } from '../engine/table';
import { createRandom } from '../engine/kernels/random';

/**
 * The benchmark chain written with arquero's generic verbs, for comparison only. Per-row logic goes
 * through `aq.escape` functions and aggregates through `op` objects: no string expressions anywhere.
 */
const ONE_HOT = ['region', 'device', 'plan'];

type Cell = number | string | null;

function toArquero(table: Table): aq.ColumnTable {
  const columns: Record<string, Float64Array | Cell[]> = {};
  for (const col of table.columns) {
    columns[col.name] = col.kind !== 'category' ? col.values : Array.from(col.codes, (code) => (code < 0 ? null : col.dictionary[code]));
  }
  return aq.table(columns);
}

export function runArqueroChain(table: Table): { train: number; test: number } {
  let dt = toArquero(table);
  const numeric = table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
  const categories = table.columns.filter((c) => c.kind === 'category').map((c) => c.name);

  const means = dt.rollup(Object.fromEntries(numeric.map((c) => [c, aq.op.mean(c)]))).object() as Record<string, number>;
  const modes = dt.rollup(Object.fromEntries(categories.map((c) => [c, aq.op.mode(c)]))).object() as Record<string, string>;
  const fills: Record<string, number | string> = { ...means, ...modes };
  // `impute` with escaped functions fails inside arquero 8 (it scans with another data layout), so fill with derive.
  const isMissing = (v: Cell) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  dt = dt.derive(Object.fromEntries(Object.keys(fills).map((c) => [c, aq.escape((d: Record<string, Cell>) => (isMissing(d[c]) ? fills[c] : d[c]))])));

  const stats = dt.rollup(Object.fromEntries(numeric.flatMap((c) => [[`${c}_mean`, aq.op.mean(c)], [`${c}_std`, aq.op.stdevp(c)]]))).object() as Record<string, number>;
  dt = dt.derive(
    Object.fromEntries(numeric.map((c) => [c, aq.escape((d: Record<string, number>) => (d[c] - stats[`${c}_mean`]) / (stats[`${c}_std`] || 1))])),
  );

  for (const c of ONE_HOT) {
    const values = (dt.rollup({ v: aq.op.array_agg_distinct(c) }).object() as { v: string[] }).v.filter((v) => v != null).sort();
    dt = dt.derive(Object.fromEntries(values.map((v) => [`${c}=${v}`, aq.escape((d: Record<string, string>) => (d[c] === v ? 1 : 0))]))).select(aq.not(c));
  }

  dt = dt.filter(aq.escape((d: Record<string, number>) => d.x0 >= -1.5));

  const isTest = new Uint8Array(dt.numRows());
  const random = createRandom(42);
  const order = Int32Array.from({ length: isTest.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let i = 0; i < Math.round(isTest.length * 0.2); i++) isTest[order[i]] = 1;
  const marked = dt.assign({ __test: isTest });
  const train = marked.filter(aq.escape((d: { __test: number }) => d.__test === 0)).reify();
  const test = marked.filter(aq.escape((d: { __test: number }) => d.__test === 1)).reify();
  return { train: train.numRows(), test: test.numRows() };
}
