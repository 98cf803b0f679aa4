import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { dictionaryEncode } from './dictionary-encode';

/**
 * Apache Parquet through hyparquet (pure JavaScript, any codec via hyparquet-compressors). Flat
 * columns only: integers, floats and decimals read as numbers, strings, enums and booleans as
 * categories, DATE and TIMESTAMP as dates; nested (list, map, struct) and raw binary columns are refused.
 */
const DAY_MS = 86_400_000;
// Dates and timestamps as epoch milliseconds, our date representation, instead of Date objects.
const parsers = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => Number(micros / 1000n),
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1_000_000n),
  dateFromDays: (days: number) => days * DAY_MS,
};

type Kind = Column['kind'];

export async function parseParquet(bytes: Uint8Array): Promise<Table> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = readMetadata(file);
  const rowCount = Number(metadata.num_rows);
  const fields = parquetSchema(metadata).children;
  if (fields.length === 0) throw new UserError('Parquet: the file has no columns. Write at least one column.');
  const kinds = fields.map(kindOf);
  const cells = fields.map(() => new Array<unknown>(rowCount));
  const index = new Map(fields.map((f, i) => [f.element.name, i]));
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      parsers,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = cells[index.get(columnName)!]!;
        for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
      },
    });
  } catch (error) {
    throw new UserError(`Parquet: the data could not be read (${error instanceof Error ? error.message : String(error)}). The file may be damaged or truncated; write it again.`);
  }
  const columns = fields.map((f, i) => buildColumn(f.element.name, kinds[i]!, cells[i]!));
  return { rowCount, columns };
}

function readMetadata(file: ArrayBuffer): FileMetaData {
  try {
    return parquetMetadata(file, { parsers });
  } catch (error) {
    throw new UserError(`Parquet: the file's footer cannot be read (${error instanceof Error ? error.message : String(error)}). It is not a Parquet file, or it is damaged or truncated; write it again.`);
  }
}

function kindOf(field: SchemaTree): Kind {
  const { element } = field;
  const name = element.name;
  if (field.children.length > 0 || element.repetition_type === 'REPEATED') {
    throw new UserError(`Parquet: column '${name}' holds nested values (a list, map or struct). Flatten it into plain columns before uploading.`, { column: name });
  }
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'DATE' || logical === 'TIMESTAMP' || converted === 'DATE' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || element.type === 'INT96') return 'date';
  if (element.type === 'BOOLEAN' || logical === 'STRING' || logical === 'ENUM' || logical === 'UUID' || converted === 'UTF8' || converted === 'ENUM') return 'category';
  if (logical === 'DECIMAL' || converted === 'DECIMAL') return 'number';
  if (element.type === 'INT32' || element.type === 'INT64' || element.type === 'FLOAT' || element.type === 'DOUBLE') return 'number';
  throw new UserError(`Parquet: column '${name}' holds ${logical ?? converted ?? element.type} values, which are not numbers, text or dates. Convert it, or drop it before writing the file.`, { column: name });
}

function buildColumn(name: string, kind: Kind, cells: unknown[]): Column {
  if (kind === 'category') return dictionaryEncode(name, cells.map((v) => (v === null || v === undefined ? null : String(v))));
  const values = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) values[i] = toNumber(cells[i]);
  return kind === 'date' ? { kind: 'date', name, values } : { kind: 'number', name, values };
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}
