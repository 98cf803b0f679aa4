import { describe, expect, it } from 'vitest';
import type { PortSchema, PortValue, SplitValue } from '../define-node';
import { getNodeType } from '../registry';
import { replayFittedSteps } from '../replay-fitted';
import { sampleRows, tableSchema } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const derive = getNodeType('derive')!;
const table = makeTable({ 'Body Mass (g)': [3000, null, 4500], damage: ['dent', null, 'scratch'], x: [1, 2, 3] });
const schemaOf = (kind: 'table' | 'split'): Record<string, PortSchema> => ({ data: { kind, schema: tableSchema(table) } });
const outputSchema = (params: Record<string, unknown>) => derive.outputSchema(schemaOf('table'), derive.params.parse(params), createTestContext());
const run = async (params: Record<string, unknown>, data: PortValue) => (await derive.run({ data }, derive.params.parse(params), createTestContext())).data;

describe('Derive node', () => {
  it('adds the typed column to the edit-time schema (booleans as false/true categories)', () => {
    const out = outputSchema({ name: 'damaged', expression: 'damage is not null' }).data;
    expect(out.kind === 'table' && out.schema.columns.at(-1)).toEqual({ name: 'damaged', kind: 'category', categories: ['false', 'true'] });
    const kg = outputSchema({ name: 'kg', expression: '`Body Mass (g)` / 1000' }).data;
    expect(kg.kind === 'table' && kg.schema.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['Body Mass (g):number', 'damage:category', 'x:number', 'kg:number']);
  });

  it('reports expression errors at edit time with the node, the token position and a fix', () => {
    expect(() => outputSchema({ name: 'kg', expression: '`Body Mass (g)` / weight' })).toThrow("Derive 'kg': unknown column 'weight' at 1:19");
    expect(() => outputSchema({ name: 'd', expression: 'damag is null' })).toThrow("Derive 'd': unknown column 'damag' at 1:1 — did you mean 'damage'?");
  });

  it('refuses a name that clashes unless replace is on, and then replaces the column in place', async () => {
    expect(() => outputSchema({ name: 'x', expression: 'x * 2' })).toThrow("Derive 'x': a column named 'x' already exists. Pick another name, or turn on 'Replace an existing column'.");
    const out = await run({ name: 'x', expression: 'x * 2', replace: true }, { kind: 'table', table });
    expect(out.kind === 'table' && sampleRows(out.table, 3).map((r) => r[2])).toEqual([2, 4, 6]);
    expect(out.kind === 'table' && out.table.columns.length).toBe(3);
  });

  it('computes the same expression on train and test rows, and replays it on raw records lacking a source column', async () => {
    const split: SplitValue = { kind: 'split', train: table, test: makeTable({ 'Body Mass (g)': [5000], damage: [null], x: [9] }), fitted: [] };
    const out = (await run({ name: 'damaged', expression: 'damage is not null' }, split)) as SplitValue;
    expect(sampleRows(out.train, 3).map((r) => r[3])).toEqual(['true', 'false', 'true']);
    expect(sampleRows(out.test, 1)[0][3]).toBe('false');
    expect(out.fitted).toEqual([{ type: 'derive', version: 1, state: { name: 'damaged', expression: 'damage is not null', replace: false, reads: [{ name: 'damage', kind: 'category' }] } }]);
    const replayed = replayFittedSteps(makeTable({ x: [1] }), out.fitted);
    expect(sampleRows(replayed, 1)).toEqual([[1, 'false']]);
  });

  it('fails at run time with the token when the data lacks a column the schema promised', async () => {
    await expect(run({ name: 'y', expression: 'x + missing_col' }, { kind: 'table', table })).rejects.toThrow("Derive 'y': unknown column 'missing_col' at 1:5");
  });
});
