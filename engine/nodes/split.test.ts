import { describe, expect, it } from 'vitest';
import type { TableValue } from '../define-node';
import { splitNode } from './split';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const tableOf = (columns: Parameters<typeof makeTable>[0]): TableValue => ({ kind: 'table', table: makeTable(columns) });
const run = (data: TableValue, testFraction = 0.2) => splitNode.run({ data }, splitNode.params.parse({ testFraction }), createTestContext());

describe('Train/test split', () => {
  it('refuses a table with no rows by pointing at the steps before it, not at the test share', async () => {
    const error = await run(tableOf({ x: [], y: [] })).catch((e: Error) => e);
    expect((error as Error).message).toBe('Train/test split: the table has no rows to split. Check the steps before it (a Filter that keeps nothing?).');
    expect((error as Error).message).not.toMatch(/test share/);
  });

  it('still asks for more rows or another test share when a few rows leave one side empty', async () => {
    await expect(run(tableOf({ x: [1, 2], y: ['a', 'b'] }), 0.1)).rejects.toThrow(
      'Train/test split: 2 rows leave 2 for training and 0 for testing. Use more rows or change the test share.',
    );
  });

  it('splits a table with rows into both sides', async () => {
    const out = await run(tableOf({ x: [1, 2, 3, 4, 5], y: ['a', 'b', 'a', 'b', 'a'] }), 0.4);
    expect(out.data).toMatchObject({ kind: 'split' });
    const split = out.data as { train: { rowCount: number }; test: { rowCount: number } };
    expect(split.train.rowCount + split.test.rowCount).toBe(5);
    expect(split.test.rowCount).toBeGreaterThan(0);
  });
});
