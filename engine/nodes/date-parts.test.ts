import { describe, expect, it } from 'vitest';
import type { SplitValue } from '../define-node';
import { checkExpression, evaluateExpression } from '../expr';
import { analyzeGraph } from '../graph';
import { tableFromRecords } from '../io/json-records';
import { getNodeType } from '../registry';
import { replayFittedSteps } from '../replay-fitted';
import type { Table } from '../table';
import { sampleRows, tableSchema } from '../table-ops';
import { buildChain, createTestContext, loadSample } from '../testing/fixtures';
import { describeLeftOut, pickFeatures } from './train-features';

const dates = (name: string, ...iso: (string | null)[]): Table => ({
  rowCount: iso.length,
  columns: [
    { kind: 'date', name, values: Float64Array.from(iso, (t) => (t === null ? NaN : Date.parse(t))) },
    { kind: 'number', name: 'n', values: Float64Array.from(iso, (_, i) => i) },
  ],
});
const def = getNodeType('date-parts')!;
const run = async (params: Record<string, unknown>, data: Table | SplitValue, ctx = createTestContext()) =>
  (await def.run({ data: 'kind' in data ? data : { kind: 'table', table: data } }, def.params.parse(params), ctx)).data;

describe('Date parts', () => {
  it('adds the chosen parts after the date column, in UTC, with Monday = 1', async () => {
    const out = await run({ column: 'd', parts: ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'day_of_year'], dropSource: false }, dates('d', '2024-03-03T23:45:00Z', null, '2023-01-02T00:00:00Z'));
    expect(out.kind === 'table' && out.table.columns.map((c) => c.name)).toEqual(['d', 'd_year', 'd_month', 'd_day', 'd_weekday', 'd_hour', 'd_minute', 'd_day_of_year', 'n']);
    expect(out.kind === 'table' && sampleRows(out.table, 3).map((r) => r.slice(1, 8))).toEqual([
      [2024, 3, 3, 7, 23, 45, 63],
      [null, null, null, null, null, null, null],
      [2023, 1, 2, 1, 0, 0, 2],
    ]);
  });

  it('predicts its output schema at edit time, dropping the source by default', () => {
    const schema = def.outputSchema({ data: { kind: 'table', schema: tableSchema(dates('d', '2024-01-01')) } }, def.params.parse({ column: 'd' }), createTestContext()).data;
    expect(schema).toEqual({ kind: 'table', schema: { columns: [{ name: 'd_year', kind: 'number' }, { name: 'd_month', kind: 'number' }, { name: 'd_weekday', kind: 'number' }, { name: 'n', kind: 'number' }] } });
    expect(() => def.outputSchema({ data: { kind: 'table', schema: tableSchema(dates('d', '2024-01-01')) } }, def.params.parse({ column: 'n' }), createTestContext())).toThrow(
      "Date parts: column 'n' holds numbers, not dates. Pick a date column, or set its type to date on the Dataset node.",
    );
  });

  it('says a table without a date column has none to pick, and how to get one, while no column is picked', () => {
    const problems = (sample: string, params: Record<string, unknown>) =>
      analyzeGraph(buildChain([['load', 'dataset', { dataset: { source: 'sample', name: sample } }], ['parts', 'date-parts', params]]), createTestContext()).problems.map((p) => p.message);
    const none = 'Date parts: the table has no date column. Read a column as a date in the Dataset node (or Cast columns to date) first.';
    expect(problems('penguins', {})).toEqual([none]);
    // An emptied picker saves no column at all (param-fields.tsx); an empty name is refused as before.
    expect(problems('penguins', { column: '' })).toEqual(["Date parts, 'Date column': Pick a date column."]);
    // A table with dates still asks for the pick; a picked column is checked as before.
    expect(problems('seattle-weather', {})).toEqual(["Date parts: fill in 'Date column'."]);
    expect(problems('seattle-weather', { column: 'date' })).toEqual([]);
    expect(problems('penguins', { column: 'Island' })).toEqual([]);
    expect(problems('penguins', { column: 'Body Mass (g)' })).toEqual(["Date parts: column 'Body Mass (g)' holds numbers, not dates. Pick a date column, or set its type to date on the Dataset node."]);
  });

  it('works on both sides of a split and replays on prediction records that carry the date as text', async () => {
    const split: SplitValue = { kind: 'split', train: dates('d', '2024-01-31'), test: dates('d', '2025-06-01'), fitted: [] };
    const out = await run({ column: 'd', parts: ['year', 'month'] }, split);
    expect(out.kind === 'split' && [sampleRows(out.train, 1), sampleRows(out.test, 1)]).toEqual([[[2024, 1, 0]], [[2025, 6, 0]]]);
    const replayed = replayFittedSteps(tableFromRecords([{ d: '2026-02-03', n: 5 }]), out.kind === 'split' ? out.fitted : []);
    expect(sampleRows(replayed, 1)).toEqual([[2026, 2, 5]]);
  });

  it('turns the Seattle weather date into features Train accepts', async () => {
    const weather = loadSample('seattle-weather');
    expect(weather.columns[0]).toMatchObject({ name: 'date', kind: 'date' });
    const out = await run({ column: 'date', parts: ['year', 'month', 'weekday'] }, weather);
    expect(out.kind === 'table' && out.table.columns.filter((c) => c.kind !== 'number').map((c) => c.name)).toEqual(['weather']);
  });
});

describe('dates elsewhere', () => {
  it('Train leaves a date column out, or refuses it as a picked feature, pointing to Date parts', () => {
    const schema = tableSchema(loadSample('seattle-weather'));
    const pick = pickFeatures(schema, 'weather', []);
    expect(pick.leftOut).toContainEqual({ column: 'date', reason: 'not-numeric' });
    expect(describeLeftOut(pick.leftOut)).toEqual(["Train leaves out 'date': not numbers. Turn it into numbers first (dates: Date parts)."]);
    expect(() => pickFeatures(schema, 'weather', ['date'])).toThrow(/^Train: feature 'date' holds date values, but the model needs numbers\. Turn it into numbers first \(dates: Date parts\)\./);
  });

  it('expressions compare dates with date literals and test them for null', () => {
    const table = dates('d', '2024-01-31', null, '2024-03-01T10:00:00Z');
    const schema = tableSchema(table);
    const after = evaluateExpression(checkExpression("d >= '2024-02-01' or d is null", schema), table, 'late');
    expect(sampleRows({ rowCount: 3, columns: [after] }, 3)).toEqual([['false'], ['true'], ['true']]);
    expect(() => checkExpression("d > 'soon'", schema)).toThrow("'soon' is not a date");
    expect(() => checkExpression('d + 1', schema)).toThrow(/needs a number but got a date/);
  });

  it('sort, filter, cast and the preview text keep dates dates', async () => {
    const table = dates('d', '2024-03-01', null, '2023-12-31');
    const ctx = createTestContext();
    const sorted = await getNodeType('sort')!.run({ data: { kind: 'table', table } }, getNodeType('sort')!.params.parse({ by: [{ column: 'd' }] }), ctx);
    expect(sorted.data.kind === 'table' && sampleRows(sorted.data.table, 3).map((r) => r[0])).toEqual(['2023-12-31', '2024-03-01', null]);
    const filter = getNodeType('filter')!;
    const kept = await filter.run({ data: { kind: 'table', table } }, filter.params.parse({ conditions: [{ column: 'd', op: 'gte', value: '2024-01-01' }] }), ctx);
    expect(kept.data.kind === 'table' && sampleRows(kept.data.table, 3).map((r) => r[0])).toEqual(['2024-03-01']);
    const cast = getNodeType('cast-columns')!;
    const text = await cast.run({ data: { kind: 'table', table } }, cast.params.parse({ columns: ['d'], to: 'category' }), ctx);
    expect(text.data.kind === 'table' && text.data.table.columns[0]).toMatchObject({ kind: 'category', dictionary: ['2023-12-31', '2024-03-01'] });
  });
});
