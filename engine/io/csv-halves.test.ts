import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../table';
import { parseCsv } from './csv';
import { parseCsvInHalves, parseHalves } from './csv-halves';
import { parseDatasetBytes, parseDatasetBytesSync } from './dataset';

const encode = (text: string) => new TextEncoder().encode(text);

/** toEqual for large tables: each column's bytes compared at once (an element-wise deep equal of 300k-row columns takes seconds). */
function expectSameTable(actual: Table, expected: Table) {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.columns.map((c) => [c.name, c.kind])).toEqual(expected.columns.map((c) => [c.name, c.kind]));
  const bytesOf = (c: Column) => Buffer.from((c.kind === 'category' ? c.codes : c.values).slice().buffer);
  actual.columns.forEach((column, i) => {
    const other = expected.columns[i]!;
    expect(bytesOf(column).equals(bytesOf(other))).toBe(true);
    if (column.kind === 'category' && other.kind === 'category') expect(column.dictionary).toEqual(other.dictionary);
  });
}

/** `rows` lines after the header; `line(i)` writes row i. */
function csv(header: string, rows: number, line: (i: number) => string, newline = '\n'): Uint8Array {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(line(i));
  return encode(lines.join(newline) + newline);
}

describe('parsing a CSV in two halves', () => {
  it('gives the one-pass table: numbers end to end, new categories of the second half appended in order of appearance', async () => {
    // "late-<k>" values appear only past the middle (first late-1, at row 2500); every 7th x is missing, every 11th label quoted with a comma.
    const bytes = csv('x,label,y', 4000, (i) => `${i % 7 === 0 ? '' : i * 0.5},${i % 11 === 0 ? '"a, b"' : i < 2500 ? `c${i % 5}` : `late-${i % 3}`},${-i}`, '\r\n');
    const halves = await parseHalves(bytes);
    expect(halves).toBeDefined();
    expect(halves).toEqual(parseCsv(bytes));
    const label = halves!.columns[1]!;
    expect(label.kind === 'category' && label.dictionary.slice(-3)).toEqual(['late-1', 'late-2', 'late-0']);
  });

  it('gives the one-pass table when the rows it estimated from each half’s first MB are far fewer or far more than there are', async () => {
    // Short rows then long ones in each half: the estimate from a half's first MB is ~4× too high or too low.
    const longFirst = csv('x,text', 120_000, (i) => `${i},${i % 60_000 < 15_000 ? 'a'.repeat(60) : 'b'}`);
    const shortFirst = csv('x,text', 120_000, (i) => `${i},${i % 60_000 < 15_000 ? 'b' : 'a'.repeat(60)}`);
    for (const bytes of [longFirst, shortFirst]) {
      const halves = await parseHalves(bytes);
      expect(halves).toBeDefined();
      expectSameTable(halves!, parseCsv(bytes));
    }
  });

  it('reads a column with no value in one half as the missing cells of the other half’s categories', async () => {
    const bytes = csv('id,note', 2000, (i) => `${i},${i < 1500 ? '' : `n${i % 4}`}`);
    const halves = await parseHalves(bytes);
    expect(halves).toBeDefined();
    expect(halves).toEqual(parseCsv(bytes));
    expect(halves!.columns[1]!.kind).toBe('category');
  });

  it('parses in one pass when a column holds numbers in one half and text in the other, keeping the numbers’ spelling', async () => {
    const bytes = csv('id,code', 2000, (i) => `${i},${i < 1500 ? `00${i}` : `z${i}`}`);
    expect(await parseHalves(bytes)).toBeUndefined();
    const table = await parseCsvInHalves(bytes);
    expect(table).toEqual(parseCsv(bytes));
    const code = table.columns[1]!;
    expect(code.kind === 'category' && code.dictionary[0]).toBe('000');
  });

  it('does not split inside a quoted value that runs across the middle', async () => {
    // One long quoted value with line breaks fills the middle of the file.
    const body = Array.from({ length: 400 }, (_, i) => `${i},"plain"`);
    body.splice(200, 0, `200.5,"${Array.from({ length: 300 }, (_, k) => `line ${k}`).join('\n')}"`);
    const bytes = encode(['n,text', ...body].join('\n') + '\n');
    const table = await parseCsvInHalves(bytes);
    expect(table).toEqual(parseCsv(bytes));
    expect(table.rowCount).toBe(401);
  });

  it('reports a malformed row past the middle with its line number in the whole file, as one pass does', async () => {
    const bytes = csv('a,b', 3000, (i) => (i === 2600 ? '1,2,3' : `${i},${i}`));
    expect(() => parseCsv(bytes)).toThrow(/Line 2602 has more values/);
    await expect(parseCsvInHalves(bytes)).rejects.toThrow(/Line 2602 has more values/);
  });

  it('parses in one pass when bytes that are not UTF-8 could make two spellings read alike', async () => {
    // A Latin-1 export: é (0xE9) in the first half, è (0xE8) in the second; both decode to "caf\uFFFD".
    const text = csv('id,place', 2000, (i) => `${i},caf${i < 1500 ? '\u00e9' : '\u00e8'}`);
    const bytes = Uint8Array.from(new TextDecoder().decode(text), (ch) => ch.charCodeAt(0));
    expect(await parseHalves(bytes)).toBeUndefined();
    const table = await parseCsvInHalves(bytes);
    expect(table).toEqual(parseCsv(bytes));
    const place = table.columns[1]!;
    expect(place.kind === 'category' && place.dictionary.length).toBe(2);
  });

  it('keeps a byte-order mark inside a value, so it stays apart from the same value without one in either half', async () => {
    const bytes = csv('id,tag', 2000, (i) => `${i},${i === 1800 ? '\ufeffx' : 'x'}`);
    const halves = await parseHalves(bytes);
    expect(halves).toEqual(parseCsv(bytes));
    const tag = halves!.columns[1]!;
    expect(tag.kind === 'category' && tag.dictionary).toEqual(['x', '\ufeffx']);
  });

  it('keeps columns asked for as text as text in both halves', async () => {
    const bytes = csv('zip,v', 3000, (i) => `0${1000 + i},${i}`);
    const halves = await parseHalves(bytes, { textColumns: new Set(['zip']) });
    expect(halves).toEqual(parseCsv(bytes, { textColumns: new Set(['zip']) }));
    const zip = halves!.columns[0]!;
    expect(zip.kind === 'category' && zip.dictionary[0]).toBe('01000');
  });

  it('is what parseDatasetBytes does from 8 MB, with the same table as the one-pass reader', async () => {
    const bytes = csv('x0,x1,x2,region,flag', 300_000, (i) => `${i * 0.25},${(i * 7919) % 1000},${i % 13 === 0 ? 'NA' : i / 3},r${i % 17},${i % 2 ? 'yes' : 'no'}`);
    expect(bytes.length).toBeGreaterThan(8 * 2 ** 20);
    expect(await parseHalves(bytes)).toBeDefined();
    expectSameTable(await parseDatasetBytes(bytes, { format: 'csv' }), parseDatasetBytesSync(bytes, { format: 'csv' }));
  });
});
