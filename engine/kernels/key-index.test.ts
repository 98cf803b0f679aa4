import { describe, expect, it } from 'vitest';
import { indexKeys } from './key-index';
import { createRandom } from './random';

/** Codes by first appearance through a Map: what indexKeys must give, whichever path it takes. */
function reference(values: Float64Array, missingAsValue: boolean) {
  const codeOf = new Map<number, number>();
  const firstRows: number[] = [];
  const codes = Array.from(values, (raw, row) => {
    if (raw !== raw && !missingAsValue) return -1;
    const key = raw !== raw ? NaN : raw === 0 ? 0 : raw;
    let code = codeOf.get(key);
    if (code === undefined) {
      code = firstRows.push(row) - 1;
      codeOf.set(key, code);
    }
    return code;
  });
  return { codes, firstRows, codeOf };
}

function expectSameAsReference(values: Float64Array, missingAsValue = false) {
  const index = indexKeys(values, { missingAsValue });
  const want = reference(values, missingAsValue);
  expect(Array.from(index.codes)).toEqual(want.codes);
  expect(Array.from(index.firstRows)).toEqual(want.firstRows);
  expect(index.count).toBe(want.firstRows.length);
  // Lookup of every value seen, of values never seen, and of missing cells.
  const probes = Float64Array.from([...values, ...values.map((v) => v + 0.5), 1e9, -1e9, NaN]);
  const found = Array.from(index.lookup(probes));
  expect(found).toEqual(Array.from(probes, (v) => (v !== v ? -1 : (want.codeOf.get(v === 0 ? 0 : v) ?? -1))));
}

const seeded = (seed: number, n: number, cell: (random: () => number, i: number) => number) => {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, (_, i) => cell(random, i));
};

describe('indexKeys', () => {
  it('codes narrow integers (direct addressing) as a map would, whichever side of the first value they fall', () => {
    const values = seeded(1, 20_000, (random, i) => (i === 0 ? 0 : Math.floor((random() - 0.5) * 6_000) * (i % 7 === 0 ? 1 : 0.1) | 0));
    expectSameAsReference(values);
    expectSameAsReference(values, true);
  });

  it('gives a value met again after values far on either side of it its first code', () => {
    const values = Float64Array.from([100, 400, -5_000, 400, 9_000, 100, -5_000, 9_000]);
    const { codes } = indexKeys(values);
    expect(Array.from(codes)).toEqual([0, 1, 2, 1, 3, 0, 2, 3]);
  });

  it('treats -0 as 0 and missing cells as -1, or as one code of their own for group-by', () => {
    const values = Float64Array.from([0, NaN, -0, 3, NaN, 3]);
    expect(Array.from(indexKeys(values).codes)).toEqual([0, -1, 0, 1, -1, 1]);
    expect(Array.from(indexKeys(values, { missingAsValue: true }).codes)).toEqual([0, 1, 0, 2, 1, 2]);
    expectSameAsReference(values);
    expectSameAsReference(values, true);
  });

  it('hashes non-integers, wide spans and values past int32, with the same codes a map gives', () => {
    expectSameAsReference(seeded(2, 5_000, (random) => Math.floor(random() * 300) / 4));
    expectSameAsReference(seeded(3, 5_000, (random) => Math.floor(random() * 1e9)));
    expectSameAsReference(Float64Array.from([2 ** 40, 1, 2 ** 40, NaN, 1]), true);
    // Integers first, then a fraction.
    expectSameAsReference(Float64Array.from([5, 6, 5, 7, 6.5, 5, 6.5]));
  });

  it('codes an empty or all-missing column', () => {
    expectSameAsReference(new Float64Array(0));
    expectSameAsReference(Float64Array.from([NaN, NaN]), true);
    expectSameAsReference(Float64Array.from([NaN, NaN]));
  });
});
