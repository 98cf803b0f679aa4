import type { CategoryColumn, Column, NumericColumn, Table } from '../table';
import { requireColumn } from '../table-ops';
import { denseRanks } from './dense-rank';

/**
 * Converts columns between numbers and categories. Work is per distinct value, not per row: a
 * category column parses each dictionary entry once and maps the codes through that result; a
 * numeric column builds its dictionary with one Map lookup per row.
 */
export type CastTarget = 'number' | 'category';
export type CastOptions = { columns: string[]; to: CastTarget };
/** Per cast column: cells that had a value that is not a number, and so became missing. */
export type CastReport = { column: string; unparsed: number; example?: string }[];

/** Plain decimal notation only: Number() would also take hex ('0x1F'), 'Infinity' and '' (as 0). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** `lenient` skips columns the table lacks (replay on prediction records, which lack the target). */
export function castColumns(table: Table, options: CastOptions, lenient = false): { table: Table; report: CastReport } {
  const chosen = new Set(options.columns);
  if (!lenient) for (const name of chosen) requireColumn(table, name, 'Cast columns');
  const report: CastReport = [];
  const columns = table.columns.map((col): Column => {
    if (!chosen.has(col.name) || col.kind === options.to) return col;
    if (col.kind === 'number') return numberToCategory(col);
    const { column, unparsed, example } = categoryToNumber(col);
    report.push({ column: col.name, unparsed, example });
    return column;
  });
  return { table: { rowCount: table.rowCount, columns }, report };
}

function categoryToNumber(col: CategoryColumn): { column: NumericColumn; unparsed: number; example?: string } {
  const parsed = Float64Array.from(col.dictionary, parseDecimal);
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
  return { column: { kind: 'number', name: col.name, values }, unparsed, example };
}

/** Categories are listed in numeric order, so '2' comes before '10' in pickers and one-hot columns. */
function numberToCategory(col: NumericColumn): CategoryColumn {
  const { ranks, uniques } = denseRanks(col.values);
  return { kind: 'category', name: col.name, codes: ranks, dictionary: Array.from(uniques, String) };
}

/** A sentence for the run log and preview warnings, or nothing when every value parsed. */
export function describeCastReport(report: CastReport, side?: string): string[] {
  return report
    .filter((r) => r.unparsed > 0)
    .map((r) => {
      const where = side ? ` (${side} rows)` : '';
      return `Cast columns: ${r.unparsed} value${r.unparsed === 1 ? '' : 's'} of '${r.column}'${where} ${r.unparsed === 1 ? 'is' : 'are'} not a number (e.g. '${r.example}') and became missing. Clean them up first (e.g. with Impute or a Filter) if they should count.`;
    });
}
