import { formatDate, inferDateTexts, parseDateText } from '../io/date-text';
import { valuesColumn, type CategoryColumn, type Column, type ColumnKind, type DateColumn, type NumericColumn, type Table } from '../table';
import { requireColumn } from '../table-ops';
import { denseRanks } from './dense-rank';

/**
 * Converts columns between numbers, categories and dates. Work is per distinct value, not per row: a
 * category column parses each dictionary entry once and maps the codes through that result; a
 * numeric or date column builds its dictionary from its sorted distinct values.
 * Numbers and dates convert as epoch milliseconds UTC, both ways, so a cast there and back is lossless.
 */
export type CastTarget = ColumnKind;
export type CastOptions = { columns: string[]; to: CastTarget };
/** Per cast column: cells that had a value that could not be read as the target kind, and so became missing. */
export type CastReport = { column: string; to: CastTarget; unparsed: number; example?: string }[];

/** Plain decimal notation only: Number() would also take hex ('0x1F'), 'Infinity' and '' (as 0). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** `lenient` skips columns the table lacks (replay on prediction records, which lack the target). */
export function castColumns(table: Table, options: CastOptions, lenient = false, where = 'Cast columns'): { table: Table; report: CastReport } {
  const chosen = new Set(options.columns);
  if (!lenient) for (const name of chosen) requireColumn(table, name, where);
  const report: CastReport = [];
  const columns = table.columns.map((col): Column => {
    const to = options.to;
    if (!chosen.has(col.name) || col.kind === to) return col;
    if (col.kind !== 'category') return to === 'category' ? valuesToCategory(col) : valuesColumn(to, col.name, col.values);
    if (to === 'category') return col;
    const { values, unparsed, example } = parseCategories(col, to);
    report.push({ column: col.name, to, unparsed, example });
    return valuesColumn(to, col.name, values);
  });
  return { table: { rowCount: table.rowCount, columns }, report };
}

function parseDictionary(dictionary: readonly string[], to: 'number' | 'date'): Float64Array {
  if (to === 'number') return Float64Array.from(dictionary, parseDecimal);
  // Read as one column first, so `03/04/2024` takes the order its neighbours show; entries that fit
  // no common layout then get a try on their own.
  return inferDateTexts(dictionary) ?? Float64Array.from(dictionary, (text) => parseDateText(text));
}

function parseCategories(col: CategoryColumn, to: 'number' | 'date'): { values: Float64Array; unparsed: number; example?: string } {
  const parsed = parseDictionary(col.dictionary, to);
  const codes = col.codes;
  const values = new Float64Array(codes.length);
  let unparsed = 0;
  let example: string | undefined;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0) {
      values[i] = NaN;
      continue;
    }
    const v = parsed[code];
    values[i] = v;
    if (v !== v) {
      unparsed++;
      example ??= col.dictionary[code];
    }
  }
  return { values, unparsed, example };
}

/** Categories are listed in value order, so '2' comes before '10' in pickers and one-hot columns. */
function valuesToCategory(col: NumericColumn | DateColumn): CategoryColumn {
  const { ranks, uniques } = denseRanks(col.values);
  const text = col.kind === 'date' ? formatDate : String;
  return { kind: 'category', name: col.name, codes: ranks, dictionary: Array.from(uniques, text) };
}

/** A sentence per column for the run log and preview warnings, or nothing when every value parsed. */
export function describeCastReport(report: CastReport, side?: string, where = 'Cast columns'): string[] {
  return report
    .filter((r) => r.unparsed > 0)
    .map((r) => {
      const rows = side ? ` (${side} rows)` : '';
      const what = r.to === 'date' ? 'a date' : 'a number';
      return `${where}: ${r.unparsed} value${r.unparsed === 1 ? '' : 's'} of '${r.column}'${rows} ${r.unparsed === 1 ? 'is' : 'are'} not ${what} (e.g. '${r.example}') and became missing. Clean them up first (e.g. with Impute or a Filter) if they should count.`;
    });
}
