import { describe, expect, it } from 'vitest';
import { sampleRows, tableSchema } from '../table-ops';
import { makeTable } from '../testing/tables';
import { applyBin, fitBin } from './bin';
import { applyClip, fitClip } from './clip';
import { applyFrequency, fitFrequency } from './frequency-encode';
import { applyOneHot, fitOneHot } from './one-hot';
import { applyOrdinal, fitOrdinal } from './ordinal-encode';
import { quantilesOf } from './quantiles';
import { applyRescale, fitRescale } from './rescale';
import { cleanText } from './text-clean';

const column = (t: ReturnType<typeof makeTable>, i = 0) => sampleRows(t, t.rowCount).map((r) => r[i]);

describe('quantiles', () => {
  it('match a sorted reference with linear interpolation, for few (selection) and many (sort) probabilities', () => {
    let seed = 7;
    const values = Float64Array.from({ length: 5001 }, (_, i) => (i % 97 === 0 ? NaN : ((seed = (seed * 16807) % 2147483647) % 1000) / 7));
    const sorted = values.filter((v) => !Number.isNaN(v)).sort();
    const reference = (p: number) => {
      const pos = p * (sorted.length - 1);
      const lo = Math.floor(pos);
      return sorted[lo] + (pos - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo]);
    };
    const few = [0.75, 0, 0.25, 0.5, 1, 0.013];
    const many = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
    for (const probs of [few, many]) {
      quantilesOf(values, probs).forEach((q, i) => expect(q).toBeCloseTo(reference(probs[i]), 10));
    }
    expect(quantilesOf(new Float64Array([NaN]), [0.5])).toEqual([NaN]);
  });
});

describe('rescale', () => {
  const t = makeTable({ x: [0, 10, 20, 30, 1000, null] });
  it('maps the fit rows to a min-max range, and the robust way by median and interquartile range', () => {
    const minMax = fitRescale(t, { columns: [], method: 'min_max', from: -1, to: 1 });
    expect(column(applyRescale(t, minMax))).toEqual([-1, -0.98, -0.96, -0.94, 1, null]);
    const robust = fitRescale(t, { columns: [], method: 'robust', from: 0, to: 1 });
    expect(robust.columns[0]).toEqual({ column: 'x', center: 20, scale: 20, offset: 0 });
    expect(column(applyRescale(t, robust))).toEqual([-1, -0.5, 0, 0.5, 49, null]);
  });
  it('replays a state saved by version 1 ({ mean, scale })', () => {
    expect(column(applyRescale(makeTable({ x: [4] }), { columns: [{ column: 'x', mean: 2, scale: 2 }] }))).toEqual([1]);
  });
  it('refuses an empty range', () => {
    expect(() => fitRescale(t, { columns: [], method: 'min_max', from: 1, to: 1 })).toThrow('Rescale: the range From 1 … To 1 is empty or reversed. Make From smaller than To, e.g. 0 and 1.');
  });
});

describe('one-hot top K and drop first', () => {
  it('encodes a 3,000-value column as the K most frequent values plus an other column instead of refusing it', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `id${i}`);
    const cells = [...ids, 'id5', 'id5', 'id7'];
    const t = makeTable({ id: cells });
    const state = fitOneHot(t, { columns: ['id'], maxCategories: 2, dropFirst: false });
    expect(state.columns[0]).toMatchObject({ categories: ['id5', 'id7'], other: true });
    const out = applyOneHot(makeTable({ id: ['id5', 'id7', 'id9', 'never seen', null] }), state);
    expect(tableSchema(out).columns.map((c) => c.name)).toEqual(['id=id5', 'id=id7', 'id_other']);
    expect(sampleRows(out, 5)).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 0]]);
  });
  it('replays a state saved by version 1 (every value, no other column)', () => {
    expect(sampleRows(applyOneHot(makeTable({ c: ['b', 'z'] }), { columns: [{ column: 'c', categories: ['a', 'b'] }] }), 2)).toEqual([[0, 1], [0, 0]]);
  });
  it('drops the first kept value, which then reads as all zeros, while unseen values still go to other', () => {
    const t = makeTable({ c: ['a', 'b', 'c', 'c', 'b', 'd'] });
    const state = fitOneHot(t, { columns: ['c'], maxCategories: 2, dropFirst: true });
    expect(state.columns[0]).toEqual({ column: 'c', categories: ['c'], dropped: 'b', other: true });
    expect(sampleRows(applyOneHot(makeTable({ c: ['b', 'c', 'a', 'z'] }), state), 4)).toEqual([[0, 0], [1, 0], [0, 1], [0, 1]]);
  });
});

describe('ordinal encode', () => {
  const t = makeTable({ c: ['m', 'z', 'a', 'z', null, 'a', 'z'] });
  it('orders by appearance, alphabet or frequency; unseen values become missing or the given code', () => {
    const codes = (order: 'appearance' | 'alphabetical' | 'frequency') => fitOrdinal(t, { columns: ['c'], order, unknownCode: null }).columns[0].categories;
    expect(codes('appearance')).toEqual(['m', 'z', 'a']);
    expect(codes('alphabetical')).toEqual(['a', 'm', 'z']);
    expect(codes('frequency')).toEqual(['z', 'a', 'm']);
    const test = makeTable({ c: ['a', 'new', null] });
    expect(column(applyOrdinal(test, fitOrdinal(t, { columns: ['c'], order: 'frequency', unknownCode: null })))).toEqual([1, null, null]);
    expect(column(applyOrdinal(test, fitOrdinal(t, { columns: ['c'], order: 'frequency', unknownCode: -1 })))).toEqual([1, -1, null]);
  });
});

describe('frequency encode', () => {
  it('gives the share of fit rows (missing rows not counted) and 0 for unseen values', () => {
    const state = fitFrequency(makeTable({ c: ['a', 'a', 'b', null] }), { columns: ['c'], as: 'share' });
    expect(column(applyFrequency(makeTable({ c: ['a', 'b', 'c', null] }), state))).toEqual([2 / 3, 1 / 3, 0, null]);
  });
});

describe('bin', () => {
  const t = makeTable({ x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, null] });
  it('cuts equal widths between the fit min and max, with open outer bins for values outside it', () => {
    const state = fitBin(t, { columns: ['x'], method: 'equal_width', bins: 4, edges: [], output: 'label' });
    expect(state.columns[0].cuts).toEqual([2.5, 5, 7.5]);
    expect(column(applyBin(makeTable({ x: [-50, 2.5, 5, 9, 99, null] }), state))).toEqual(['< 2.5', '[2.5, 5)', '[5, 7.5)', '≥ 7.5', '≥ 7.5', null]);
  });
  it('cuts at quantiles, merging repeated cut points, and can output the bin index', () => {
    const state = fitBin(makeTable({ x: [1, 1, 1, 1, 1, 1, 2, 3] }), { columns: ['x'], method: 'quantile', bins: 4, edges: [], output: 'index' });
    expect(state.columns[0].cuts).toEqual([1, 1.25]);
    expect(column(applyBin(makeTable({ x: [0, 1, 1.3, null] }), state))).toEqual([0, 1, 2, null]);
  });
  it('rounds learned cut points to 6 significant digits so labels state the real edges', () => {
    const state = fitBin(makeTable({ x: [0, 1] }), { columns: ['x'], method: 'equal_width', bins: 3, edges: [], output: 'label' });
    expect(state.columns[0].cuts).toEqual([0.333333, 0.666667]);
  });
});

describe('clip', () => {
  const t = makeTable({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 100] });
  it('clips at percentiles or Tukey fences of the fit rows, or at fixed bounds with one side open', () => {
    const pct = fitClip(t, { columns: [], method: 'percentile', lowerPercentile: 10, upperPercentile: 90, iqrFactor: 1.5 });
    expect(pct.columns[0]).toEqual({ column: 'x', lower: 1.9, upper: expect.closeTo(18.1, 9) });
    const iqr = fitClip(t, { columns: [], method: 'iqr', lowerPercentile: 1, upperPercentile: 99, iqrFactor: 1.5 });
    expect(iqr.columns[0]).toEqual({ column: 'x', lower: 3.25 - 1.5 * 4.5, upper: 7.75 + 1.5 * 4.5 });
    const fixed = fitClip(t, { columns: ['x'], method: 'fixed', lowerPercentile: 1, upperPercentile: 99, iqrFactor: 1.5, upper: 50 });
    expect(column(applyClip(makeTable({ x: [-5, 60, null] }), fixed))).toEqual([-5, 50, null]);
    expect(() => fitClip(t, { columns: [], method: 'fixed', lowerPercentile: 1, upperPercentile: 99, iqrFactor: 1.5 })).toThrow(/neither a lower nor an upper bound/);
  });
});

describe('text clean-up', () => {
  const t = makeTable({ city: ['  Paris', 'paris ', 'New   York', '   ', 'Köln', null], n: [1, 2, 3, 4, 5, 6] });
  const base = { columns: [], trim: true, collapseSpaces: true, case: 'lower' as const, find: '', replaceWith: '', regex: false };
  it('merges values that become equal, turns empty ones into missing, and leaves numbers alone', () => {
    const out = cleanText(t, base);
    expect(column(out)).toEqual(['paris', 'paris', 'new york', null, 'köln', null]);
    expect(out.columns[0].kind === 'category' && out.columns[0].dictionary).toEqual(['paris', 'new york', 'köln']);
    expect(out.columns[1]).toBe(t.columns[1]);
  });
  it('replaces literal text literally, and regular expressions with groups', () => {
    expect(column(cleanText(makeTable({ s: ['a.b', 'axb'] }), { ...base, case: 'keep', find: '.', replaceWith: '$&!' }))).toEqual(['a$&!b', 'axb']);
    expect(column(cleanText(makeTable({ s: ['2024-01', '1999-12'] }), { ...base, find: '(\\d+)-(\\d+)', replaceWith: '$2/$1', regex: true }))).toEqual(['01/2024', '12/1999']);
  });
  it('refuses regular expressions that are invalid or too long', () => {
    const clean = (find: string) => () => cleanText(t, { ...base, find, regex: true });
    expect(clean('(a')).toThrow(/'\(a' is not a valid regular expression \(missing closing \)/);
    expect(clean('a'.repeat(101))).toThrow(/the limit is 100/);
  });
  it('runs patterns that make a backtracking engine take forever in linear time', () => {
    // JavaScript's RegExp needs ~2^n steps for these on n 'a's and no match; RE2JS stays linear.
    const value = `${'a'.repeat(5_000)}!`;
    for (const find of ['(a+)+$', '(a|aa)*b', 'a*a*a*a*a*b', '(\\w*\\s?)*x']) {
      const started = performance.now();
      const out = cleanText(makeTable({ s: [value] }), { ...base, case: 'keep', find, replaceWith: '', regex: true });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(column(out)).toEqual([value]);
    }
  });
});
