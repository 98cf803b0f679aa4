import { describe, expect, test } from 'vitest';
import { batchLoaderOf, createBatchLoader } from './request-batch';

const squaresOf = (calls: number[][]) => async (keys: number[]) => {
  calls.push(keys);
  return new Map(keys.filter((k) => k >= 0).map((k) => [k, k * k]));
};

describe('createBatchLoader', () => {
  test('keys asked in one pass go to one call, each caller gets its own answer, a missing one is undefined', async () => {
    const calls: number[][] = [];
    const load = createBatchLoader(squaresOf(calls));
    expect(await Promise.all([load(2), load(3), load(2), load(-1)])).toEqual([4, 9, 4, undefined]);
    expect(calls).toEqual([[2, 3, -1]]);
  });

  test('keys asked after a batch left start a new one: no answer is kept past its batch', async () => {
    const calls: number[][] = [];
    const load = createBatchLoader(squaresOf(calls));
    expect(await load(4)).toBe(16);
    expect(await load(4)).toBe(16);
    expect(calls).toEqual([[4], [4]]);
  });

  test('a failed batch rejects every caller in it, and the next batch is asked afresh', async () => {
    let fail = true;
    const load = createBatchLoader(async (keys: number[]) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((k) => [k, k]));
    });
    const results = await Promise.allSettled([load(1), load(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await load(1)).toBe(1);
  });
});

test('batchLoaderOf keeps one loader per scope and name', async () => {
  const calls: number[][] = [];
  const a = {};
  const b = {};
  expect(batchLoaderOf(a, 'squares', squaresOf(calls))).toBe(batchLoaderOf(a, 'squares', squaresOf(calls)));
  expect(batchLoaderOf(a, 'squares', squaresOf(calls))).not.toBe(batchLoaderOf(b, 'squares', squaresOf(calls)));
  await Promise.all([batchLoaderOf(a, 'squares', squaresOf(calls))(1), batchLoaderOf(a, 'squares', squaresOf(calls))(5)]);
  expect(calls).toEqual([[1, 5]]);
});
