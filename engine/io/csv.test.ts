import { describe, expect, it } from 'vitest';
import type { CategoryColumn, NumericColumn } from '../table';
import { sampleRows } from '../table-ops';
import { userErrorOf } from '../testing/errors';
import { countLineEnds, parseCsv } from './csv';
import { parseDatasetBytesSync } from './dataset';

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseCsv(bytes(text));
const errorOf = (text: string) => userErrorOf(() => parse(text));

describe('parseCsv', () => {
  it('infers numeric and category columns and treats missing tokens as missing', () => {
    const table = parse('a,b,c\n1,x,2.5\nNA,y,\n-3e2,,NaN\n');
    expect(table.rowCount).toBe(3);
    expect(table.columns.map((c) => c.kind)).toEqual(['number', 'category', 'number']);
    expect(sampleRows(table, 3)).toEqual([
      [1, 'x', 2.5],
      [null, 'y', null],
      [-300, null, null],
    ]);
  });

  it('handles RFC 4180 quoting, CRLF line ends, a BOM and a missing final newline', () => {
    const table = parse('\uFEFFname,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\nplain,"42"');
    expect(table.columns.map((c) => c.name)).toEqual(['name', 'note']);
    expect(sampleRows(table, 2)).toEqual([
      ['Smith, J', 'said "hi"\r\nthen left'],
      ['plain', '42'],
    ]);
  });

  it('parses numbers exactly like Number()', () => {
    const texts = ['0', '-0.5', '+7', '.25', '5.', '1e-7', '123456789012345678', '0.1', '3.141592653589793', '1E+22', '9007199254740993'];
    const table = parse(`x\n${texts.join('\n')}\n`);
    expect(Array.from((table.columns[0] as NumericColumn).values)).toEqual(texts.map(Number));
  });

  it('re-reads a column as categories when text follows numbers, keeping the original spelling', () => {
    const table = parse('id,v\n1,1.50\n2,007\n3,abc\n');
    const v = table.columns[1] as CategoryColumn;
    expect(v.kind).toBe('category');
    expect(sampleRows(table, 3).map((r) => r[1])).toEqual(['1.50', '007', 'abc']);
  });

  it('skips blank lines and keeps hostile header names as ordinary columns', () => {
    const table = parse('__proto__,constructor\n1,2\n\n3,4\n\n');
    expect(table.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor']);
    expect(table.rowCount).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts bare CR line ends, growing past its LF-based row estimate', () => {
    expect(sampleRows(parse('a,b\r1,x\r2,y\r3,z'), 5)).toEqual([[1, 'x'], [2, 'y'], [3, 'z']]);
  });

  it('reads a trailing comma at the end of the file as a missing last value', () => {
    expect(sampleRows(parse('a,b\n1,'), 1)).toEqual([[1, null]]);
  });

  it('explains malformed files: what, where and how to fix', () => {
    expect(errorOf('')).toBe('The CSV file is empty. Upload a file whose first line names the columns, followed by one line per row.');
    expect(errorOf('a,b\n1,2\n3\n')).toBe('Line 3 has 1 value but the header names 2 columns. Add the missing values (leave a value empty between commas when it is unknown).');
    expect(errorOf('a,b\n1,2,3\n')).toBe('Line 2 has more values than the 2 column names in the header. If a value contains a comma, wrap it in double quotes; otherwise add the missing column name to the first line.');
    expect(errorOf('a,b\n1,"open\n')).toBe('Line 2, column 2: a quoted value starts here but its closing quote (") is missing. Close the quote, or write a quote inside a value as two quotes ("").');
    expect(errorOf('a,b\n"x"y,2\n')).toBe('Line 2, column 1 (\'a\'): unexpected text after a closing quote. Quote the whole value, and write a quote inside it as two quotes ("").');
    expect(errorOf('a,a\n1,2\n')).toBe("Line 1: columns 1 and 2 are both named 'a'. Rename one of them so every column name is unique.");
    expect(errorOf('a,,c\n1,2,3\n')).toBe('Line 1: column 2 has no name. Give every column a name in the first line of the file.');
    expect(errorOf('5.1,3.5\n4.9,3.0\n')).toBe('Line 1 looks like data, not column names (5.1, 3.5). Add a first line that names each column, e.g. "height,weight,species".');
  });

  it('reads a header with no rows under it as a table of its columns and no rows (an upload refuses one, a URL may serve one)', () => {
    for (const text of ['a,b,c\n', 'a,b,c', 'a,b,c\r\n\r\n\n', 'a\tb\tc\n']) {
      const table = parse(text);
      expect([table.rowCount, table.columns.map((c) => c.name)]).toEqual([0, ['a', 'b', 'c']]);
    }
  });

  it('counts lines inside quoted values when reporting errors', () => {
    expect(errorOf('a,b\n"multi\nline",1\n2\n')).toMatch(/^Line 4 has 1 value/);
  });

  it('refuses NUL bytes (binary or UTF-16 files) in the header or a cell, naming line and column', () => {
    const nul = 'the file contains NUL bytes: it is probably binary or UTF-16; save it as UTF-8 CSV.';
    expect(errorOf('a,b\0c\n1,2\n')).toBe(`Line 1, column 2: ${nul}`);
    expect(errorOf('a,b\n1,"x,\ny"\n3,z\0\n')).toBe(`Line 4, column 2: ${nul}`);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('a,b\n1,2\n', (ch) => [ch.charCodeAt(0), 0]).flat()]);
    expect(() => parseCsv(utf16)).toThrow(`Line 1, column 1: ${nul}`);
  });

  it('sniffs the delimiter: tab, semicolon or pipe, ignoring ones inside quotes', () => {
    const tsv = parse('name\tnote\tn\n"Smith, J"\t"a;b|c"\t1\nLee\tx\t2\n');
    expect(tsv.columns.map((c) => c.name)).toEqual(['name', 'note', 'n']);
    expect(sampleRows(tsv, 2)).toEqual([['Smith, J', 'a;b|c', 1], ['Lee', 'x', 2]]);
    expect(sampleRows(parse('a;b\n"1;5";x\n2;y\n'), 2)).toEqual([['1;5', 'x'], ['2', 'y']]);
    expect(sampleRows(parse('a|b\n1|x, y\n2|z\n'), 2)).toEqual([[1, 'x, y'], [2, 'z']]);
    // Commas in the text of a semicolon file do not win: only ';' splits every line alike.
    expect(parse('city;note\nParis;big, old\nRome;old\n').columns.map((c) => c.name)).toEqual(['city', 'note']);
  });

  it('keeps empty cells between tabs as missing', () => {
    expect(sampleRows(parse('a\tb\tc\n1\t\t3\n'), 1)).toEqual([[1, null, 3]]);
  });

  it('explains malformed tab-separated files in terms of tabs', () => {
    expect(errorOf('a\tb\n1\t2\n3\n')).toBe('Line 3 has 1 value but the header names 2 columns. Add the missing values (leave a value empty between tabs when it is unknown).');
    expect(errorOf('a\tb\n1\t2\t3\n')).toMatch(/^Line 2 has more values than the 2 column names in the header\. If a value contains a tab, wrap it in double quotes/);
    expect(errorOf('a\ta\n1\t2\n')).toBe("Line 1: columns 1 and 2 are both named 'a'. Rename one of them so every column name is unique.");
    expect(errorOf('a\t\tc\n1\t2\t3\n')).toBe('Line 1: column 2 has no name. Give every column a name in the first line of the file.');
    expect(errorOf('a\tb\n1\t"open\n')).toMatch(/^Line 2, column 2: a quoted value starts here but its closing quote/);
    expect(errorOf('a\tb\n1\tx\0\n')).toMatch(/^Line 2, column 2: the file contains NUL bytes/);
  });

  it('reads date columns in the layouts people write', () => {
    const table = parseDatasetBytesSync(bytes('iso,dt,us,eu,dotted,named\n2024-01-31,2024-01-31T12:30:00Z,01/31/2024,31/01/2024,31.01.2024,Jan 31 2024\n2024-02-29,2024-02-29 08:00+01:00,02/01/2024,01/02/2024,01.02.2024,"February 1, 2024"\n'));
    expect(table.columns.map((c) => c.kind)).toEqual(['date', 'date', 'date', 'date', 'date', 'date']);
    expect(sampleRows(table, 2)).toEqual([
      ['2024-01-31', '2024-01-31T12:30:00.000Z', '2024-01-31', '2024-01-31', '2024-01-31', '2024-01-31'],
      ['2024-02-29', '2024-02-29T07:00:00.000Z', '2024-02-01', '2024-02-01', '2024-02-01', '2024-02-01'],
    ]);
  });
});

describe('countLineEnds', () => {
  it('counts every LF from any start, whatever the view\'s alignment, past 255 words a lane sum holds', () => {
    // Lines of varied length with CR LF, bare CR and LF bytes next to each other, and 0x8A bytes (LF with the high bit set).
    const text = Array.from({ length: 700 }, (_, i) => `${'x'.repeat(i % 13)}\u008a${i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\r' : '\n\n'}`).join('');
    const all = new TextEncoder().encode(text);
    const naive = (bytes: Uint8Array, from: number) => bytes.subarray(from).filter((b) => b === 10).length;
    for (const offset of [0, 1, 2, 3, 5]) {
      const view = all.subarray(offset);
      for (const from of [0, 1, 7, view.length - 3, view.length]) expect(countLineEnds(view, from)).toBe(naive(view, from));
    }
    expect(countLineEnds(new Uint8Array([10]), 0)).toBe(1);
    expect(countLineEnds(all.subarray(1, 3), 0)).toBe(naive(all.subarray(1, 3), 0));
  });
});
