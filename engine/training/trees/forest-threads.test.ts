import { describe, expect, it } from 'vitest';
import { binFeatures } from './bin-features';
import { buildTreesInThreads } from './forest-threads';
import { sharedBuffers } from './shared-arrays';

describe('forest threads', () => {
  it('hear a cancel that arrives while their bundle is being made', async () => {
    const rows = 2_000;
    const columns = [Float64Array.from({ length: rows }, (_, r) => r % 97), Float64Array.from({ length: rows }, (_, r) => (r * 7) % 13)];
    const binned = binFeatures(columns, rows, { maxBins: 255, seed: 1, allocate: sharedBuffers.uint8 });
    const y = Int32Array.from({ length: rows }, (_, r) => (r % 97 > 48 ? 1 : 0));
    const spec = { task: 'classification' as const, classes: 2, seed: 1, bootstrap: true, grow: { maxDepth: 4, maxLeaves: Infinity, minSamplesLeaf: 1, minWeightLeaf: 0, l2: 0, maxFeatures: 1 } };
    const controller = new AbortController();
    const built: number[] = [];
    const building = buildTreesInThreads({ binned, y, spec, trees: 20, threads: 2 }, (index) => built.push(index), controller.signal);
    // Before the threads exist: the wait for the bundle is under way, and no 'abort' event will come again.
    controller.abort(new Error('Run cancelled.'));
    await expect(building).rejects.toThrow('Run cancelled.');
    expect(built).toEqual([]);
  });
});
