import { describe, expect, it } from 'vitest';
import { createRandom } from '../../kernels/random';
import { BIN_SLOTS, fillSingleOutputFeatures, gatherOrdered, subtractHistogram, type SingleOutputRows } from './histogram';
import { scanFeature, SplitCandidate, type NodeTotals } from './split-finder';
import { HistogramMemory } from './histogram-memory';

const ROWS = 3000;
const FEATURES = 7;
const SIZE = FEATURES * BIN_SLOTS * 3;

/** The same node in the wasm memory and in plain arrays: binned columns, gradients, a subset of rows gathered. */
function node(wasm: HistogramMemory, allRows: boolean) {
  const random = createRandom(42);
  const data = wasm.uint8(FEATURES * ROWS);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  const weight = wasm.float64(ROWS);
  const sums = wasm.float64(ROWS);
  for (let r = 0; r < ROWS; r++) {
    weight[r] = random() / 4;
    sums[r] = random() - 0.5;
  }
  const picked = Array.from({ length: ROWS }, (_, r) => r).filter(() => allRows || random() < 0.4);
  const rows = wasm.uint32(ROWS);
  rows.set(picked);
  const ordered = wasm.float64(ROWS * 3);
  gatherOrdered(rows, 0, picked.length, weight, sums, 1, ordered);
  const columns = Array.from({ length: FEATURES }, (_, f) => data.subarray(f * ROWS, (f + 1) * ROWS));
  const src: SingleOutputRows = { allRows, rows, start: 0, end: picked.length, ordered, weight, sums };
  const plain: SingleOutputRows = { ...src, rows: rows.slice(), ordered: ordered.slice(), weight: weight.slice(), sums: sums.slice() };
  return { columns, plainColumns: columns.map((c) => c.slice()), src, plain };
}

describe('HistogramMemory', () => {
  it('hands a recycled memory to the next fit, grown to the size it asks for, and refuses to allocate from the old one', () => {
    const first = HistogramMemory.create(1 << 16)!;
    first.float64(1000).fill(7);
    first.recycle();
    expect(() => first.float64(10)).toThrow(/recycled/);
    const second = HistogramMemory.create(1 << 20)!;
    expect(second.memory).toBe(first.memory);
    expect(second.memory.buffer.byteLength).toBeGreaterThanOrEqual(1 << 20);
    // Its allocator starts over: the next fit's arrays lie over the last fit's.
    expect(second.float64(1000).byteOffset).toBe(0);
    second.recycle();
    second.recycle();
    const third = HistogramMemory.create(1 << 16)!;
    const fourth = HistogramMemory.create(1 << 16)!;
    expect(third.memory).toBe(first.memory);
    expect(fourth.memory).not.toBe(first.memory);
  });

  it.each([true, false])('fills the histograms the JavaScript loops fill, bit for bit (all rows: %s), the features past the last four included', (allRows) => {
    const wasm = HistogramMemory.create(1 << 16)!;
    expect(wasm).not.toBeNull();
    const { columns, plainColumns, src, plain } = node(wasm, allRows);
    const inWasm = wasm.float64(SIZE).fill(Number.NaN);
    fillSingleOutputFeatures(inWasm, columns, 0, FEATURES, src, wasm);
    const inJs = new Float64Array(SIZE).fill(Number.NaN);
    fillSingleOutputFeatures(inJs, plainColumns, 0, FEATURES, plain);
    expect(inWasm).toEqual(inJs);
    // Every row counted once per feature: the counts are not all zero, so the comparison above compared sums.
    let counted = 0;
    for (let b = 0; b < BIN_SLOTS; b++) counted += inWasm[b * 3 + 1];
    expect(counted).toBe(src.end - src.start);
  });

  it('fills a chunk of features [4, 7) as a thread claims it, leaving the others untouched', () => {
    const wasm = HistogramMemory.create(1 << 16)!;
    const { columns, src } = node(wasm, false);
    const hist = wasm.float64(SIZE).fill(7);
    fillSingleOutputFeatures(hist, columns, 4, FEATURES, src, wasm);
    expect(hist.subarray(0, 4 * BIN_SLOTS * 3).every((v) => v === 7)).toBe(true);
    expect(hist.subarray(4 * BIN_SLOTS * 3).some((v) => v !== 7)).toBe(true);
  });

  it('subtracts a child from its parent as subtractHistogram does', () => {
    const wasm = HistogramMemory.create(1 << 16)!;
    const random = createRandom(3);
    // Filled in place: map() would return arrays outside the memory.
    const parent = wasm.float64(SIZE);
    const child = wasm.float64(SIZE);
    for (let i = 0; i < SIZE; i++) (parent[i] = random() * 100), (child[i] = random());
    const expected = parent.slice();
    subtractHistogram(expected, child.slice());
    wasm.subtract(parent, child);
    expect(parent).toEqual(expected);
  });

  it('grows past its first size and keeps every array handed out before', () => {
    const wasm = HistogramMemory.create(1)!;
    const first = wasm.float64(1000).fill(1.5);
    const big = wasm.float64(300_000);
    big[big.length - 1] = 2;
    expect(wasm.memory.buffer.byteLength).toBeGreaterThanOrEqual(big.byteOffset + big.byteLength);
    expect(first.every((v) => v === 1.5)).toBe(true);
    expect(new Float64Array(wasm.memory.buffer, big.byteOffset, big.length)[big.length - 1]).toBe(2);
  });

  it.each([
    ['no limits', { minSamplesLeaf: 1, minWeightLeaf: 0, l2: 0 }],
    ['rows and weight per leaf, L2', { minSamplesLeaf: 20, minWeightLeaf: 1e-3, l2: 1 }],
    ['limits no split can meet', { minSamplesLeaf: 10_000, minWeightLeaf: 0, l2: 0 }],
  ])('picks the split scanFeature picks, gain and left sums bit for bit (%s)', (_, rules) => {
    const wasm = HistogramMemory.create(1 << 16)!;
    const { columns, src } = node(wasm, false);
    const hist = wasm.float64(SIZE);
    fillSingleOutputFeatures(hist, columns, 0, FEATURES, src, wasm);
    let weight = 0;
    let sum = 0;
    for (let b = 0; b < BIN_SLOTS; b++) (weight += hist[b * 3]), (sum += hist[b * 3 + 2]);
    const totals: NodeTotals = { weight, count: src.end - src.start, sums: Float64Array.of(sum) };
    const limits = { ...rules, minGain: 1e-12 };
    const inWasm = new SplitCandidate(1, limits.minGain);
    const inJs = new SplitCandidate(1, limits.minGain);
    // 200 bins for some features: the scan stops at the feature's own bin count.
    for (let f = 0; f < FEATURES; f++) {
      const bins = f % 2 ? 200 : BIN_SLOTS;
      wasm.scanFeature(hist, f, bins, totals, limits, inWasm);
      scanFeature(hist, f, f, bins, undefined, totals, limits, inJs, new Float64Array(1), new Float64Array(1));
    }
    expect(inWasm).toEqual(inJs);
    if (rules.minSamplesLeaf < 10_000) expect(inWasm.feature).toBeGreaterThanOrEqual(0);
    else expect(inWasm.feature).toBe(-1);
  });

  it.each([0, 1, 254, 255])('partitions a node\'s rows stably by bin ≤ %i, leaving the rows outside the node alone', (bin) => {
    const wasm = HistogramMemory.create(1 << 16)!;
    const random = createRandom(bin + 1);
    const column = wasm.uint8(ROWS);
    for (let r = 0; r < ROWS; r++) column[r] = Math.floor(random() * 256);
    const rows = wasm.uint32(ROWS);
    for (let i = 0; i < ROWS; i++) rows[i] = (i * 7919) % ROWS;
    const before = rows.slice();
    const [start, end] = [100, ROWS - 50];
    const mid = wasm.partition(rows, start, end, column, bin, wasm.uint32(ROWS));
    const node = Array.from(before.subarray(start, end));
    const left = node.filter((r) => column[r]! <= bin);
    expect(mid).toBe(start + left.length);
    expect(Array.from(rows.subarray(start, end))).toEqual([...left, ...node.filter((r) => column[r]! > bin)]);
    expect(Array.from(rows.subarray(0, start))).toEqual(Array.from(before.subarray(0, start)));
    expect(Array.from(rows.subarray(end))).toEqual(Array.from(before.subarray(end)));
  });

  it('gathers a node\'s rows as gatherOrdered does', () => {
    const wasm = HistogramMemory.create(1 << 18)!;
    const random = createRandom(3);
    const [weight, sums] = [wasm.float64(ROWS), wasm.float64(ROWS)];
    for (let r = 0; r < ROWS; r++) [weight[r], sums[r]] = [random(), random() - 0.5];
    const rows = wasm.uint32(ROWS);
    for (let i = 0; i < ROWS; i++) rows[i] = (i * 7919) % ROWS;
    const inWasm = wasm.float64(ROWS * 3);
    const inJs = new Float64Array(ROWS * 3);
    wasm.gather(rows, 17, ROWS - 5, weight, sums, inWasm);
    gatherOrdered(rows, 17, ROWS - 5, weight, sums, 1, inJs);
    expect(Array.from(inWasm)).toEqual(Array.from(inJs));
  });

  it('knows the arrays it handed out, and a copy attached in another thread never allocates over them', () => {
    const wasm = HistogramMemory.create(1 << 16)!;
    const rows = wasm.uint32(10);
    expect(wasm.owns(rows)).toBe(true);
    expect(wasm.owns(rows.slice())).toBe(false);
    const attached = HistogramMemory.attach(wasm.memory);
    expect(() => attached.float64(4)).toThrow(/cannot allocate/);
  });
});
