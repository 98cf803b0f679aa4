import { UserError } from '../define-node';
import { castColumns, describeCastReport, parseDecimal } from '../kernels/cast-columns';
import type { CategoryColumn, Column, ColumnSchema, Table, TableSchema } from '../table';
import { MAX_SCHEMA_CATEGORIES } from '../table-ops';
import { inferDateTexts, parseDateText } from './date-text';
import { BUILT_IN_MISSING } from './csv-fields';

/**
 * How a dataset is read: extra missing-value tokens and per-column type overrides, applied after the
 * format's own parse (runs and previews alike) and mirrored on the stored schema at edit time.
 *
 * Missing values: every reader already treats an empty cell and `NA`, `N/A`, `NaN`, `nan`, `null`,
 * `NULL`, `None` as missing (pandas' defaults, less its rarer `#N/A`-style spellings; Dataiku only
 * treats empty cells so). Tokens such as `?`, `.`, `-` or `-999` are data in some files and missing in
 * others, so they are opt-in here. A token applies to a whole cell (after trimming blanks); a numeric
 * token also blanks equal numbers (`-999`).
 *
 * Type overrides: a value that cannot be read as the chosen type becomes missing and is counted in
 * the run log, as pandas' `errors="coerce"` and Dataiku's "invalid" cells do: one stray `n.a.` in a
 * million rows should not stop a run, and the count says how much was lost.
 */
export type ColumnTypeOverride = 'number' | 'category' | 'date' | 'skip';
export type ReadOptions = {
  missingTokens?: readonly string[];
  types?: Readonly<Record<string, ColumnTypeOverride>>;
  onNote?: (message: string) => void;
  /** The step named in messages (e.g. 'Fetch from URL'); 'Dataset' when not given. */
  where?: string;
};

export function applyReadOptions(table: Table, options: ReadOptions): Table {
  const where = options.where ?? 'Dataset';
  const tokens = tokenSet(options.missingTokens);
  let out = tokens.size === 0 ? table : { rowCount: table.rowCount, columns: table.columns.map((col) => blankTokens(col, tokens)) };
  const types = Object.entries(options.types ?? {});
  for (const [name] of types) requireOverridden(out, name, where);
  const skipped = new Set(types.filter(([, type]) => type === 'skip').map(([name]) => name));
  if (skipped.size > 0) out = { rowCount: out.rowCount, columns: out.columns.filter((c) => !skipped.has(c.name)) };
  for (const to of ['number', 'category', 'date'] as const) {
    const columns = types.filter(([, type]) => type === to).map(([name]) => name);
    if (columns.length === 0) continue;
    const cast = castColumns(out, { columns, to }, false, where);
    out = cast.table;
    for (const line of describeCastReport(cast.report, undefined, where)) options.onNote?.(line);
  }
  return out;
}

/** Identifies read options in a host's cache of parsed tables: equal options, equal key; none is ''. `where` only names the step in messages. */
export function readOptionsKey(options: Pick<ReadOptions, 'missingTokens' | 'types'> | undefined): string {
  const tokens = [...tokenSet(options?.missingTokens)].sort();
  const types = Object.entries(options?.types ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return tokens.length === 0 && types.length === 0 ? '' : JSON.stringify([tokens, types]);
}

/** The edit-time schema of a dataset read with these options, from the stored (inferred) schema. */
export function readSchema(schema: TableSchema, options: ReadOptions): TableSchema {
  const tokens = tokenSet(options.missingTokens);
  const types = options.types ?? {};
  for (const name of Object.keys(types)) requireOverridden(schema, name, options.where ?? 'Dataset');
  const columns = schema.columns.flatMap((col): ColumnSchema[] => {
    const read = tokens.size === 0 ? col : blankSchemaTokens(col, tokens);
    const type = types[col.name];
    if (type === 'skip') return [];
    if (!type || type === read.kind) return [read];
    // A new category column's values are known only once it is read, so none are listed here.
    return [{ name: col.name, kind: type }];
  });
  return { columns };
}

/**
 * Which values of a prediction record count as missing, per input column, as they did when the model's
 * dataset was read: the source's own tokens ('Also read as missing': a text that is a token after trimming,
 * a number equal to a numeric token) in any column; and, in a text or date column, an empty text or a
 * spelling every text reader takes as missing (`NA`, `null`...) unless the column's training values hold it
 * (a JSON source keeps "NA" as a value). Undefined when nothing would be.
 */
export type RecordMissing = { text(column: string, value: string): boolean; number(value: number): boolean };

export function recordMissing(schema: TableSchema | undefined): RecordMissing | undefined {
  const tokens = tokenSet(schema?.missingTokens);
  const numbers = new Set([...tokens].map(parseDecimal).filter((v) => v === v));
  const spelled = new Map<string, Set<string>>();
  for (const col of schema?.columns ?? []) {
    if (col.kind === 'number') continue;
    const known = new Set(col.categories ?? []);
    // A capped list may leave out a value that is one of these spellings: then none is taken as missing.
    if (known.size >= MAX_SCHEMA_CATEGORIES) continue;
    spelled.set(col.name, new Set(['', ...BUILT_IN_MISSING].filter((t) => !known.has(t))));
  }
  if (tokens.size === 0 && spelled.size === 0) return undefined;
  return {
    text: (column, value) => {
      const trimmed = value.trim();
      return tokens.has(trimmed) || spelled.get(column)?.has(trimmed) === true;
    },
    number: (value) => numbers.has(value),
  };
}

/** Records with every value recordMissing takes as missing replaced by null (others returned as they are). */
export function blankRecordTokens(records: readonly unknown[], schema: TableSchema | undefined): unknown[] {
  const missing = recordMissing(schema);
  if (!missing) return [...records];
  const blank = (key: string, v: unknown) => (typeof v === 'string' && missing.text(key, v)) || (typeof v === 'number' && missing.number(v));
  return records.map((record) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record) || !Object.entries(record).some(([key, value]) => blank(key, value))) return record;
    // fromEntries defines own properties, so a "__proto__" key stays a key.
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, blank(key, value) ? null : value]));
  });
}

/** The tokens as they are matched: trimmed, empty ones dropped. */
export function tokenSet(tokens: readonly string[] | undefined): Set<string> {
  return new Set((tokens ?? []).map((t) => t.trim()).filter((t) => t !== ''));
}

function requireOverridden(table: Table | TableSchema, name: string, where: string): void {
  if (table.columns.some((c) => c.name === name)) return;
  const names = table.columns.map((c) => c.name).join(', ');
  throw new UserError(`${where}: a type is set for column '${name}', which the file does not have. Available columns: ${names || '(none)'}. Remove the override or pick a column that exists.`, { column: name });
}

/**
 * A category column whose remaining values all read as numbers (or dates) becomes one, as if the
 * tokens had been missing from the start. Only with a complete value list: the edit-time schema lists
 * at most MAX_SCHEMA_CATEGORIES values, and run and edit time must agree on the kind.
 */
function reinfer(values: readonly string[]): 'number' | 'date' | undefined {
  if (values.length === 0 || values.length >= MAX_SCHEMA_CATEGORIES) return undefined;
  if (values.every((v) => parseDecimal(v) === parseDecimal(v))) return 'number';
  return inferDateTexts(values) ? 'date' : undefined;
}

function blankSchemaTokens(col: ColumnSchema, tokens: Set<string>): ColumnSchema {
  if (col.kind !== 'category' || !col.categories || col.categories.length >= MAX_SCHEMA_CATEGORIES) return col;
  const kept = col.categories.filter((c) => !tokens.has(c.trim()));
  const kind = reinfer(kept);
  return kind ? { name: col.name, kind } : { ...col, categories: kept };
}

function blankTokens(col: Column, tokens: Set<string>): Column {
  if (col.kind === 'category') return blankCategoryTokens(col, tokens);
  const parse = col.kind === 'date' ? (t: string) => parseDateText(t) : parseDecimal;
  const blanked = new Set([...tokens].map(parse).filter((v) => v === v));
  if (blanked.size === 0) return col;
  const values = col.values.map((v) => (blanked.has(v) ? NaN : v));
  return { ...col, values };
}

function blankCategoryTokens(col: CategoryColumn, tokens: Set<string>): Column {
  const remap = new Int32Array(col.dictionary.length);
  const dictionary: string[] = [];
  col.dictionary.forEach((value, code) => {
    remap[code] = tokens.has(value.trim()) ? -1 : dictionary.push(value) - 1;
  });
  if (dictionary.length === col.dictionary.length) return col;
  const codes = col.codes.map((code) => (code < 0 ? -1 : remap[code]));
  const blanked: CategoryColumn = { kind: 'category', name: col.name, codes, dictionary };
  const kind = col.dictionary.length < MAX_SCHEMA_CATEGORIES ? reinfer(dictionary) : undefined;
  return kind ? castColumns({ rowCount: codes.length, columns: [blanked] }, { columns: [col.name], to: kind }).table.columns[0]! : blanked;
}
