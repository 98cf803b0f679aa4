import { describe, expect, it } from 'vitest';
import { createRandom } from '../kernels/random';
import type { Table } from '../table';
import type { ByteSource } from './chunk-reader';
import { parseCsv } from './csv';

/**
 * The plain-row kernel (plain-rows.ts) reads most rows and hands the rest to the general reader, so a
 * file mixing both must read as its text says, cell for cell, whole or streamed in chunks that cut rows
 * and windows anywhere. The expected values come from the text, not from another run of the reader.
 */
const NUMBER_CELLS: ((r: () => number) => [text: string, value: number])[] = [
  (r) => numeric(String(Math.floor(r() * 100000))),
  (r) => numeric((Math.round(r() * 2e8 - 1e8) / 1000).toString()),
  (r) => numeric(`-${Math.floor(r() * 1000)}.${String(Math.floor(r() * 1e6)).padStart(6, '0')}`),
  (r) => numeric(String(Math.floor(r() * 1e15)).padStart(15, '9')), // 15 digits: the exact fast path
  (r) => numeric(`1${String(Math.floor(r() * 1e15)).padStart(16, '7')}`), // 17 digits: the general path
  (r) => numeric(`0.${'0'.repeat(Math.floor(r() * 25))}3`), // up to 26 decimals
  () => numeric('-0'),
  () => numeric('.5'),
  () => numeric('5.'),
  () => numeric('1e5'),
  () => numeric(' 42 '),
  () => ['"3.25"', 3.25],
  () => ['', NaN],
  () => ['NA', NaN],
  () => ['null', NaN],
];
const numeric = (text: string): [string, number] => [text, Number(text)];

const TEXT_CELLS: ((r: () => number) => [text: string, value: string | null])[] = [
  (r) => same(['north', 'south', 'east', 'west'][Math.floor(r() * 4)]!),
  (r) => same(`city ${Math.floor(r() * 500)}`), // many values: the dictionary grows while rows are read
  (r) => same(`a longer value ${Math.floor(r() * 50)}`), // past eight bytes: compared a word at a time
  () => same('ünïcödé'),
  () => same('x'.repeat(40)),
  () => same('say "hi"'), // a quote inside an unquoted value is text
  () => [' padded ', 'padded'],
  () => ['" padded "', ' padded '], // quoted blanks are kept: a different value from the trimmed one
  () => ['" NA"', ' NA'],
  () => [' NA', null],
  () => ['"a, quoted"', 'a, quoted'],
  () => ['"two\nlines"', 'two\nlines'],
  () => ['"esc ""q"""', 'esc "q"'],
  () => ['', null],
  () => ['NA', null],
  () => same('NAN?'),
  () => same('12'), // digits in a text column stay text
];
const same = (text: string): [string, string] => [text, text];

type Expected = { numbers: number[][]; texts: (string | null)[][] };

/** A CSV of random cells: `numberColumns` number columns then text columns, whose first row is plain text. */
function generate(seed: number, rows: number, numberColumns: number, textColumns: number) {
  const r = createRandom(seed);
  const pick = <T,>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const names = [...Array.from({ length: numberColumns }, (_, i) => `n${i}`), ...Array.from({ length: textColumns }, (_, i) => `t${i}`)];
  const expected: Expected = { numbers: names.slice(0, numberColumns).map(() => []), texts: names.slice(numberColumns).map(() => []) };
  // Plain rows dominate, in runs, as in real files; the rest use every other cell shape.
  const plainShare = r() < 0.5 ? 0.97 : 0.6;
  let text = names.join(',') + '\n';
  for (let row = 0; row < rows; row++) {
    const plain = row === 0 || r() < plainShare;
    const cells: string[] = [];
    for (let c = 0; c < numberColumns; c++) {
      const [cell, value] = plain ? pick(NUMBER_CELLS.slice(0, 3))(r) : pick(NUMBER_CELLS)(r);
      cells.push(cell);
      expected.numbers[c]!.push(value);
    }
    for (let c = 0; c < textColumns; c++) {
      const [cell, value] = plain || row === 0 ? pick(TEXT_CELLS.slice(0, 3))(r) : pick(TEXT_CELLS)(r);
      cells.push(cell);
      expected.texts[c]!.push(value);
    }
    text += cells.join(',') + (r() < 0.1 ? '\r\n' : '\n');
    if (!plain && r() < 0.1) text += '\n'; // a blank line
  }
  if (r() < 0.5) text = text.slice(0, -1); // no final line end
  return { bytes: new TextEncoder().encode(text), expected };
}

/** Each text column's dictionary: its values once each, in the order they first appear. */
function expectDictionaries(table: Table, expected: Expected) {
  const numberColumns = expected.numbers.length;
  expected.texts.forEach((values, i) => {
    const column = table.columns[numberColumns + i]!;
    expect(column.kind === 'category' && column.dictionary).toEqual([...new Set(values.filter((v) => v !== null))]);
  });
}

function read(table: Table, numberColumns: number): Expected {
  return {
    numbers: table.columns.slice(0, numberColumns).map((column) => (column.kind === 'number' ? Array.from(column.values) : [])),
    texts: table.columns.slice(numberColumns).map((column) => (column.kind === 'category' ? Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]!)) : [])),
  };
}

function sourceOf(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(target, offset, length, position) {
      const n = Math.min(length, bytes.length - position);
      target.set(bytes.subarray(position, position + n), offset);
      return n;
    },
  };
}

describe('plain rows on WebAssembly beside the general reader', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('reads every cell as its text says (seed %i), whole and streamed', (seed) => {
    const { bytes, expected } = generate(seed, seed % 2 === 0 ? 3000 : 300, 1 + (seed % 4), 1 + (seed % 3));
    const numberColumns = expected.numbers.length;
    const whole = parseCsv(bytes);
    expect(read(whole, numberColumns)).toEqual(expected);
    expectDictionaries(whole, expected);
    for (const chunkBytes of [7, 1000, 70_000]) {
      const streamed = parseCsv(sourceOf(bytes), { chunkBytes });
      expect(read(streamed, numberColumns), `chunks of ${chunkBytes} bytes`).toEqual(expected);
      expectDictionaries(streamed, expected);
    }
  });

  it('keeps first-seen order past the values the kernel mirrors, and for more text columns than it mirrors', () => {
    const columns = 70;
    const names = Array.from({ length: columns }, (_, c) => `t${c}`);
    const rows = Array.from({ length: 3000 }, (_, r) => names.map((_, c) => (c === 0 ? `id-${(r * 7919) % 2500}` : `v${(r + c) % 5}`)).join(','));
    const table = parseCsv(new TextEncoder().encode(`${names.join(',')}\n${rows.join('\n')}\n`));
    const ids = table.columns[0]!;
    const expected = Array.from({ length: 3000 }, (_, r) => `id-${(r * 7919) % 2500}`);
    expect(ids.kind === 'category' && Array.from(ids.codes, (code) => ids.dictionary[code])).toEqual(expected);
    expect(ids.kind === 'category' && ids.dictionary).toEqual([...new Set(expected)]);
    const lastColumn = table.columns[columns - 1]!;
    expect(lastColumn.kind === 'category' && Array.from(lastColumn.codes.subarray(0, 6), (code) => lastColumn.dictionary[code])).toEqual(['v4', 'v0', 'v1', 'v2', 'v3', 'v4']);
    expect(lastColumn.kind === 'category' && lastColumn.dictionary).toEqual(['v4', 'v0', 'v1', 'v2', 'v3']);
  });

  it('trims an unquoted padded value the kernel would otherwise find among the quoted values before it', () => {
    const table = parseCsv(new TextEncoder().encode('a\n" x"\ny\n x\nx \n" x"\n'));
    const a = table.columns[0]!;
    expect(a.kind === 'category' && a.dictionary).toEqual([' x', 'y', 'x']);
    expect(a.kind === 'category' && Array.from(a.codes)).toEqual([0, 1, 2, 2, 0]);
  });

  it('reads -0 as negative zero and an empty cell as missing, as the general reader does', () => {
    const table = parseCsv(new TextEncoder().encode('a,b\n-0,x\n,y\n1.5,\n'));
    const a = table.columns[0]!;
    expect(a.kind === 'number' && Object.is(a.values[0], -0)).toBe(true);
    expect(a.kind === 'number' && Number.isNaN(a.values[1])).toBe(true);
    const b = table.columns[1]!;
    expect(b.kind === 'category' && Array.from(b.codes)).toEqual([0, 1, -1]);
  });

  it('reads a row longer than the largest window through the general reader', () => {
    const long = 'y'.repeat(600_000);
    const table = parseCsv(new TextEncoder().encode(`a,b\n1,x\n2,${long}\n3,z\n`));
    const b = table.columns[1]!;
    expect(b.kind === 'category' && Array.from(b.codes, (code) => b.dictionary[code])).toEqual(['x', long, 'z']);
  });
});
