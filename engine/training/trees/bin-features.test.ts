import { describe, expect, it } from 'vitest';
import { createRandom } from '../../kernels/random';
import { applyBins, binFeatures, edgeGrid, sampleRows } from './bin-features';
import { orderStatistics } from './order-statistics';

/** The edges as binFeatures made them before order statistics: sort everything, then read. */
function sortedEdges(values: Float64Array, maxBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const midpoint = (a: number, b: number) => (a + (b - a) / 2 < b ? a + (b - a) / 2 : a);
  if (distinct.length <= maxBins) return distinct.slice(1).map((v, i) => midpoint(distinct[i], v));
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const lo = Math.floor((b / maxBins) * (sorted.length - 1));
    const edge = midpoint(sorted[lo], sorted[Math.min(lo + 1, sorted.length - 1)]);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  while (edges.length > 0 && edges[edges.length - 1] >= sorted[sorted.length - 1]) edges.pop();
  return edges;
}

const random = createRandom(7);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const columns: Record<string, (n: number) => Float64Array> = {
  uniform: (n) => Float64Array.from({ length: n }, () => random() * 10 - 5),
  normal: (n) => Float64Array.from({ length: n }, normal),
  'heavy tail': (n) => Float64Array.from({ length: n }, () => Math.exp(normal() * 4)),
  'one far outlier': (n) => Float64Array.from({ length: n }, (_, i) => (i === n >> 1 ? 1e12 : random())),
  'a few values': (n) => Float64Array.from({ length: n }, () => Math.floor(random() * 12) / 4),
  '300 values': (n) => Float64Array.from({ length: n }, () => Math.floor(random() * 300)),
  'many ties': (n) => Float64Array.from({ length: n }, () => (random() < 0.7 ? 3 : normal())),
  'signed zeros': (n) => Float64Array.from({ length: n }, () => (random() < 0.3 ? -0 : random() < 0.5 ? 0 : normal())),
  constant: (n) => new Float64Array(n).fill(2.5),
  'extreme range': (n) => Float64Array.from({ length: n }, () => (random() < 0.5 ? -Number.MAX_VALUE : Number.MAX_VALUE) * random()),
};

describe('bin edges from order statistics', () => {
  for (const [name, make] of Object.entries(columns)) {
    for (const [rows, maxBins] of [[50, 255], [1_000, 255], [20_000, 255], [20_000, 32], [3, 2]] as const) {
      it(`equal the sorted edges: ${name}, ${rows} rows, ${maxBins} bins`, () => {
        const values = make(rows);
        const { edges } = binFeatures([values], rows, { maxBins, seed: 1 });
        expect(Array.from(edges[0]!)).toEqual(sortedEdges(values, maxBins));
      });
    }
  }

  /** The bin as defined: how many edges lie below the value. */
  const binOf = (edges: Float64Array, v: number) => edges.filter((e) => e < v).length;

  for (const [name, make] of Object.entries(columns)) {
    it(`put every value in the bin of the first edge at or above it: ${name}`, () => {
      const values = make(3_000);
      const { columns: [binned], edges: [edges] } = binFeatures([values], values.length, { maxBins: 255, seed: 1 });
      expect(Array.from(binned!)).toEqual(Array.from(values, (v) => binOf(edges!, v)));
      // Other rows (validation rows): the edges themselves, their neighbours and values beyond either end.
      const others = Float64Array.from([...edges!, ...Array.from(edges!, (e) => e + Math.abs(e) * 1e-12 + 1e-300), ...make(500), -1e300, 1e300]);
      const applied = applyBins([others], others.length, [edges!]).columns[0]!;
      expect(Array.from(applied)).toEqual(Array.from(others, (v) => binOf(edges!, v)));
    });
  }

  it('equal the sorted edges of the sampled rows past 200,000 rows', () => {
    const rows = 250_000;
    const values = columns.normal!(rows);
    const { edges } = binFeatures([values], rows, { maxBins: 255, seed: 3 });
    const sample = Float64Array.from(sampleRows(rows, 200_000, 3), (r) => values[r]!);
    expect(Array.from(edges[0]!)).toEqual(sortedEdges(sample, 255));
  });

  it('take the fast paths on spread-out values and fall back where values bunch', () => {
    const spread = binFeatures([columns.normal!(20_000)], 20_000, { maxBins: 255, seed: 1 }).edges[0]!;
    const bunched = binFeatures([columns['heavy tail']!(20_000)], 20_000, { maxBins: 255, seed: 1 }).edges[0]!;
    expect(edgeGrid(spread)).toBeDefined();
    expect(edgeGrid(bunched)).toBeUndefined();
    expect(orderStatistics(columns.uniform!(20_000), [0, 10_000, 19_999])).toBeDefined();
  });

  it('reads any positions as a sort would, and declines what a sort does better', () => {
    const values = columns.normal!(5_000);
    const sorted = Float64Array.from(values).sort();
    const ranks = [0, 1, 17, 17, 2_500, 4_998, 4_999];
    expect(Array.from(orderStatistics(values, ranks)!)).toEqual(ranks.map((r) => sorted[r]));
    expect(orderStatistics(Float64Array.from([1, NaN, 2]), [0])).toBeUndefined();
    expect(orderStatistics(new Float64Array(10).fill(4), [3])).toBeUndefined();
    // Every value in one bucket but the outlier: gathering that bucket is the whole sort.
    expect(orderStatistics(columns['one far outlier']!(5_000), [2_500])).toBeUndefined();
  });
});
