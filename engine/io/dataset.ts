import { UserError } from '../define-node';
import type { Table } from '../table';
import { applyReadOptions, type ColumnTypeOverride } from './read-options';
import { detectFormat, type DatasetFormat } from './detect-format';
import { parseCsv } from './csv';
import { inferDateColumns } from './infer-dates';
import { parseJsonRecords } from './json-records';
import { parseNdjson } from './ndjson';
import { parseNpy } from './npy';
import { parseParquet } from './parquet';

export type { DatasetFormat } from './detect-format';
export { DATASET_FORMATS, DATASET_EXTENSIONS, detectFormat } from './detect-format';
export type { ColumnTypeOverride } from './read-options';
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
  const table = format === 'parquet' ? await parseParquet(bytes) : parseSyncFormat(bytes, format, options);
  return applyReadOptions(inferDateColumns(table), options);
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
