import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDatasetBytes } from '../engine/io/dataset';
import { ensureBenchCsv } from './generate-csv';
import { describeSplit, runChain } from './our-chain';
import { loadPolars, parsePolarsCsv, runPolarsChain } from './polars-chain';

const polars = await loadPolars();

// Polars is a devDependency used only by the bench; without it the bench prints "skipped", and so does this test.
describe.skipIf(typeof polars === 'string')('Polars benchmark chain', () => {
  it('does the same work as ours: same train/test row counts and columns on the bench data', async () => {
    const pl = polars as Exclude<typeof polars, string>;
    const path = ensureBenchCsv(5_000);
    const ours = describeSplit(await runChain(await parseDatasetBytes(readFileSync(path), { format: 'csv' })));
    const { train, test } = runPolarsChain(pl, parsePolarsCsv(pl, path));
    expect({ train: train.height, test: test.height, columns: train.width }).toEqual(ours);
    expect(ours.columns).toBe(31); // 13 numeric + label + 5 region + 3 device + 8 plan + ratio
  });

  it('derives the same ratio column as ours (the splits draw different rows, so all rows compared sorted)', async () => {
    const pl = polars as Exclude<typeof polars, string>;
    const path = ensureBenchCsv(5_000);
    const ours = await runChain(await parseDatasetBytes(readFileSync(path), { format: 'csv' }));
    if (ours.kind !== 'split') throw new Error('the chain should end in a split');
    const ratioOf = (table: typeof ours.train) => {
      const col = table.columns.find((c) => c.name === 'ratio');
      if (col?.kind !== 'number') throw new Error('ours has no numeric ratio column');
      return Array.from(col.values);
    };
    const oursSorted = [...ratioOf(ours.train), ...ratioOf(ours.test)].sort((a, b) => a - b);
    const { train, test } = runPolarsChain(pl, parsePolarsCsv(pl, path));
    const theirs = (pl.concat([train, test]).getColumn('ratio').toArray() as number[]).sort((a, b) => a - b);
    expect(theirs).toHaveLength(oursSorted.length);
    theirs.forEach((value, i) => expect(value).toBeCloseTo(oursSorted[i], 6));
  });

  it('scales with the population std and one-hot encodes as float 0/1, like pandas', () => {
    const pl = polars as Exclude<typeof polars, string>;
    const df = pl.DataFrame({ x0: [1, null, 3], x1: [1, 2, 3], x2: [1, 2, 3], x3: [1, 2, 3], region: ['a', 'b', null], device: ['m', 'm', 'd'], plan: ['p', 'p', 'p'] });
    const { train, test } = runPolarsChain(pl, df);
    const all = pl.concat([train, test]).sort('x0');
    const scaled = all.getColumn('x0').toArray() as number[];
    [-Math.sqrt(1.5), 0, Math.sqrt(1.5)].forEach((expected, i) => expect(scaled[i]).toBeCloseTo(expected, 12));
    expect(all.getColumn('region_a').dtype.variant).toBe('Float64');
    expect(all.getColumn('device_m').toArray()).toEqual([1, 1, 0]);
  });
});
