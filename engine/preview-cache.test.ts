import { describe, expect, it } from 'vitest';
import type { PortValue } from './define-node';
import { pickRandomRows, sampleTable } from './kernels/sample-rows';
import { createPreviewCache, estimateOutputsBytes, estimateTableBytes } from './preview-cache';
import { makeTable } from './testing/tables';

const numbers = (n: number) => makeTable({ x: Array.from({ length: n }, (_, i) => i) });
const out = (n: number): Record<string, PortValue> => ({ data: { kind: 'table', table: numbers(n) } });

describe('preview cache', () => {
  it('estimates a table from its arrays and dictionaries, counting a shared array once', () => {
    const t = makeTable({ x: [1, 2, 3, 4], c: ['ab', 'ab', 'cde', null] });
    // 4 × 8 bytes + 4 × 4 bytes + 2 names and 2 dictionary strings at 32 + 2 per UTF-16 unit
    expect(estimateTableBytes(t)).toBe(32 + 16 + 4 * 32 + 2 * 2 + 5 * 2);
    const split: PortValue = { kind: 'split', train: t, test: t, fitted: [] };
    expect(estimateOutputsBytes({ data: split })).toBe(512 + estimateTableBytes(t) + 2 * 32 + 2 * 2 + 4);
  });

  it('evicts the least recently used entries past its byte budget', () => {
    const entry = estimateOutputsBytes(out(100));
    const cache = createPreviewCache(entry * 3);
    cache.set('a', out(100));
    cache.set('b', out(100));
    cache.set('c', out(100));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('d', out(100));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].every((k) => cache.get(k))).toBe(true);
    expect(cache.bytes).toBe(entry * 3);
  });

  it('does not keep an entry larger than the whole budget, nor drop others for it', () => {
    const cache = createPreviewCache(10_000);
    cache.set('small', out(10));
    cache.set('huge', out(10_000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
  });
});

describe('sample rows', () => {
  it('picks distinct ascending rows, the same for the same seed', () => {
    const rows = pickRandomRows(1000, 100, 5);
    expect(rows).toHaveLength(100);
    expect(new Set(rows).size).toBe(100);
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    expect(pickRandomRows(1000, 100, 5)).toEqual(rows);
    expect(pickRandomRows(1000, 100, 6)).not.toEqual(rows);
  });

  it('is idempotent: a table within the sample size comes back as is', () => {
    const t = numbers(10);
    expect(sampleTable(t, { mode: 'random', rows: 10, seed: 1 })).toBe(t);
    expect(sampleTable(t, { mode: 'head', rows: 3 }).columns[0]).toMatchObject({ values: Float64Array.from([0, 1, 2]) });
    expect(sampleTable(t, { mode: 'random', rows: 3, seed: 1 }).rowCount).toBe(3);
  });
});
