import { describe, expect, it } from 'vitest';
import { DesignMatrix } from './design-matrix';
import { createNormal } from './linear-test-data';

/** Sizes around every boundary the kernels have: odd rows (pads), 2048-row Gram slices, 2 × 4 column blocks, the dot4 tail. */
const ROWS = [1, 2, 3, 5, 8, 2047, 2049, 4101];
const FEATURES = [1, 2, 3, 4, 5, 7, 9];

function randomColumns(rows: number, features: number, seed: number): Float64Array[] {
  const normal = createNormal(seed);
  return Array.from({ length: features }, (_, j) => Float64Array.from({ length: rows }, () => 3 * normal() + j));
}

function naiveDot(a: ArrayLike<number>, b: ArrayLike<number>, rows: number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) total += a[i] * b[i];
  return total;
}

function centred(column: Float64Array): Float64Array {
  const mean = column.reduce((a, b) => a + b, 0) / column.length;
  return column.map((v) => v - mean);
}

/** Every entry within 1e-10 relative (of `scale` for entries near 0); one expect, naming the worst entry. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, scale = 1) {
  expect(actual.length).toBe(expected.length);
  let worst = { at: -1, excess: 0 };
  for (let k = 0; k < expected.length; k++) {
    const excess = Math.abs(actual[k] - expected[k]) / (1e-10 * Math.max(scale, Math.abs(expected[k])));
    if (!(excess <= Math.max(1, worst.excess))) worst = { at: k, excess };
  }
  expect(worst.at === -1 ? 'all close' : `entry ${worst.at}: ${actual[worst.at]} vs ${expected[worst.at]}`).toBe('all close');
}

describe.each(['wasm', 'js'] as const)('DesignMatrix (%s kernels)', (engine) => {
  it('runs on the engine it was asked for', () => {
    const x = new DesignMatrix(3, 2, 1, engine);
    expect(x.engine).toBe(engine);
    x.release();
  });

  it.each(ROWS.flatMap((rows) => FEATURES.map((features) => [rows, features] as const)))('matches naive loops for %i rows × %i features', (rows, features) => {
    const columns = randomColumns(rows, features, rows * 31 + features);
    const x = new DesignMatrix(rows, features, 2, engine);
    try {
      const means = columns.map((column, j) => x.setCentredColumn(j, column));
      const reference = columns.map(centred);
      means.forEach((mean, j) => expect(mean).toBeCloseTo(columns[j].reduce((a, b) => a + b, 0) / rows, 10));
      reference.forEach((column, j) => expectClose(x.column(j).subarray(0, rows), column));
      // Pads stay 0 whatever the centring did to them.
      for (let j = 0; j < features; j++) expect(x.column(j).subarray(rows).every((v) => v === 0)).toBe(true);

      const expectedGram = new Float64Array(features * features);
      for (let a = 0; a < features; a++) for (let b = 0; b < features; b++) expectedGram[a * features + b] = naiveDot(reference[a], reference[b], rows);
      expectClose(x.gram(), expectedGram, rows);

      const v = x.vector(0);
      const normal = createNormal(rows);
      for (let i = 0; i < rows; i++) v[i] = normal();
      const products = new Float64Array(features);
      x.dotColumns(v, products);
      expectClose(products, Float64Array.from(reference, (column) => naiveDot(column, v, rows)), rows);
      expect(x.dot(v, x.column(0))).toBeCloseTo(naiveDot(v, reference[0], rows), 8);
      expect(x.sum(v)).toBeCloseTo(naiveDot(v, new Float64Array(rows).fill(1), rows), 10);

      const coef = Float64Array.from({ length: features }, (_, j) => 0.5 - j);
      const w = x.vector(1);
      w.fill(2, 0, rows);
      x.addLinear(coef, w);
      const expectedLinear = Float64Array.from({ length: rows }, (_, i) => 2 + reference.reduce((total, column, j) => total + coef[j] * column[i], 0));
      expectClose(w.subarray(0, rows), expectedLinear, features);

      x.axpy(-1.5, x.column(features - 1), w);
      expectClose(w.subarray(0, rows), expectedLinear.map((value, i) => value - 1.5 * reference[features - 1][i]), features);
    } finally {
      x.release();
    }
  });

  it('clears pads and vectors of a reused workspace', () => {
    const first = new DesignMatrix(5, 2, 1, engine);
    first.column(0).fill(7);
    first.column(1).fill(7);
    first.vector(0).fill(7);
    first.release();
    const second = new DesignMatrix(3, 2, 1, engine);
    try {
      second.setCentredColumn(0, Float64Array.of(1, 2, 6));
      second.setCentredColumn(1, Float64Array.of(0, 0, 3));
      expect(Array.from(second.vector(0))).toEqual([0, 0, 0, 0]);
      expect(second.column(0)[3]).toBe(0);
      expectClose(second.gram(), [14, 9, 9, 6]);
    } finally {
      second.release();
    }
  });

  it('gives two live matrices separate memory', () => {
    const a = new DesignMatrix(4, 1, 0, engine);
    const b = new DesignMatrix(4, 1, 0, engine);
    a.setCentredColumn(0, Float64Array.of(1, 2, 3, 4));
    b.setCentredColumn(0, Float64Array.of(10, 20, 30, 40));
    expect(Array.from(a.column(0))).toEqual([-1.5, -0.5, 0.5, 1.5]);
    a.release();
    b.release();
  });

  it('refuses a vector from another buffer', () => {
    const x = new DesignMatrix(4, 1, 1, engine);
    expect(() => x.sum(new Float64Array(4))).toThrow(/another buffer/);
    x.release();
  });
});
