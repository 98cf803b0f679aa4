import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { UserError } from '../define-node';
import type { CategoryColumn, Column, Table } from '../table';
import { dictionaryEncode } from './dictionary-encode';
import { nulInTextError } from './nul-bytes';

/**
 * Apache Parquet through hyparquet (pure JavaScript, any codec via hyparquet-compressors). Flat
 * columns only: integers, floats and decimals read as numbers, strings, enums and booleans as
 * categories, DATE and TIMESTAMP as dates; nested (list, map, struct) and raw binary columns are refused.
 */
const DAY_MS = 86_400_000;
const NUL_FIX = 'Remove it before writing the file.';
// Dates and timestamps as epoch milliseconds, our date representation, instead of Date objects.
const parsers = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => Number(micros / 1000n),
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1_000_000n),
  dateFromDays: (days: number) => days * DAY_MS,
};

type Kind = Column['kind'];

export async function parseParquet(bytes: Uint8Array): Promise<Table> {
  const file = ownArrayBuffer(bytes);
  const metadata = readMetadata(file);
  const rowCount = Number(metadata.num_rows);
  const fields = parquetSchema(metadata).children;
  if (fields.length === 0) throw new UserError('Parquet: the file has no columns. Write at least one column.');
  checkNames(fields.map((f) => f.element.name));
  const kinds = fields.map(kindOf);
  // Numbers and dates go straight into typed arrays; only text is held as values until encoded.
  const cells = kinds.map((kind) => (kind === 'category' ? new Array<unknown>(rowCount).fill(null) : new Float64Array(rowCount).fill(NaN)));
  const index = new Map(fields.map((f, i) => [f.element.name, i]));
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      parsers,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = cells[index.get(columnName)!]!;
        if (target instanceof Float64Array) for (let i = 0; i < columnData.length; i++) target[rowStart + i] = toNumber(columnData[i]);
        else for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
      },
    });
  } catch (error) {
    throw new UserError(`Parquet: the data could not be read (${error instanceof Error ? error.message : String(error)}). The file may be damaged or truncated; write it again.`);
  }
  const columns = fields.map((f, i): Column => {
    const name = f.element.name;
    const data = cells[i]!;
    if (!(data instanceof Float64Array)) return refuseNul(dictionaryEncode(name, data.map((v) => (v === null || v === undefined ? null : String(v)))));
    return kinds[i] === 'date' ? { kind: 'date', name, values: data } : { kind: 'number', name, values: data };
  });
  return { rowCount, columns };
}

/** hyparquet reads an ArrayBuffer; a Buffer from readFile usually owns one whole, so no copy is needed. */
function ownArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  return new Uint8Array(bytes).buffer; // a copy: Buffer#slice would be a view of the shared pool
}

function checkNames(names: string[]): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.trim() === '') throw new UserError(`Parquet: column ${i + 1} has no name. Give every column a name when writing the file.`);
    if (name.includes('\0')) throw nulInTextError(`Parquet: the name of column ${i + 1} (${JSON.stringify(name)})`, NUL_FIX);
    if (seen.has(name)) throw new UserError(`Parquet: two columns are named '${name}'. Rename one of them so every column name is unique.`, { column: name });
    seen.add(name);
  });
}

/** Postgres cannot store NUL in the schema's category lists; checked once per distinct value. */
function refuseNul(col: CategoryColumn): CategoryColumn {
  const code = col.dictionary.findIndex((v) => v.includes('\0'));
  if (code >= 0) throw nulInTextError(`Parquet: row ${col.codes.indexOf(code) + 1} of column '${col.name}'`, NUL_FIX);
  return col;
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

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}
