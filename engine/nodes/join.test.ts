import { describe, expect, it } from 'vitest';
import type { PortSchema, PortValue } from '../define-node';
import { sampleRows, tableSchema } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';
import { joinNode } from './join';

const people = makeTable({ id: [1, 2, 3], city: ['Oslo', 'Rome', 'Oslo'] });
const cities = makeTable({ city: ['Rome', 'Oslo', 'Lima'], country: ['IT', 'NO', 'PE'] });
const params = (over: Record<string, unknown> = {}) => joinNode.params.parse({ on: [{ left: 'city' }], ...over });
const schemaOf = (value: PortValue): PortSchema => {
  if (value.kind === 'table') return { kind: 'table', schema: tableSchema(value.table) };
  if (value.kind === 'split') return { kind: 'split', schema: tableSchema(value.train) };
  throw new Error(`expected a table or a split, got a ${value.kind}`);
};

describe('Join tables node', () => {
  it('gives the joined schema at edit time, the same as the run produces', async () => {
    const inputs: Record<string, PortValue> = { left: { kind: 'table', table: people }, right: { kind: 'table', table: cities } };
    for (const how of ['inner', 'left', 'right', 'full'] as const) {
      const schemas = joinNode.outputSchema({ left: schemaOf(inputs.left), right: schemaOf(inputs.right) }, params({ how }), createTestContext());
      const { data } = await joinNode.run(inputs, params({ how }), createTestContext());
      expect(schemas.data).toEqual(schemaOf(data));
    }
  });

  it('enriches each side of a split from a lookup table and keeps the fitted steps', async () => {
    const fitted = [{ type: 'impute', version: 1, state: {} }];
    const split: PortValue = { kind: 'split', train: people, test: makeTable({ id: [9], city: ['Lima'] }), fitted };
    const ctx = createTestContext();
    const { data } = await joinNode.run({ left: split, right: { kind: 'table', table: cities } }, params({ how: 'left' }), ctx);
    expect(data.kind).toBe('split');
    if (data.kind !== 'split') return;
    expect(sampleRows(data.train, 5)).toEqual([[1, 'Oslo', 'NO'], [2, 'Rome', 'IT'], [3, 'Oslo', 'NO']]);
    expect(sampleRows(data.test, 5)).toEqual([[9, 'Lima', 'PE']]);
    expect(data.fitted).toBe(fitted);
    expect(ctx.logs).toEqual([
      'Join (training rows): 3 of 3 left rows matched; 0 right rows had no match; 3 rows out.',
      'Join (test rows): 1 of 1 left rows matched; 0 right rows had no match; 1 rows out.',
    ]);
  });

  it('refuses right and full joins of a split, and a split on the right, saying what to do', () => {
    const split: PortSchema = { kind: 'split', schema: tableSchema(people) };
    const table: PortSchema = { kind: 'table', schema: tableSchema(cities) };
    expect(() => joinNode.outputSchema({ left: split, right: table }, params({ how: 'full' }), createTestContext())).toThrow(/Use an inner or left join to enrich a split/);
    expect(() => joinNode.outputSchema({ left: table, right: split }, params(), createTestContext())).toThrow(/connect a table to the 'right' input/);
    expect(() => joinNode.outputSchema({ left: table }, params(), createTestContext())).toThrow(/connect a table to the 'right' input/);
  });

  it('reports a key type mismatch at edit time', () => {
    const numbers: PortSchema = { kind: 'table', schema: { columns: [{ name: 'city', kind: 'number' }] } };
    const text: PortSchema = { kind: 'table', schema: tableSchema(cities) };
    expect(() => joinNode.outputSchema({ left: numbers, right: text }, params(), createTestContext())).toThrow(/Cast columns/);
  });
});
