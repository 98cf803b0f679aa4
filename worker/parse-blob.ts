import type { BlobStore } from '../db/blob-store';
import { parseDatasetBytes, type DatasetFormat, type ParseOptions } from '../engine/io/dataset';
import type { Table } from '../engine/table';

/** Formats whose readers copy every value out of the file (numbers into columns, text into strings), so its bytes can be lent. */
const COPYING_READERS: ReadonlySet<DatasetFormat> = new Set(['csv', 'tsv']);

/**
 * An uploaded dataset's table: CSV and TSV are parsed from bytes lent on a reused buffer
 * (lent-file-bytes.ts), the other formats from a read of their own, as their readers may keep views of it.
 */
export function parseDatasetBlob(blobs: BlobStore, key: string, options: ParseOptions & { format: DatasetFormat }): Promise<Table> {
  if (COPYING_READERS.has(options.format)) return blobs.lend(key, (bytes) => parseDatasetBytes(bytes, options));
  return blobs.get(key).then((bytes) => parseDatasetBytes(bytes, options));
}
