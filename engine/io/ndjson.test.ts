import { describe, expect, it } from 'vitest';
import { sampleRows } from '../table-ops';
import { userErrorOf } from '../testing/errors';
import { parseDatasetBytesSync } from './dataset';

const parse = (text: string, fileName = 'rows.ndjson') => parseDatasetBytesSync(new TextEncoder().encode(text), { fileName });
const errorOf = (text: string) => userErrorOf(() => parse(text));

describe('NDJSON', () => {
  it('reads one record per line, skipping blank lines, with dates inferred', () => {
    const table = parse('{"a": 1, "when": "2024-01-31"}\r\n\n{"b": "x", "when": null}\n{"a": 2.5, "__proto__": "p"}');
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([['a', 'number'], ['when', 'date'], ['b', 'category'], ['__proto__', 'category']]);
    expect(sampleRows(table, 3)).toEqual([
      [1, '2024-01-31', null, null],
      [null, null, 'x', null],
      [2.5, null, null, 'p'],
    ]);
  });

  it('is detected from the content when the extension says nothing, or says .json', () => {
    expect(parseDatasetBytesSync(new TextEncoder().encode('{"a":1}\n{"a":2}\n')).rowCount).toBe(2);
    expect(parse('{"a":1}\n{"a":2}\n', 'lines.json').rowCount).toBe(2);
    // A single pretty-printed object is still JSON, and told that it is not an array of records.
    expect(() => parse('{\n  "a": 1\n}\n', 'object.json')).toThrow('The JSON file holds a nested object, not an array of records.');
  });

  it('names the line of a broken record', () => {
    expect(errorOf('{"a": 1}\n\n{"a": 2,}\n')).toMatch(/^Line 3 is not valid JSON \(.+\)\. Each line must hold one complete record such as \{"a": 1\}; check for a missing quote, comma or brace\.$/);
    expect(errorOf('{"a": 1}\n[1, 2]\n')).toBe('Line 2 is not an object with named fields (found a list). Each line must look like {"column": value, ...}.');
    expect(errorOf('{"a": 1}\n\n{"a": {"b": 2}}\n')).toBe("Line 3, field 'a' holds a nested object; only numbers, text, true/false and null are supported. Flatten nested values into separate fields.");
    expect(errorOf('{"a": 1}\n{"": 2}\n')).toBe('Line 2 has a field with an empty name. Give every field a name.');
    expect(errorOf('\n \n')).toBe('The NDJSON file is empty. Upload one record per line, such as {"a": 1, "b": "x"}.');
  });

  it('refuses NUL bytes, naming line and character', () => {
    expect(errorOf('{"a": 1}\n{"a": "x\0"}\n')).toBe('Line 2, character 9: the file contains NUL bytes: it is probably binary or UTF-16; save it as UTF-8 NDJSON.');
  });
});
