import { describe, expect, it } from 'vitest';
import { sampleRows } from '../table-ops';
import { parseDatasetBytesSync } from './dataset';

const parse = (value: unknown) => parseDatasetBytesSync(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)), { format: 'json' });

describe('parseJsonRecords', () => {
  it('builds columns in first-seen key order, filling absent keys as missing', () => {
    const table = parse([{ a: 1, b: 'x' }, { b: 'y', c: true }, { a: null, __proto__x: 1 }]);
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['a', 'number'],
      ['b', 'category'],
      ['c', 'category'],
      ['__proto__x', 'number'],
    ]);
    expect(sampleRows(table, 3)).toEqual([
      [1, 'x', null, null],
      [null, 'y', 'true', null],
      [null, null, null, 1],
    ]);
  });

  it('keeps a "__proto__" key as a column', () => {
    const table = parse('[{"__proto__": "a", "n": 1}]');
    expect(table.columns.map((c) => c.name)).toEqual(['__proto__', 'n']);
  });

  it('turns a column mixing numbers and text into categories', () => {
    expect(sampleRows(parse([{ v: 1 }, { v: 'two' }]), 2)).toEqual([['1'], ['two']]);
  });

  it('refuses what is not an array of flat records', () => {
    expect(() => parse({ a: 1 })).toThrow('The JSON file holds a nested object, not an array of records. Wrap the records in [ ... ], one object per row.');
    expect(() => parse([{ a: { b: 1 } }])).toThrow("Record 1, field 'a' holds a nested object; only numbers, text, true/false and null are supported. Flatten nested values into separate fields.");
    expect(() => parse([1])).toThrow('Record 1 is not an object with named fields (found a number).');
    expect(() => parse('[{"a": 1,}]')).toThrow(/^The file is not valid JSON/);
    expect(() => parse('')).toThrow(/^The JSON file is empty/);
  });

  it('refuses records whose many distinct field names would make a huge sparse table', () => {
    const records = Array.from({ length: 8000 }, (_, i) => ({ [`k${i}`]: 1 }));
    expect(() => parse(records)).toThrow(/8,000 different field names across 8,000 records/);
  });

  it('refuses NUL characters, raw or escaped as \\u0000, naming where they are', () => {
    expect(() => parse('[{"a": 1},\n {"a": "x\0"}]')).toThrow('Line 2, character 10: the file contains NUL bytes: it is probably binary or UTF-16; save it as UTF-8 JSON.');
    expect(() => parse([{ a: 'x' }, { a: 'y\u0000z' }])).toThrow(
      `Record 2, field 'a' ($[1]["a"]) contains a NUL character (\\u0000), which cannot be stored.`,
    );
    expect(() => parse([{ a: 1, 'b\u0000': 2 }])).toThrow('Record 1: the name of field "b\\u0000" ($[0]) contains a NUL character');
  });
});
