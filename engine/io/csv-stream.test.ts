import { describe, expect, it } from 'vitest';
import { UserError } from '../define-node';
import type { ByteSource } from './chunk-reader';
import { parseCsv } from './csv';
import { detectFormat, parseDatasetBytes, parseDatasetSource } from './dataset';

/** Streams `bytes` as a file would be read: a position-addressed source, read through chunks. */
function sourceOf(bytes: Uint8Array, reads: number[] = []): ByteSource {
  return {
    size: bytes.length,
    read(target, offset, length, position) {
      reads.push(length);
      const n = Math.min(length, bytes.length - position);
      target.set(bytes.subarray(position, position + n), offset);
      return n;
    },
  };
}

const encode = (text: string) => new TextEncoder().encode(text);
const outcome = (run: () => unknown) => {
  try {
    return { table: run() };
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return { error: (error as Error).message };
  }
};

/** The same table (or the same error message) whether the file is read whole or streamed in chunks of every size given. */
function expectSameStreamed(text: string | Uint8Array, chunkSizes = [4, 5, 7, 8, 13, 64]) {
  const bytes = typeof text === 'string' ? encode(text) : text;
  const whole = outcome(() => parseCsv(bytes));
  for (const chunkBytes of chunkSizes) {
    expect(outcome(() => parseCsv(sourceOf(bytes), { chunkBytes })), `chunks of ${chunkBytes} bytes`).toEqual(whole);
  }
  return whole;
}

describe('parseCsv streamed in chunks', () => {
  it('reads quoted values with delimiters, escaped quotes and line breaks cut anywhere', () => {
    const { table } = expectSameStreamed('name,note,n\n"Smith, J","said ""hi""\nthen ""left""",1\n"",x,2\n"a""","""",3\n');
    expect(table).toBeDefined();
  });

  it('reads CRLF line ends split between chunks, bare CR, blank lines and a missing final newline', () => {
    expectSameStreamed('a,b\r\n1,x\r\n\r\n2,y\r\n3,z');
    expectSameStreamed('a,b\r1,x\r2,y\r\r3,z\r');
    expectSameStreamed('a,b\n1,\n\n  \n2,y\n3,');
  });

  it('reads a BOM and multi-byte UTF-8 split across chunks into the same text', () => {
    const { table } = expectSameStreamed('\uFEFFcity,émoji\nZürich,🙂\n"Kraków, PL",日本語\nZürich,🙂🙂\n');
    expect(JSON.stringify(table)).toContain('Kraków, PL');
  });

  it('re-reads the file when a column meets text after numbers, keeping earlier spellings', () => {
    const { table } = expectSameStreamed(`id,v\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 3 === 0 ? '007' : '1.50'}`).join('\n')}\n41,abc\n`);
    expect(JSON.stringify(table)).toContain('"007"');
  });

  it('reads numbers of every shape cut at every position exactly like the whole file', () => {
    const texts = ['0', '-0.5', '+7', '.25', '5.', '1e-7', '123456789012345678', '0.1', '3.141592653589793', '1E+22', ' 12 ', 'NA', ''];
    expectSameStreamed(`x,y\n${texts.map((t, i) => `${t},${i}`).join('\n')}\n`, [4, 5, 6, 7, 9, 11]);
  });

  it('gives the same messages, with the same line and column numbers, for malformed files', () => {
    const broken = [
      '',
      '  \n\n',
      'a,b\n1,2\n3\n',
      'a,b\n1,2,3\n',
      'a,b\n1,"open\n',
      'a,b\n"x"y,2\n',
      'a,a\n1,2\n',
      'a,,c\n1,2,3\n',
      '5.1,3.5\n4.9,3.0\n',
      'a,b\n"multi\nline",1\n2\n',
      '"a\nb",c\n1\n',
      '"unclosed,b\n1,2\n',
      'a,b\n1,2\n3,4,',
      // A CR LF split between chunks must count as one line end, or later line numbers drift.
      'a,b\r\n1,x\r\n\r\n2,y\r\n3\r\n4,z\r\n',
      'a,b\r\n\r\n\r\n"1\r\n2",x\r\n2,y,\r\n',
    ];
    for (const text of broken) expect(expectSameStreamed(text, [4, 5, 6, 7, 8, 9, 10, 11]).error, JSON.stringify(text)).toBeDefined();
  });

  it('reports a NUL byte wherever it is, even after another error, as a whole-file read does', () => {
    expectSameStreamed('a,b\0c\n1,2\n');
    expectSameStreamed('a,b\n1,"x,\ny"\n3,z\0\n');
    expectSameStreamed('a,b\n1,2,3\n4,5\n6,7\n8,9\0\n');
    expectSameStreamed(new Uint8Array([0xff, 0xfe, ...Array.from('a,b\n1,2\n', (ch) => [ch.charCodeAt(0), 0]).flat()]));
  });

  it('sniffs the delimiter from the same first lines as a whole-file read', () => {
    expectSameStreamed('name\tnote\tn\n"Smith, J"\t"a;b|c"\t1\nLee\tx\t2\n');
    expectSameStreamed('city;note\nParis;big, old\nRome;old\n');
  });

  it('reads a larger generated file through a buffer far smaller than it, growing its columns past a low row estimate', () => {
    // Short rows first, long rows later: the estimate from the first chunk is far too low.
    const rows = Array.from({ length: 3000 }, (_, i) => (i < 100 ? `${i},${i % 7},a` : `${i},${(i * 1.37).toFixed(2)},"k${i % 97}, ${'x'.repeat(i % 50)}"`));
    const bytes = encode(`id,x,label\n${rows.join('\n')}\n`);
    const reads: number[] = [];
    expect(parseCsv(sourceOf(bytes, reads), { chunkBytes: 1024 })).toEqual(parseCsv(bytes));
    // Beyond the chunks, one read of the first 64 KB for the delimiter sniffer.
    expect(reads.filter((length) => length > 1024)).toHaveLength(1);
  });

  it('grows its buffer for a row longer than a chunk', () => {
    expectSameStreamed(`a,b\n1,"${'long value '.repeat(20)}"\n2,x\n`, [8, 16]);
  });

  it('reports progress through the file, and on past it when a second pass is needed', () => {
    const bytes = encode(`id,v\n${Array.from({ length: 50 }, (_, i) => `${i},${i}`).join('\n')}\n51,text\n`);
    const seen: [number, number][] = [];
    parseCsv(sourceOf(bytes), { chunkBytes: 64, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.at(-1)).toEqual([2 * bytes.length, 2 * bytes.length]);
    expect(seen.some(([done, total]) => total === bytes.length && done > 0 && done < bytes.length)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
  });
});

describe('parseDatasetSource', () => {
  it('streams CSV and TSV and reads other formats whole, giving the tables parseDatasetBytes gives', async () => {
    const files: [string, string][] = [
      ['weather.tsv', 'day\ttemp\tsky\n2024-01-31\t3.5\tsun\n2024-02-01\t\train\n'],
      ['plain.csv', 'id,zip\n1,02134\n2,10001\n'],
      ['events.ndjson', '{"id": 1, "at": "2024-01-31T12:00:00Z"}\n{"id": 2, "at": null}\n'],
      ['rows.json', '[{"a": 1, "b": "x"}, {"a": 2, "b": null}]'],
    ];
    for (const [fileName, text] of files) {
      const bytes = encode(text);
      const progress: number[] = [];
      const streamed = await parseDatasetSource(sourceOf(bytes), { fileName, chunkBytes: 8, types: fileName === 'plain.csv' ? { zip: 'category' } : undefined, onProgress: (done) => progress.push(done) });
      const whole = await parseDatasetBytes(bytes, { fileName, types: fileName === 'plain.csv' ? { zip: 'category' } : undefined });
      expect(streamed.table, fileName).toEqual(whole);
      expect(streamed.format).toBe(detectFormat(bytes, fileName));
      expect(progress.at(-1)).toBe(bytes.length);
    }
  });
});
