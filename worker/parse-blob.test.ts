import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBlobStore, type BlobStore } from '../db/blob-store';
import { withFileBytes } from '../db/lent-file-bytes';
import { sampleRows } from '../engine/table-ops';
import { parseDatasetBlob } from './parse-blob';

let dir: string;
let blobs: BlobStore;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pw-lent-'));
  blobs = createLocalBlobStore(dir);
  await blobs.put('a.csv', new TextEncoder().encode('x,s\n1,a\n2,b\n'));
  await blobs.put('b.csv', new TextEncoder().encode('y\n3\n'));
  // As long as a.csv, byte for byte, with other names and rows.
  await blobs.put('d.csv', new TextEncoder().encode('p,q\n7,z\n8,w\n'));
  await blobs.put('c.json', new TextEncoder().encode('[{"z": 5}]'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a file lent on a reused buffer', () => {
  it('reads one file after another into the same buffer', async () => {
    const first = await withFileBytes(path.join(dir, 'a.csv'), (bytes) => ({ buffer: bytes.buffer, text: text(bytes) }));
    const second = await withFileBytes(path.join(dir, 'b.csv'), (bytes) => ({ buffer: bytes.buffer, text: text(bytes) }));
    expect([first.text, second.text]).toEqual(['x,s\n1,a\n2,b\n', 'y\n3\n']);
    expect(second.buffer).toBe(first.buffer);
  });

  it('gives a read made while the buffer is lent a buffer of its own, so neither sees the other’s bytes', async () => {
    const seen = await withFileBytes(path.join(dir, 'a.csv'), async (outer) => {
      const inner = await withFileBytes(path.join(dir, 'b.csv'), (bytes) => ({ buffer: bytes.buffer, text: text(bytes) }));
      expect(inner.buffer).not.toBe(outer.buffer);
      return [text(outer), inner.text];
    });
    expect(seen).toEqual(['x,s\n1,a\n2,b\n', 'y\n3\n']);
  });

  it('lends again after a file that could not be opened and after a use that threw', async () => {
    await expect(withFileBytes(path.join(dir, 'missing.csv'), () => 1)).rejects.toThrow(/ENOENT/);
    await expect(withFileBytes(path.join(dir, 'a.csv'), () => Promise.reject(new Error('parser failed')))).rejects.toThrow('parser failed');
    const buffers = await Promise.all([withFileBytes(path.join(dir, 'a.csv'), (bytes) => bytes.buffer)]);
    const again = await withFileBytes(path.join(dir, 'b.csv'), (bytes) => bytes.buffer);
    expect(again).toBe(buffers[0]);
  });
});

describe('parsing an uploaded dataset blob', () => {
  it('parses a CSV from lent bytes and other formats from a read of their own, to tables that outlive the bytes', async () => {
    const csv = await parseDatasetBlob(blobs, 'a.csv', { format: 'csv' });
    const json = await parseDatasetBlob(blobs, 'c.json', { format: 'json' });
    // Lending the buffer to another file of the same length, every byte different, must not change the table read before.
    await withFileBytes(path.join(dir, 'd.csv'), (bytes) => expect(text(bytes)).toBe('p,q\n7,z\n8,w\n'));
    expect(csv.columns.map((col) => col.name)).toEqual(['x', 's']);
    expect(sampleRows(csv, 5)).toEqual([[1, 'a'], [2, 'b']]);
    expect(sampleRows(json, 5)).toEqual([[5]]);
  });
});
