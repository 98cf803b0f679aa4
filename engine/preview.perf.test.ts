import { describe, expect, it } from 'vitest';
import type { SampleSpec } from './content-key';
import { createPreviewer } from './preview';
import type { Table } from './table';
import { takeRows } from './table-ops';
import { buildChain, loadSample } from './testing/fixtures';

/**
 * Figures, not assertions (timing on a shared 2-core machine would flake): p50/p95 of previewing the
 * last node of a 6-node chain after editing only its params, with everything upstream cached.
 * Penguins is repeated to 10,000 rows so the 1,000 and 10,000 row samples are full.
 */
const penguins = loadSample('penguins');
const big: Table = takeRows(penguins, Int32Array.from({ length: 10_000 }, (_, i) => i % penguins.rowCount));
const scalable = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island=Biscoe', 'Island=Dream', 'Island=Torgersen'];

/** Every non-empty subset of the scalable columns: a distinct edit (hence key) per iteration. */
const subsets = Array.from({ length: 2 ** scalable.length - 1 }, (_, m) => scalable.filter((_, i) => ((m + 1) >> i) & 1));

const chain = (scaleColumns: string[]) =>
  buildChain([
    ['load', 'dataset', { dataset: { source: 'sample', name: 'penguins' } }],
    ['keep', 'filter', { conditions: [{ column: 'Body Mass (g)', op: 'gt', value: 3000 }] }],
    ['split', 'split', { testFraction: 0.2, seed: 7, stratify: 'Species' }],
    ['impute', 'impute', { strategy: 'mean' }],
    ['encode', 'one-hot', { columns: ['Island', 'Sex'] }],
    ['scale', 'standard-scale', { columns: scaleColumns }],
  ]);

async function measure(sample: SampleSpec) {
  const previewer = createPreviewer({ cacheBytes: 64 << 20, identifyDataset: () => 'penguins-x', loadSample: async () => big });
  const cold = await previewer.preview({ graph: chain([]), nodeId: 'scale', sample });
  const times: number[] = [];
  for (const [i, columns] of subsets.entries()) {
    const result = await previewer.preview({ graph: chain(columns), nodeId: 'scale', sample });
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.computed).toEqual(['scale']);
    if (i >= 20) times.push(result.ms); // the first edits warm up the JIT
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  const line = `preview ${sample.rows} rows, 6-node chain, edit last node (upstream cached): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms over ${times.length}; cold ${cold.status === 'ok' ? cold.ms.toFixed(1) : cold.status} ms`;
  console.log(line);
}

describe('preview timing (figures printed, not asserted)', () => {
  it('on 1,000 sample rows', () => measure({ mode: 'head', rows: 1000 }));
  it('on 10,000 sample rows', () => measure({ mode: 'head', rows: 10_000 }));
});
