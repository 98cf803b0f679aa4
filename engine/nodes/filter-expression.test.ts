import { describe, expect, it } from 'vitest';
import type { PortValue, SplitValue } from '../define-node';
import { getNodeType } from '../registry';
import { sampleRows, tableSchema } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const filter = getNodeType('filter')!;
const table = makeTable({ 'Body Mass (g)': [3000, null, 4500, 5000], Sex: ['male', 'female', null, 'male'] });
const run = async (expression: string, data: PortValue) => (await filter.run({ data }, filter.params.parse({ mode: 'expression', expression }), createTestContext())).data;
const schemaCheck = (expression: string) =>
  filter.outputSchema({ data: { kind: 'table', schema: tableSchema(table) } }, filter.params.parse({ mode: 'expression', expression }), createTestContext());

describe('Filter in expression mode', () => {
  it('keeps the rows where the expression is true, dropping false and missing', async () => {
    const out = await run("`Body Mass (g)` > 3500 and Sex == 'male' or `Body Mass (g)` is null", { kind: 'table', table });
    expect(out.kind === 'table' && sampleRows(out.table, 4)).toEqual([[null, 'female'], [5000, 'male']]);
  });

  it('filters train and test rows alike and records nothing to replay', async () => {
    const split: SplitValue = { kind: 'split', train: table, test: makeTable({ 'Body Mass (g)': [1, 9000], Sex: ['male', 'male'] }), fitted: [] };
    const out = (await run('`Body Mass (g)` >= 4500', split)) as SplitValue;
    expect([out.train.rowCount, out.test.rowCount, out.fitted.length]).toEqual([2, 1, 0]);
  });

  it('checks the expression at edit time: a condition, with token positions', () => {
    expect(schemaCheck("Sex == 'male'").data).toEqual({ kind: 'table', schema: tableSchema(table) });
    expect(() => schemaCheck('`Body Mass (g)` * 2')).toThrow('Filter: the expression gives a number, but a filter keeps the rows where it is true.');
    expect(() => schemaCheck("sex == 'male'")).toThrow("Filter: unknown column 'sex' at 1:1 — did you mean 'Sex'?");
    expect(() => schemaCheck('')).toThrow('Filter: expression is empty at 1:1');
  });

  it('leaves saved condition-mode params working (mode defaults to conditions)', async () => {
    const params = filter.params.parse({ conditions: [{ column: 'Sex', op: 'eq', value: 'male' }] });
    expect(params.mode).toBe('conditions');
    const out = (await filter.run({ data: { kind: 'table', table } }, params, createTestContext())).data;
    expect(out.kind === 'table' && out.table.rowCount).toBe(2);
  });
});
