import { UserError } from '../define-node';
import type { Table } from '../table';
import { canStartThreads } from '../threads/can-start-threads';
import { applyReadOptions, type ColumnTypeOverride } from './read-options';
import { detectFormat, type DatasetFormat } from './detect-format';
import { readPrefix, type ByteSource } from './chunk-reader';
import { parseCsv } from './csv';
import { inferDateColumns } from './infer-dates';
import { parseJsonRecords } from './json-records';
import { parseNdjson } from './ndjson';
import { parseNpy } from './npy';
import { parseParquet } from './parquet';

export type { DatasetFormat } from './detect-format';
export { DATASET_FORMATS, DATASET_EXTENSIONS, detectFormat } from './detect-format';
export type { ColumnTypeOverride } from './read-options';
export type { ByteSource } from './chunk-reader';
export { sampleRows, tableSchema } from '../table-ops';

export type ParseOptions = {
  /** Given explicitly, it wins; otherwise the file name's extension, then the content decides. */
  format?: DatasetFormat;
  fileName?: string;
  /** Extra cell values that mean "missing", on top of the built-in ones (see read-options.ts). */
  missingTokens?: readonly string[];
  /** Per-column type overrides by column name; 'skip' drops the column. */
  types?: Readonly<Record<string, ColumnTypeOverride>>;
  /** Receives a sentence per column whose values could not all be read as its overridden type. */
  onNote?: (message: string) => void;
  /** The step named in messages about the options; 'Dataset' when not given. */
  where?: string;
};

/**
 * Parses an uploaded, bundled or fetched dataset: the one entry point for every format. Engine code
 * does no I/O, so callers read the bytes (a Node Buffer is accepted as is, without a copy). Text
 * columns whose values are all dates come back as date columns.
 * Throws UserError with a fixable message naming the line, row or column on malformed input.
 */
export async function parseDatasetBytes(bytes: Uint8Array, options: ParseOptions = {}): Promise<Table> {
  const format = options.format ?? detectFormat(bytes, options.fileName);
  const table =
    format === 'parquet' ? await parseParquet(bytes)
    : (format === 'csv' || format === 'tsv') && bytes.length >= PARALLEL_CSV_BYTES && canStartThreads() ? await (await import('./csv-halves')).parseCsvInHalves(bytes, { textColumns: textOverrides(options) })
    : parseSyncFormat(bytes, format, options);
  return applyReadOptions(inferDateColumns(table), options);
}

/** From this size a CSV in memory is parsed on two threads (csv-halves.ts); below it a thread's start and the join cost more than they save. */
const PARALLEL_CSV_BYTES = 8 * 2 ** 20;

/** Enough of a file to settle its format: magic bytes, the first character, a JSON Lines first record (up to 1 MB). */
const DETECT_BYTES = 1024 * 1024 + 1;

export type StreamOptions = ParseOptions & {
  /** Bytes read so far and the total, after each chunk (a CSV read twice counts to twice its size). */
  onProgress?: (done: number, total: number) => void;
  chunkBytes?: number;
};

/**
 * Parses a dataset read from `source` rather than from bytes in memory. CSV and TSV stream through one
 * reused chunk, so memory holds the table and a chunk, not the file as well. JSON, NDJSON, NPY and
 * Parquet are read whole first: their readers take one buffer (JSON's parser, Parquet's footer at the end).
 */
export async function parseDatasetSource(source: ByteSource, options: StreamOptions = {}): Promise<{ format: DatasetFormat; table: Table }> {
  const format = options.format ?? detectFormat(readPrefix(source, DETECT_BYTES), options.fileName);
  if (format === 'csv' || format === 'tsv') {
    const table = parseCsv(source, { textColumns: textOverrides(options), onProgress: options.onProgress, chunkBytes: options.chunkBytes });
    return { format, table: applyReadOptions(inferDateColumns(table), options) };
  }
  const bytes = readPrefix(source, source.size);
  options.onProgress?.(bytes.length, source.size);
  return { format, table: await parseDatasetBytes(bytes, { ...options, format }) };
}

/** The same for callers that cannot await (test fixtures); every format but Parquet, whose reader is async. */
export function parseDatasetBytesSync(bytes: Uint8Array, options: ParseOptions = {}): Table {
  const format = options.format ?? detectFormat(bytes, options.fileName);
  if (format === 'parquet') throw new Error('parseDatasetBytesSync cannot read Parquet (its reader is async); call parseDatasetBytes.');
  return applyReadOptions(inferDateColumns(parseSyncFormat(bytes, format, options)), options);
}

/** Columns to read as text from the start: a number read first would lose its spelling (`02134` → 2134). */
function textOverrides(options: ParseOptions): Set<string> {
  return new Set(Object.entries(options.types ?? {}).flatMap(([name, type]) => (type === 'category' ? [name] : [])));
}

function parseSyncFormat(bytes: Uint8Array, format: Exclude<DatasetFormat, 'parquet'>, options: ParseOptions): Table {
  switch (format) {
    case 'csv':
    case 'tsv':
      return parseCsv(bytes, { textColumns: textOverrides(options) });
    case 'json':
      return parseJsonRecords(bytes);
    case 'ndjson':
      return parseNdjson(bytes);
    case 'npy':
      return parseNpy(bytes);
    default:
      throw new UserError(`Unsupported dataset format '${String(format)}'. Use CSV, TSV, JSON, NDJSON, NPY or Parquet.`);
  }
}
