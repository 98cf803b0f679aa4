import { describe, expect, it } from 'vitest';
import type { PortSchema, PortValue, SplitValue, TableValue } from '../define-node';
import { decodePortValue, encodePortValue, summarizePortValue } from '../io/serialize';
import { getNodeType } from '../registry';
import type { Table } from '../table';
import { sampleRows, tableSchema } from '../table-ops';
import { createTestContext } from '../testing/fixtures';
import { makeTable } from '../testing/tables';

const validate = getNodeType('validate')!;
const penguins = makeTable({
  id: ['p1', 'p2', 'p3', 'p4', 'p5', 'p5'],
  species: ['Adelie', 'Gentoo', 'Adelie', 'Chinstrap', null, 'Gentoo'],
  bill_length_mm: [39.1, 61.5, null, 25, 45, 50],
  code: ['AB-1', 'CD-22', 'x', 'EF-3', null, 'GH-4'],
});
type Rules = Record<string, unknown>[];

const run = async (rules: Rules, mode = 'warn', data: PortValue = { kind: 'table', table: penguins }) => {
  const ctx = createTestContext();
  const out = await validate.run({ data }, validate.params.parse({ rules, mode }), ctx);
  return { data: out.data, failures: out.failures as TableValue, logs: ctx.logs };
};
const schemaOf = (rules: Rules, input: PortSchema = { kind: 'table', schema: tableSchema(penguins) }) =>
  validate.outputSchema({ data: input }, validate.params.parse({ rules }), createTestContext());
const failedRows = (failures: TableValue) => sampleRows(failures.table, 1000).map((r) => r.slice(0, 4));
const countsOf = (failures: TableValue) => failures.checks!.map((c) => [c.rule, c.failed]);
const rowsIn = (value: PortValue) => (value.kind === 'table' ? value.table.rowCount : -1);

describe('Validate rules', () => {
  it('check each row rule, counting failing rows and naming the first ones (1-based)', async () => {
    const { failures } = await run([
      { kind: 'not-null', column: 'bill_length_mm' },
      { kind: 'range', column: 'bill_length_mm', min: 30, max: 60 },
      { kind: 'allowed-values', column: 'species', values: ['Adelie', 'Gentoo'] },
      { kind: 'pattern', column: 'code', pattern: '[A-Z]{2}-\\d+' },
      { kind: 'unique', column: 'id' },
    ]);
    expect(countsOf(failures)).toEqual([
      ['bill_length_mm is not missing', 1],
      ['bill_length_mm between 30 and 60', 2],
      ['species in (Adelie, Gentoo)', 1],
      ['code matches [A-Z]{2}-\\d+', 1],
      ['id is unique', 1],
    ]);
    expect(failedRows(failures)).toEqual([
      [3, 'bill_length_mm is not missing', 'bill_length_mm', 1],
      [2, 'bill_length_mm between 30 and 60', 'bill_length_mm', 2],
      [4, 'bill_length_mm between 30 and 60', 'bill_length_mm', 2],
      [4, 'species in (Adelie, Gentoo)', 'species', 1],
      [3, 'code matches [A-Z]{2}-\\d+', 'code', 1],
      [6, 'id is unique', 'id', 1],
    ]);
  });

  it('carry the failing row values after the leading columns, renaming a clashing data column', async () => {
    const table = makeTable({ rule: ['a', 'b'], x: [1, 99] });
    const { failures } = await run([{ kind: 'range', column: 'x', max: 10 }], 'warn', { kind: 'table', table });
    expect(failures.table.columns.map((c) => c.name)).toEqual(['row', 'rule', 'column', 'failed', 'rule (value)', 'x']);
    expect(sampleRows(failures.table, 1)).toEqual([[2, 'x at most 10', 'x', 1, 'b', 99]]);
    expect(schemaOf([{ kind: 'range', column: 'x', max: 10 }], { kind: 'table', schema: tableSchema(table) }).failures).toEqual({
      kind: 'table',
      schema: { columns: [{ name: 'row', kind: 'number' }, { name: 'rule', kind: 'category' }, { name: 'column', kind: 'category' }, { name: 'failed', kind: 'number' }, { name: 'rule (value)', kind: 'category', categories: ['a', 'b'] }, { name: 'x', kind: 'number' }] },
    });
  });

  it('check table rules: presence, type, share missing, row count, expected columns', async () => {
    const { failures } = await run([
      { kind: 'required', column: 'island' },
      { kind: 'type', column: 'species', type: 'number' },
      { kind: 'type', column: 'bill_length_mm', type: 'number' },
      { kind: 'max-missing', column: 'species', percent: 10 },
      { kind: 'max-missing', column: 'species', percent: 20 },
      { kind: 'row-count', min: 10 },
      { kind: 'row-count', min: 1, max: 6 },
      { kind: 'expected-columns', columns: ['id', 'island'], noOthers: true },
      { kind: 'expected-columns', columns: ['id', 'code'] },
    ]);
    expect(failures.checks).toEqual([
      { rule: 'island is present', column: 'island', failed: 1, detail: "column 'island' is missing" },
      { rule: 'species holds numbers', column: 'species', failed: 1, detail: 'it holds categories' },
      { rule: 'bill_length_mm holds numbers', column: 'bill_length_mm', failed: 0 },
      { rule: 'species at most 10% missing', column: 'species', failed: 1, detail: '1 of 6 rows are missing (16.7%)' },
      { rule: 'species at most 20% missing', column: 'species', failed: 0 },
      { rule: 'row count at least 10', failed: 1, detail: 'got 6 rows' },
      { rule: 'row count between 1 and 6', failed: 0 },
      { rule: 'columns are exactly id, island', failed: 1, detail: 'missing: island; not expected: species, bill_length_mm, code' },
      { rule: 'columns include id, code', failed: 0 },
    ]);
    expect(failedRows(failures)[0]).toEqual([null, "island is present: column 'island' is missing", 'island', 1]);
  });

  it('skip rules on a column that a shape rule reports as absent or of another kind', async () => {
    const rules = [
      { kind: 'required', column: 'island' },
      { kind: 'not-null', column: 'island' },
      { kind: 'type', column: 'species', type: 'number' },
      { kind: 'range', column: 'species', min: 0 },
    ];
    expect(() => schemaOf(rules)).not.toThrow();
    const { failures } = await run(rules);
    expect(countsOf(failures)).toEqual([['island is present', 1], ['species holds numbers', 1]]);
  });

  it('pass an empty table and an empty rule list', async () => {
    const empty = makeTable({ x: [] as number[], s: [] as string[] });
    const { failures, logs } = await run([{ kind: 'not-null', column: 'x' }, { kind: 'unique', column: 'x' }, { kind: 'max-missing', column: 'x', percent: 0 }], 'fail-run', { kind: 'table', table: empty });
    expect(failures.checks!.map((c) => c.failed)).toEqual([0, 0, 0]);
    expect(failures.table.rowCount).toBe(0);
    expect(logs).toEqual(['Validate: all 3 rules passed on 0 rows.']);
    expect(rowsIn((await run([])).data)).toBe(6);
  });

  it('say that a Validate without rules checked nothing yet and how to add one, not that all 0 rules passed', async () => {
    const { logs } = await run([]);
    expect(logs).toEqual(['Validate: no rules yet, so the 6 rows went through unchecked. Add a rule in its settings (+ Add rule) to check them.']);
    const split: SplitValue = { kind: 'split', train: penguins, test: makeTable({ id: ['p9'] }), fitted: [] };
    expect((await run([], 'fail-run', split)).logs).toEqual([
      'Validate (train rows): no rules yet, so the 6 rows went through unchecked. Add a rule in its settings (+ Add rule) to check them.',
      'Validate (test rows): no rules yet, so the 1 row went through unchecked. Add a rule in its settings (+ Add rule) to check them.',
    ]);
  });

  it('count one rule and one row in the singular', async () => {
    const { logs } = await run([{ kind: 'not-null', column: 'x' }], 'fail-run', { kind: 'table', table: makeTable({ x: [1] }) });
    expect(logs).toEqual(['Validate: the 1 rule passed on 1 row.']);
  });
});

describe('Validate modes', () => {
  const rules = [{ kind: 'range', column: 'bill_length_mm', min: 30, max: 60 }, { kind: 'not-null', column: 'species' }];

  it('fail the run, listing each broken rule with counts and the first rows and values', async () => {
    await expect(run(rules, 'fail-run')).rejects.toThrow(
      'Validate: 2 of 2 rules failed on 6 rows. Rule 1 (bill_length_mm between 30 and 60): 2 of 6 rows fail, e.g. row 2 (61.5), row 4 (25). ' +
        "Rule 2 (species is not missing): 1 of 6 rows fail, e.g. row 5 (missing). Fix the data upstream, change the rules, or set 'When a rule fails' to Warn or Drop rows.",
    );
  });

  it('drop the failing rows and say how many', async () => {
    const { data, failures, logs } = await run(rules, 'drop-rows');
    expect(data.kind === 'table' && sampleRows(data.table, 10).map((r) => r[0])).toEqual(['p1', 'p3', 'p5']);
    expect(failures.table.rowCount).toBe(3);
    expect(logs).toEqual(['Validate: dropped 3 of 6 rows that broke a rule.']);
  });

  it('refuse to drop rows for a broken table-wide rule', async () => {
    await expect(run([...rules, { kind: 'row-count', min: 100 }], 'drop-rows')).rejects.toThrow(
      'Validate: 1 of 3 rules failed on 6 rows. Rule 3 (row count at least 100): got 6 rows. Dropping rows cannot fix a table-wide rule.',
    );
  });

  it('warn: pass every row and log each broken rule', async () => {
    const { data, logs } = await run(rules, 'warn');
    expect(rowsIn(data)).toBe(6);
    expect(logs).toEqual([
      'Validate, warning: Rule 1 (bill_length_mm between 30 and 60): 2 of 6 rows fail, e.g. row 2 (61.5), row 4 (25).',
      'Validate, warning: Rule 2 (species is not missing): 1 of 6 rows fail, e.g. row 5 (missing).',
    ]);
  });

  it('check both sides of a split, numbering rows per side, and keep the fitted steps', async () => {
    const split: SplitValue = { kind: 'split', train: penguins, test: makeTable({ id: ['q'], species: [null], bill_length_mm: [70], code: ['ZZ-9'] }), fitted: [{ type: 'x', version: 1, state: {} }] };
    const { data, failures, logs } = await run(rules, 'drop-rows', split);
    expect(data.kind === 'split' && [data.train.rowCount, data.test.rowCount, data.fitted.length]).toEqual([3, 0, 1]);
    expect(failedRows(failures)).toEqual([
      ['train', 2, 'bill_length_mm between 30 and 60', 'bill_length_mm'],
      ['train', 4, 'bill_length_mm between 30 and 60', 'bill_length_mm'],
      ['train', 5, 'species is not missing', 'species'],
      ['test', 1, 'bill_length_mm between 30 and 60', 'bill_length_mm'],
      ['test', 1, 'species is not missing', 'species'],
    ]);
    expect(failures.checks!.filter((c) => c.side === 'test').map((c) => c.failed)).toEqual([1, 1]);
    expect(logs).toEqual(['Validate (train rows): dropped 3 of 6 rows that broke a rule.', 'Validate (test rows): dropped 1 of 1 rows that broke a rule.']);
    await expect(run(rules, 'fail-run', split)).rejects.toThrow(/on 6 rows \(train rows\)\. .* 2 of 2 rules failed on 1 rows \(test rows\)\. Rule 1/);
    const failuresSchema = schemaOf(rules, { kind: 'split', schema: tableSchema(penguins) }).failures;
    expect(failuresSchema.kind === 'table' && failuresSchema.schema.columns.map((c) => c.name).slice(0, 6)).toEqual(['side', 'row', 'rule', 'column', 'failed', 'id']);
  });

  it('cap the failing rows shown, sharing them across broken rules', async () => {
    const n = 5000;
    const table: Table = makeTable({ x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, () => null) });
    const { failures } = await run([{ kind: 'range', column: 'x', max: -1 }, { kind: 'not-null', column: 'y' }], 'warn', { kind: 'table', table });
    expect(failures.table.rowCount).toBe(1000);
    expect(countsOf(failures)).toEqual([['x at most -1', 5000], ['y is not missing', 5000]]);
    expect(sampleRows(failures.table, 1000)[500].slice(0, 2)).toEqual([1, 'y is not missing']);
  });

  it('keep the per-rule counts through storage and into the run summary', async () => {
    const { failures } = await run(rules);
    const stored = decodePortValue(encodePortValue(failures));
    expect(summarizePortValue(stored)).toMatchObject({ kind: 'table', rows: 3, checks: [{ rule: 'bill_length_mm between 30 and 60', failed: 2 }, { rule: 'species is not missing', failed: 1 }] });
  });
});

describe('Validate edit-time checks', () => {
  const cases: [Rules, string][] = [
    [[{ kind: 'not-null', column: 'bill' }], "Validate, Rule 1 (bill is not missing): column 'bill' was not found. Available columns: id, species, bill_length_mm, code. Pick another column, or add a 'Column is present' rule to report its absence instead."],
    [[{ kind: 'unique', column: 'id' }, { kind: 'range', column: 'species', min: 1 }], "Validate, Rule 2 (species at least 1): column 'species' holds categories, but this rule checks numbers. Use an Allowed values or Pattern rule for categories, or cast the column to numbers first."],
    [[{ kind: 'pattern', column: 'bill_length_mm', pattern: '\\d+' }], "Validate, Rule 1 (bill_length_mm matches \\d+): column 'bill_length_mm' holds numbers, but this rule checks categories."],
    [[{ kind: 'pattern', column: 'code', pattern: '([A-Z]+' }], "Validate, Rule 1 (code matches ([A-Z]+): '([A-Z]+' is not a valid pattern: missing closing ): `([A-Z]+`."],
    [[{ kind: 'pattern', column: 'code', pattern: '' }], 'Validate, Rule 1 (code matches (none yet)): the pattern is empty.'],
    [[{ kind: 'range', column: 'bill_length_mm' }], 'Rule 1 (bill_length_mm within (none yet)): give at least one bound (at least, at most, or both).'],
    [[{ kind: 'range', column: 'bill_length_mm', min: 60, max: 30 }], 'the lower bound 60 is above the upper bound 30. Swap them.'],
    [[{ kind: 'row-count', min: 5, max: 2 }], 'Validate, Rule 1 (row count between 5 and 2): the lower bound 5 is above the upper bound 2.'],
    [[{ kind: 'allowed-values', column: 'species' }], 'Rule 1 (species in ((none yet))): no values are allowed yet. Tick the values the column may hold.'],
    [[{ kind: 'expected-columns' }], 'Rule 1 (columns include (none yet)): no columns are listed.'],
    [[{ kind: 'max-missing', column: 'island' }], "Rule 1 (island at most 5% missing): column 'island' was not found."],
  ];
  for (const [rules, message] of cases) {
    it(`refuses ${JSON.stringify(rules.at(-1))}`, () => {
      expect(() => schemaOf(rules)).toThrow(message);
    });
  }

  it('passes the input schema through, and checks the same at run time', async () => {
    const input: PortSchema = { kind: 'table', schema: tableSchema(penguins) };
    expect(schemaOf([{ kind: 'unique', column: 'id' }], input).data).toEqual(input);
    await expect(run([{ kind: 'range', column: 'species', min: 1 }])).rejects.toThrow("column 'species' holds categories");
    expect(() => validate.outputSchema({}, validate.params.parse({}), createTestContext())).toThrow("Validate: connect a table or a split to the 'data' input.");
  });

  it('refuses a pattern over the length cap', () => {
    expect(() => schemaOf([{ kind: 'pattern', column: 'code', pattern: 'a'.repeat(501) }])).toThrow('the pattern is 501 characters long; the limit is 500. Shorten it.');
  });
});
