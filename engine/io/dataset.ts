import { UserError } from '../define-node';
import type { Table } from '../table';
import { parseCsv } from './csv';
import { parseJsonRecords } from './json-records';

export type DatasetFormat = 'csv' | 'json';
export { sampleRows, tableSchema } from '../table-ops';

/** Parses an uploaded or bundled dataset. Throws UserError with a fixable message on malformed input. */
export function parseDatasetBytes(bytes: Uint8Array, format: DatasetFormat): Table {
  if (format === 'csv') return parseCsv(bytes);
  if (format === 'json') return parseJsonRecords(bytes);
  throw new UserError(`Unsupported dataset format '${String(format)}'. Upload a .csv file or a .json array of records.`);
}
