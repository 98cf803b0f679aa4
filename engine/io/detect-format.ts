import { UserError } from '../define-node';
import { byteOrderMarkLength } from './csv-fields';

export const DATASET_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'npy', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** File name extensions the upload accepts, and the format each one means. */
export const DATASET_EXTENSIONS: Readonly<Record<string, DatasetFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'csv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  npy: 'npy',
  parquet: 'parquet',
  pq: 'parquet',
};

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

/**
 * The format of a file: binary formats by their magic bytes (they cannot be mistaken), then the
 * extension, then a look at the first text: `[` is a JSON array, `{` NDJSON, anything else delimited
 * text (the delimiter is sniffed by the CSV reader, so .csv and .tsv read alike).
 */
export function detectFormat(bytes: Uint8Array, fileName?: string): DatasetFormat {
  if (startsWith(bytes, NPY_MAGIC)) return 'npy';
  if (startsWith(bytes, PARQUET_MAGIC)) return 'parquet';
  const extension = fileName?.includes('.') ? fileName.split('.').pop()!.toLowerCase() : undefined;
  const byName = extension === undefined ? undefined : DATASET_EXTENSIONS[extension];
  if (byName === 'npy' || byName === 'parquet') {
    const what = byName === 'npy' ? 'an NPY file (it does not start with \\x93NUMPY)' : 'a Parquet file (it does not start with PAR1)';
    throw new UserError(`"${fileName}" is not ${what}. Save it again with numpy.save / a Parquet writer, or upload it with its real extension.`);
  }
  const first = firstNonBlank(bytes);
  // JSON Lines are often saved as .json; a first line that is a whole record tells them apart.
  if (byName === 'json' && first?.char === 0x7b && firstLineIsRecord(bytes, first.at)) return 'ndjson';
  if (byName) return byName;
  if (first?.char === 0x5b) return 'json';
  if (first?.char === 0x7b) return 'ndjson';
  return 'csv';
}

function firstLineIsRecord(bytes: Uint8Array, at: number): boolean {
  const end = bytes.indexOf(10, at);
  if (end < 0 || end - at > 1024 * 1024) return false;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(at, end)));
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function firstNonBlank(bytes: Uint8Array): { char: number; at: number } | undefined {
  let p = byteOrderMarkLength(bytes);
  while (p < bytes.length && (bytes[p] === 32 || bytes[p] === 9 || bytes[p] === 10 || bytes[p] === 13)) p++;
  return p < bytes.length ? { char: bytes[p]!, at: p } : undefined;
}
