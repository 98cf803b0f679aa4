import { describe, expect, it } from 'vitest';
import type { PortSchema, PortValue, SplitValue } from '../define-node';
import { getNodeType } from '../registry';
import { replayFittedSteps } from '../replay-fitted';
import { sampleRows, tableSchema } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const run = async (type: string, params: Record<string, unknown>, data: PortValue, ctx = createTestContext()) => {
  const def = getNodeType(type)!;
  return (await def.run({ data }, def.params.parse(params), ctx)).data;
};
const schemaOf = (type: string, params: Record<string, unknown>, input: PortSchema) => {
  const def = getNodeType(type)!;
  return def.outputSchema({ data: input }, def.params.parse(params), createTestContext()).data;
};

const split: SplitValue = {
  kind: 'split',
  train: makeTable({ id: ['1', '2', '2', 'x'], zip: [98101, 98101, 98101, 10001], species: ['a', 'b', 'b', 'a'] }),
  test: makeTable({ id: ['7', '8'], zip: [10001, null], species: ['a', 'b'] }),
  fitted: [],
};
const tableSchemaPort: PortSchema = { kind: 'table', schema: tableSchema(split.train) };

describe('column and row transforms as nodes', () => {
  it('name a missing column at edit time, like every other step', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['select-columns', { columns: ['Zip'] }],
      ['drop-columns', { columns: ['Zip'] }],
      ['rename-columns', { renames: [{ from: 'Zip', to: 'z' }] }],
      ['cast-columns', { columns: ['Zip'] }],
      ['deduplicate', { columns: ['Zip'] }],
      ['sort', { by: [{ column: 'Zip' }] }],
    ];
    for (const [type, params] of cases) {
      expect(() => schemaOf(type, params, tableSchemaPort), type).toThrow("column 'Zip' was not found. Available columns: id, zip, species");
    }
  });

  it('propagate schemas: order, new names, new kinds, and keep the port kind', () => {
    expect(schemaOf('select-columns', { columns: ['species', 'id'] }, tableSchemaPort)).toEqual({
      kind: 'table',
      schema: { columns: [tableSchemaPort.schema.columns[2], tableSchemaPort.schema.columns[0]] },
    });
    const splitPort: PortSchema = { kind: 'split', schema: tableSchemaPort.schema };
    const renamed = schemaOf('rename-columns', { renames: [{ from: 'species', to: 'label' }] }, splitPort);
    expect(renamed.kind === 'split' && renamed.schema.columns.map((c) => c.name)).toEqual(['id', 'zip', 'label']);
    const cast = schemaOf('cast-columns', { columns: ['zip', 'id'], to: 'category' }, tableSchemaPort);
    expect(cast.kind === 'table' && cast.schema.columns.map((c) => [c.name, c.kind])).toEqual([['id', 'category'], ['zip', 'category'], ['species', 'category']]);
  });

  it('refuse a hostile new name at edit time', () => {
    expect(() => schemaOf('rename-columns', { renames: [{ from: 'id', to: '__proto__' }] }, tableSchemaPort)).toThrow("'__proto__' is reserved");
  });

  it('apply to train and test alike on a split, recording nothing for row transforms and a column drop for replay', async () => {
    const deduped = (await run('deduplicate', { columns: ['zip'] }, split)) as SplitValue;
    expect([deduped.train.rowCount, deduped.test.rowCount]).toEqual([2, 2]);
    const sorted = (await run('sort', { by: [{ column: 'zip' }] }, split)) as SplitValue;
    expect(sampleRows(sorted.test, 2).map((r) => r[0])).toEqual(['7', '8']);
    const dropped = (await run('drop-columns', { columns: ['id'] }, split)) as SplitValue;
    expect([dropped.train.columns.length, dropped.test.columns.length]).toEqual([2, 2]);
    for (const out of [deduped, sorted]) expect(out.fitted).toEqual([]);
    // A record loses the dropped columns too, tolerating their absence.
    expect(dropped.fitted.map((f) => f.type)).toEqual(['drop-columns']);
    expect(replayFittedSteps(makeTable({ zip: [98101] }), dropped.fitted).columns.map((c) => c.name)).toEqual(['zip']);
  });

  it('record rename and cast, so a model replays them on raw records that lack the target', async () => {
    const renamed = (await run('rename-columns', { renames: [{ from: 'species', to: 'label' }, { from: 'zip', to: 'postcode' }] }, split)) as SplitValue;
    const cast = (await run('cast-columns', { columns: ['postcode', 'label'], to: 'category' }, renamed)) as SplitValue;
    expect(cast.fitted.map((f) => f.type)).toEqual(['rename-columns', 'cast-columns']);
    const raw = makeTable({ zip: [98101], id: ['9'] });
    const replayed = replayFittedSteps(raw, cast.fitted);
    expect(replayed.columns.map((c) => [c.name, c.kind])).toEqual([['postcode', 'category'], ['id', 'category']]);
    expect(sampleRows(replayed, 1)).toEqual([['98101', '9']]);
  });

  it('report how many cells a cast turned into missing, per side of a split', async () => {
    const ctx = createTestContext();
    const out = (await run('cast-columns', { columns: ['id'], to: 'number' }, split, ctx)) as SplitValue;
    expect(sampleRows(out.train, 4).map((r) => r[0])).toEqual([1, 2, 2, null]);
    expect(ctx.logs).toEqual([expect.stringContaining("1 value of 'id' (train rows) is not a number (e.g. 'x') and became missing")]);
    expect(ctx.metrics).toEqual([
      { name: 'train.cast_missing_cells', value: 1, step: undefined },
      { name: 'test.cast_missing_cells', value: 0, step: undefined },
    ]);
  });

  it('sample both sides of a split and log the kept counts', async () => {
    const ctx = createTestContext();
    const out = (await run('sample-rows', { mode: 'fraction', fraction: 0.5, seed: 3 }, split, ctx)) as SplitValue;
    expect([out.train.rowCount, out.test.rowCount]).toEqual([2, 1]);
    expect(ctx.logs).toEqual(['Sample rows (train rows): kept 2 of 4 rows.', 'Sample rows (test rows): kept 1 of 2 rows.']);
  });

  it('refuse a missing input with a message naming the port', () => {
    expect(() => getNodeType('sort')!.outputSchema({}, { by: [] }, createTestContext())).toThrow("Sort: connect a table or a split to the 'data' input.");
  });
});
