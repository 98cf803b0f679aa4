import { describe, expect, it } from 'vitest';
import type { CategoryColumn, NumericColumn } from '../table';
import { makeTable } from '../testing/tables';
import { compilePattern, PATTERN_LIMIT } from './validate-pattern';
import { findFailingCategories, findMissing, findOutOfRange, findRepeats } from './validate-rows';

const rowsOf = (found: { mask: Uint8Array; failed: number }) => ({ rows: [...found.mask.keys()].filter((i) => found.mask[i]), failed: found.failed });
const t = makeTable({ x: [1, null, 5, 7, 5, -2, null], s: ['a', 'b', null, 'a', 'ab', 'B-12', null] });
const x = t.columns[0] as NumericColumn;
const s = t.columns[1] as CategoryColumn;

describe('validate row kernels', () => {
  it('find missing numbers and categories', () => {
    expect(rowsOf(findMissing(x))).toEqual({ rows: [1, 6], failed: 2 });
    expect(rowsOf(findMissing(s))).toEqual({ rows: [2, 6], failed: 2 });
  });

  it('find values outside an inclusive range, with open bounds, letting missing values pass', () => {
    expect(rowsOf(findOutOfRange(x.values, 1, 5))).toEqual({ rows: [3, 5], failed: 2 });
    expect(rowsOf(findOutOfRange(x.values, undefined, 0))).toEqual({ rows: [0, 2, 3, 4], failed: 4 });
    expect(rowsOf(findOutOfRange(x.values, 6))).toEqual({ rows: [0, 2, 4, 5], failed: 4 });
  });

  it('test each distinct category once, letting missing values pass', () => {
    const tested: string[] = [];
    const found = findFailingCategories(s, (v) => (tested.push(v), v === 'a' || v === 'b'));
    expect(rowsOf(found)).toEqual({ rows: [4, 5], failed: 2 });
    expect(tested.sort()).toEqual(['B-12', 'a', 'ab', 'b']);
  });

  it('mark repeats after the first occurrence, ignoring missing values and -0 vs 0', () => {
    expect(rowsOf(findRepeats(x))).toEqual({ rows: [4], failed: 1 });
    expect(rowsOf(findRepeats(s))).toEqual({ rows: [3], failed: 1 });
    const zeros = makeTable({ z: [0, -0, 3] }).columns[0];
    expect(rowsOf(findRepeats(zeros))).toEqual({ rows: [1], failed: 1 });
    const sameText: CategoryColumn = { kind: 'category', name: 'd', codes: Int32Array.from([0, 1, 1]), dictionary: ['k', 'k'] };
    expect(rowsOf(findRepeats(sameText))).toEqual({ rows: [1, 2], failed: 2 });
  });

  it('find repeats among many distinct values, as the hash set grows', () => {
    const n = 5000;
    const values = Float64Array.from({ length: 2 * n }, (_, i) => (i % n) * 0.1 - 7);
    const found = findRepeats({ kind: 'number', name: 'v', values });
    expect(found.failed).toBe(n);
    expect([found.mask[n - 1], found.mask[n], found.mask[2 * n - 1]]).toEqual([0, 1, 1]);
  });

  it('handle an empty column', () => {
    const empty = makeTable({ e: [] as number[] }).columns[0];
    for (const found of [findMissing(empty), findRepeats(empty), findOutOfRange(new Float64Array(0), 0, 1)]) expect(found.failed).toBe(0);
  });
});

describe('validate patterns', () => {
  const test = (pattern: string) => {
    const compiled = compilePattern(pattern);
    if (!compiled.ok) throw new Error(compiled.problem);
    return compiled.test;
  };

  it('match the whole value', () => {
    const code = test('[A-Z]-\\d+');
    expect(['B-12', 'xB-12', 'B-12x', 'B-'].map(code)).toEqual([true, false, false, false]);
    expect(rowsOf(findFailingCategories(s, test('a|b')))).toEqual({ rows: [4, 5], failed: 2 });
  });

  it('run in linear time on patterns that make a backtracking engine hang', () => {
    const evil = 'a'.repeat(5_000) + '!';
    const started = performance.now();
    for (const pattern of ['(a+)+$', '(a|aa)*b', '(a*)*b', '(\\w+\\s?)*$', 'a*a*a*a*a*b']) expect(test(pattern)(evil)).toBe(false);
    // A backtracking engine needs longer than the age of the universe for the first one alone.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuse empty, over-long and invalid patterns with the reason and the fix', () => {
    expect(compilePattern('')).toEqual({ ok: false, problem: expect.stringContaining('the pattern is empty') });
    expect(compilePattern('a'.repeat(PATTERN_LIMIT + 1))).toEqual({ ok: false, problem: `the pattern is ${PATTERN_LIMIT + 1} characters long; the limit is ${PATTERN_LIMIT}. Shorten it` });
    expect(compilePattern('(ab')).toEqual({ ok: false, problem: "'(ab' is not a valid pattern: missing closing ): `(ab`" });
    expect(compilePattern('(a)\\1')).toEqual({ ok: false, problem: expect.stringContaining('back-references are not supported') });
    expect(compilePattern('(?=a)b')).toEqual({ ok: false, problem: expect.stringContaining('look-arounds and back-references are not supported') });
    expect(compilePattern('a{1001}')).toMatchObject({ ok: false });
  });
});
