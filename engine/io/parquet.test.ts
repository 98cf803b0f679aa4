import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleRows } from '../table-ops';
import { asyncUserErrorOf } from '../testing/errors';
import { parseDatasetBytes } from './dataset';

// Written by Polars (nodejs-polars 0.25.2), independently of the reader under test.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

const errorOf = (bytes: Uint8Array, fileName = 'data.parquet') => asyncUserErrorOf(() => parseDatasetBytes(bytes, { fileName }));

describe('Parquet', () => {
  it.each(['polars-zstd.parquet', 'polars-snappy.parquet'])('maps Parquet types to our kinds (%s)', async (name) => {
    const table = await parseDatasetBytes(fixture(name), { fileName: name });
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['id', 'number'],
      ['price', 'number'],
      ['name', 'category'],
      ['ok', 'category'],
      ['day', 'date'],
      ['at', 'date'],
    ]);
    expect(sampleRows(table, 3)).toEqual([
      [1, 1.5, 'a', 'true', '2024-01-31', '2024-01-31'],
      [2, null, null, 'false', null, null],
      [3, -2.25, 'c', null, '2024-02-29', '2024-02-29'],
    ]);
  });

  it('is recognised by its magic bytes whatever the file is called', async () => {
    expect((await parseDatasetBytes(fixture('polars-snappy.parquet'))).rowCount).toBe(3);
  });

  it('refuses nested columns, naming the column', async () => {
    expect(await errorOf(fixture('nested-list.parquet'))).toBe("Parquet: column 'list' holds nested values (a list, map or struct). Flatten it into plain columns before uploading.");
  });

  it('refuses text holding NUL characters, naming row and column', async () => {
    expect(await errorOf(fixture('nul-text.parquet'))).toBe("Parquet: row 2 of column 'note' contains a NUL character (\\u0000), which cannot be stored. Remove it before writing the file.");
  });

  it('refuses garbage and truncated files with a message, not a crash', async () => {
    const good = fixture('polars-snappy.parquet');
    expect(await errorOf(new TextEncoder().encode('PAR1 this is not parquet at all PAR1'))).toMatch(/^Parquet: the file's footer cannot be read \(.+\)\. It is not a Parquet file, or it is damaged or truncated; write it again\.$/);
    const truncated = new Uint8Array([...good.subarray(0, 200), ...good.subarray(good.length - 8)]);
    expect(await errorOf(truncated)).toMatch(/^Parquet: the (file's footer|data) (cannot|could not) be read/);
    expect(await errorOf(new TextEncoder().encode('a,b\n1,2\n'))).toMatch(/^"data.parquet" is not a Parquet file \(it does not start with PAR1\)/);
  });
});
