import { UserError } from '../define-node';
import { inferDateTexts, parseDateText } from '../io/date-text';
import type { Column, DateColumn, NumericColumn, Table } from '../table';
import { countMissing } from '../table-ops';

/**
 * Calendar parts of a date column as numeric columns, in UTC (dates are read as UTC; see date-text.ts).
 * Weekday counts Monday = 1 … Sunday = 7 (ISO 8601), day of year from 1.
 */
export const DATE_PARTS = ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'day_of_year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export type DatePartsOptions = { column: string; parts: readonly DatePart[]; dropSource: boolean };

const DAY_MS = 86_400_000;

export function partColumnName(column: string, part: DatePart): string {
  return `${column}_${part}`;
}

/**
 * A column read as dates: itself, a text column parsed (prediction records carry dates as text),
 * or an all-missing column. Undefined when it holds something else.
 */
export function readAsDate(col: Column): DateColumn | undefined {
  if (col.kind === 'date') return col;
  if (col.kind === 'number') return countMissing(col) === col.values.length ? { kind: 'date', name: col.name, values: col.values } : undefined;
  const parsed = inferDateTexts(col.dictionary) ?? Float64Array.from(col.dictionary, (t) => parseDateText(t));
  const codes = col.codes;
  const values = new Float64Array(codes.length);
  for (let i = 0; i < values.length; i++) values[i] = codes[i] < 0 ? NaN : parsed[codes[i]];
  return { kind: 'date', name: col.name, values };
}

export function addDateParts(table: Table, options: DatePartsOptions): Table {
  const at = table.columns.findIndex((c) => c.name === options.column);
  const source = table.columns[at];
  if (!source) {
    throw new UserError(`Date parts: column '${options.column}' was not found. Available columns: ${table.columns.map((c) => c.name).join(', ') || '(none)'}.`, { column: options.column });
  }
  const dates = readAsDate(source);
  if (!dates) {
    throw new UserError(`Date parts: column '${options.column}' holds numbers, not dates. Pick a date column, or set its type to date on the Dataset node.`, { column: options.column });
  }
  const names = new Set(options.parts.map((part) => partColumnName(options.column, part)));
  const parts = options.parts.map((part): NumericColumn => ({ kind: 'number', name: partColumnName(options.column, part), values: extract(dates.values, part) }));
  // Parts replace same-named columns and sit right after their source, so a replay gives the same layout.
  const kept = table.columns.filter((c) => !names.has(c.name));
  const sourceAt = kept.findIndex((c) => c.name === options.column);
  const columns = [...kept.slice(0, sourceAt + 1), ...parts, ...kept.slice(sourceAt + 1)];
  return { rowCount: table.rowCount, columns: options.dropSource ? columns.filter((c) => c.name !== options.column) : columns };
}

function extract(values: Float64Array, part: DatePart): Float64Array {
  const out = new Float64Array(values.length);
  const date = new Date(0);
  for (let i = 0; i < values.length; i++) {
    const ms = values[i];
    if (ms !== ms) {
      out[i] = NaN;
      continue;
    }
    date.setTime(ms);
    out[i] = partOf(date, ms, part);
  }
  return out;
}

function partOf(date: Date, ms: number, part: DatePart): number {
  switch (part) {
    case 'year': return date.getUTCFullYear();
    case 'month': return date.getUTCMonth() + 1;
    case 'day': return date.getUTCDate();
    case 'weekday': return ((date.getUTCDay() + 6) % 7) + 1;
    case 'hour': return date.getUTCHours();
    case 'minute': return date.getUTCMinutes();
    case 'day_of_year': return Math.floor((ms - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}
