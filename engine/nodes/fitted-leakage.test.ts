import { describe, expect, it } from 'vitest';
import type { SplitValue } from '../define-node';
import { replayFittedSteps } from '../replay-fitted';
import { getNodeType } from '../registry';
import { sampleRows } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

/**
 * Every fitted transform learns from the training rows only: the test rows below have wildly different
 * statistics (and, for target encoding, a different target), so any leak shows in their output. The
 * same fitted steps, after a JSON round trip as a saved model makes, must give the same output on raw
 * prediction records (the test rows without their target).
 */
const split: SplitValue = {
  kind: 'split',
  train: makeTable({ x: [0, 10, 20, 30, 40], c: ['a', 'a', 'b', 'b', 'b'], y: ['n', 'y', 'n', 'y', 'y'] }),
  test: makeTable({ x: [1000, 2000, -3000], c: ['b', 'c', 'a'], y: ['y', 'y', 'y'] }),
  fitted: [],
};
const records = makeTable({ x: [1000, 2000, -3000], c: ['b', 'c', 'a'] });

const cases: [type: string, params: Record<string, unknown>, column: string, expected: unknown[]][] = [
  ['standard-scale', { method: 'standard' }, 'x', [980 / Math.sqrt(200), 1980 / Math.sqrt(200), -3020 / Math.sqrt(200)]],
  ['standard-scale', { method: 'min_max' }, 'x', [25, 50, -75]],
  ['standard-scale', { method: 'robust' }, 'x', [49, 99, -151]],
  ['clip', { method: 'percentile', lowerPercentile: 0, upperPercentile: 100 }, 'x', [40, 40, 0]],
  ['clip', { method: 'iqr', iqrFactor: 1 }, 'x', [50, 50, -10]],
  ['bin', { columns: ['x'], method: 'equal_width', bins: 4 }, 'x', ['≥ 30', '≥ 30', '< 10']],
  ['bin', { columns: ['x'], method: 'quantile', bins: 2, output: 'index' }, 'x', [1, 1, 0]],
  ['ordinal-encode', { columns: ['c'], order: 'frequency' }, 'c', [0, null, 1]],
  ['frequency-encode', { columns: ['c'], as: 'count' }, 'c', [3, 0, 2]],
  ['target-encode', { columns: ['c'], target: 'y', smoothing: 0 }, 'c', [2 / 3, 3 / 5, 1 / 2]],
  ['one-hot', { columns: ['c'], maxCategories: 1 }, 'c=b', [1, 0, 0]],
  ['one-hot', { columns: ['c'], maxCategories: 1 }, 'c_other', [0, 1, 1]],
];

const valuesOf = (table: SplitValue['test'], name: string) => {
  const index = table.columns.findIndex((c) => c.name === name);
  return sampleRows(table, table.rowCount).map((row) => row[index]);
};

describe('fitted transforms learn from training rows only and replay at prediction time', () => {
  for (const [type, params, column, expected] of cases) {
    it(`${type} ${JSON.stringify(params)} → '${column}'`, async () => {
      const def = getNodeType(type)!;
      const out = (await def.run({ data: split }, def.params.parse(params), createTestContext())).data as SplitValue;
      const got = valuesOf(out.test, column);
      got.forEach((v, i) => (typeof v === 'number' ? expect(v).toBeCloseTo(expected[i] as number, 12) : expect(v).toBe(expected[i])));
      expect(out.fitted.map((f) => f.type)).toEqual([type]);
      const saved = JSON.parse(JSON.stringify(out.fitted));
      expect(valuesOf(replayFittedSteps(records, saved), column)).toEqual(got);
    });
  }
});

describe('target encoding on the training rows', () => {
  it('encodes each training row from the other folds, so an ID-like column cannot echo its own target', async () => {
    const n = 200;
    const train = makeTable({ id: Array.from({ length: n }, (_, i) => `row${i}`), y: Array.from({ length: n }, (_, i) => i) });
    const def = getNodeType('target-encode')!;
    const out = (await def.run({ data: { kind: 'split', train, test: train, fitted: [] } }, def.params.parse({ columns: ['id'], target: 'y', smoothing: 0 }), createTestContext())).data as SplitValue;
    const ys = valuesOf(train, 'y') as number[];
    const trainEncoded = valuesOf(out.train, 'id') as number[];
    const testEncoded = valuesOf(out.test, 'id') as number[];
    // In-sample statistics would give every row exactly its target; the test side shows they were learned.
    expect(testEncoded).toEqual(ys);
    // Out of fold, each row only gets the mean of other folds' targets (its ID is unseen there).
    expect(trainEncoded.filter((v, i) => v === ys[i])).toEqual([]);
    for (const v of trainEncoded) expect(Math.abs(v - (n - 1) / 2)).toBeLessThan(15);
  });

  it('is deterministic, and gives one column per class for a target with more than two classes', async () => {
    const def = getNodeType('target-encode')!;
    const data = { kind: 'table' as const, table: makeTable({ c: ['a', 'a', 'b', 'b', 'a', 'b'], y: ['p', 'q', 'r', 'p', 'q', 'r'] }) };
    const run = async () => (await def.run({ data }, def.params.parse({ columns: ['c'], target: 'y' }), createTestContext())).data;
    const first = await run();
    expect(first.kind === 'table' && first.table.columns.map((c) => c.name)).toEqual(['c:p', 'c:q', 'c:r', 'y']);
    expect(first).toEqual(await run());
  });
});
