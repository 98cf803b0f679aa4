import { describe, expect, it } from 'vitest';
import type { PortValue, SplitValue } from '../define-node';
import { replayFittedSteps } from '../replay-fitted';
import { getNodeType } from '../registry';
import { sampleRows } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const runNode = async (type: string, params: Record<string, unknown>, data: PortValue) => {
  const def = getNodeType(type)!;
  return (await def.run({ data }, def.params.parse(params), createTestContext())).data;
};

describe('preprocess nodes on a split', () => {
  const split: SplitValue = {
    kind: 'split',
    train: makeTable({ x: [1, 3, null], c: ['a', 'a', 'b'] }),
    test: makeTable({ x: [100, null], c: ['z', null] }),
    fitted: [],
  };

  it('fit on the training rows only and apply the same state to the test rows', async () => {
    const imputed = (await runNode('impute', {}, split)) as SplitValue;
    expect(sampleRows(imputed.test, 2)).toEqual([[100, 'z'], [2, 'a']]); // mean of train x, not of test
    const scaled = (await runNode('standard-scale', {}, imputed)) as SplitValue;
    expect(sampleRows(scaled.test, 2).map((r) => r[0])).toEqual([(100 - 2) / Math.sqrt(2 / 3), 0]);
    expect(scaled.fitted.map((f) => f.type)).toEqual(['impute', 'standard-scale']);
    expect(scaled.fitted[1].state).toEqual({ columns: [{ column: 'x', center: 2, scale: Math.sqrt(2 / 3), offset: 0 }] });
  });

  it('record nothing for a filter, which predictions must not replay', async () => {
    const filtered = (await runNode('filter', { conditions: [{ column: 'x', op: 'not_missing' }] }, split)) as SplitValue;
    expect(filtered.train.rowCount).toBe(2);
    expect(filtered.test.rowCount).toBe(1);
    expect(filtered.fitted).toEqual([]);
  });

  it('replay their fitted steps on raw rows', async () => {
    const encoded = (await runNode('one-hot', { columns: ['c'] }, (await runNode('impute', {}, split)) as SplitValue)) as SplitValue;
    const raw = makeTable({ x: [null], c: ['b'] });
    expect(sampleRows(replayFittedSteps(raw, encoded.fitted), 1)).toEqual([[2, 0, 1]]);
  });

  it('fit and apply to the whole table when given a table', async () => {
    const out = await runNode('impute', {}, { kind: 'table', table: makeTable({ x: [1, null, 5] }) });
    expect(out.kind === 'table' && sampleRows(out.table, 3)).toEqual([[1], [3], [5]]);
  });
});
