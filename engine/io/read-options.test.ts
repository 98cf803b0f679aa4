import { describe, expect, it } from 'vitest';
import { sampleRows, tableSchema } from '../table-ops';
import { parseDatasetBytesSync, type ParseOptions } from './dataset';
import { blankRecordTokens, readSchema } from './read-options';

const csv = 'id,score,when,code,note\n1,?,2024-01-31,007,a\n2,3.5,.,12,-999\n3,-999,2024-02-01,x1,b\n';
const parse = (options: ParseOptions = {}) => parseDatasetBytesSync(new TextEncoder().encode(csv), { fileName: 'f.csv', ...options });

describe('read options', () => {
  it('reads extra missing tokens, re-detecting the columns they were hiding', () => {
    const plain = parse();
    expect(plain.columns.map((c) => c.kind)).toEqual(['number', 'category', 'category', 'category', 'category']);
    const table = parse({ missingTokens: ['?', '.', '-999'] });
    expect(table.columns.map((c) => c.kind)).toEqual(['number', 'number', 'date', 'category', 'category']);
    expect(sampleRows(table, 3)).toEqual([
      [1, null, '2024-01-31', '007', 'a'],
      [2, 3.5, null, '12', null],
      [3, null, '2024-02-01', 'x1', 'b'],
    ]);
  });

  it('gives the edit-time schema the same kinds as the read, from the stored schema', () => {
    const options = { missingTokens: ['?', '.', '-999'], types: { id: 'category', note: 'skip' } } as const;
    const stored = tableSchema(parse());
    expect(readSchema(stored, options).columns.map((c) => [c.name, c.kind])).toEqual(tableSchema(parse(options)).columns.map((c) => [c.name, c.kind]));
  });

  it('applies type overrides; unreadable values become missing and are counted', () => {
    const notes: string[] = [];
    const table = parse({ types: { code: 'number', id: 'category', note: 'skip', when: 'date' }, onNote: (line) => notes.push(line) });
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([['id', 'category'], ['score', 'category'], ['when', 'date'], ['code', 'number']]);
    expect(sampleRows(table, 3).map((r) => [r[0], r[2], r[3]])).toEqual([['1', '2024-01-31', 7], ['2', null, 12], ['3', '2024-02-01', null]]);
    expect(notes).toEqual([
      "Dataset: 1 value of 'code' is not a number (e.g. 'x1') and became missing. Clean them up first (e.g. with Impute or a Filter) if they should count.",
      "Dataset: 1 value of 'when' is not a date (e.g. '.') and became missing. Clean them up first (e.g. with Impute or a Filter) if they should count.",
    ]);
  });

  it('keeps the spelling of numbers read as categories when the file is parsed with the override', () => {
    const table = parseDatasetBytesSync(new TextEncoder().encode('zip,n\n02134,1\n10001,2\n'), { types: { zip: 'category' } });
    expect(sampleRows(table, 2)).toEqual([['02134', 1], ['10001', 2]]);
  });

  it('refuses an override for a column the file lacks, listing those it has', () => {
    expect(() => parse({ types: { scroe: 'number' } })).toThrow("Dataset: a type is set for column 'scroe', which the file does not have. Available columns: id, score, when, code, note. Remove the override or pick a column that exists.");
  });
});

describe('blankRecordTokens', () => {
  const schema = (missingTokens: string[], columns: { name: string; kind: 'number' | 'category'; categories?: string[] }[]) => ({ columns, missingTokens });
  const columns = [
    { name: 'sex', kind: 'category' as const, categories: ['FEMALE', 'MALE'] },
    { name: 'mass', kind: 'number' as const },
    { name: 'island', kind: 'category' as const, categories: ['Dream', 'NA'] },
    { name: 'depth', kind: 'number' as const },
  ];

  it('reads a record\'s token texts (trimmed) and numbers equal to a numeric token as null, as the file\'s cells were', () => {
    const records = [{ sex: ' . ', mass: -999, island: 'Dream', depth: 18.5 }, { sex: 'MALE', mass: 4200, island: '?', depth: null }, 'not a record'];
    expect(blankRecordTokens(records, schema(['.', '?', '-999'], columns))).toEqual([
      { sex: null, mass: null, island: 'Dream', depth: 18.5 },
      { sex: 'MALE', mass: 4200, island: null, depth: null },
      'not a record',
    ]);
    expect(blankRecordTokens(records, schema([], columns))).toEqual(records);
  });

  it('reads an empty text or a spelling like NA as null in a text column, unless the column\'s training values hold it', () => {
    const records = [{ sex: '', island: 'NA', mass: 1 }, { sex: 'NA', island: ' ', mass: 2 }, { sex: 'None', island: 'null', mass: 3 }];
    expect(blankRecordTokens(records, schema([], columns))).toEqual([
      { sex: null, island: 'NA', mass: 1 },
      { sex: null, island: null, mass: 2 },
      { sex: null, island: null, mass: 3 },
    ]);
  });

  it('keeps a "__proto__" key a key', () => {
    const [record] = blankRecordTokens([JSON.parse('{"__proto__": "?", "a": 1}')], schema(['?'], [])) as Record<string, unknown>[];
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.entries(record!)).toEqual([['__proto__', null], ['a', 1]]);
  });
});
