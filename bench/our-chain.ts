import type { PortValue, RunContext } from '../engine/define-node';
import { getNodeType } from '../engine/registry';
import type { Table } from '../engine/table';

/**
 * Our side of the benchmark chain, shared by the timing run (bench/run.ts) and the peak-memory child
 * (bench/peak-memory.ts). It runs the production node definitions (`run`), not copies of their kernels.
 */
/** The derived column, written as a user would; Polars and pandas compute the same values their own way. */
export const DERIVED = { name: 'ratio', expression: 'if(x2 > 0, x1 / x2, 0) + x3 * 2' };

export const CHAIN: [type: string, params: Record<string, unknown>][] = [
  ['impute', { strategy: 'mean' }],
  ['standard-scale', {}],
  ['one-hot', { columns: ['region', 'device', 'plan'] }],
  ['derive', { name: DERIVED.name, expression: DERIVED.expression }],
  ['filter', { conditions: [{ column: 'x0', op: 'gte', value: -1.5 }], combine: 'and' }],
  ['split', { testFraction: 0.2, seed: 42 }],
];

export const quietContext: RunContext = {
  progress() {},
  log() {},
  metric() {},
  signal: new AbortController().signal,
  loadDataset: () => Promise.reject(new Error('The benchmark chain has no dataset node.')),
};

export async function runChain(table: Table): Promise<PortValue> {
  let value: PortValue = { kind: 'table', table };
  for (const [type, raw] of CHAIN) {
    const def = getNodeType(type);
    if (!def) throw new Error(`Benchmark chain names unknown node type '${type}'.`);
    value = (await def.run({ data: value }, def.params.parse(raw), quietContext)).data;
  }
  return value;
}

/** Row and column counts of the chain's result, compared across engines so a figure never times a different job. */
export interface ChainShape {
  train: number;
  test: number;
  columns: number;
}

export function describeSplit(value: PortValue): ChainShape {
  if (value.kind !== 'split') throw new Error(`The benchmark chain should end in a split, but it ended in '${value.kind}'.`);
  return { train: value.train.rowCount, test: value.test.rowCount, columns: value.train.columns.length };
}
