import { parseDateText } from '../io/date-text';
import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { requireColumn, takeRows } from '../table-ops';
import { selectRows } from './row-selection';

/**
 * Keep the rows matching structured conditions. Deliberately not an expression language: each
 * condition is a column, an operator and a literal, compared over typed arrays, so user input is
 * never compiled to code. Missing cells fail every comparison except `neq` and `is_missing`
 * (as in pandas, "not equal to x" keeps rows whose value is unknown).
 */
export const FILTER_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'is_missing', 'not_missing'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export type FilterCondition = { column: string; op: FilterOp; value?: number | string };
export type FilterOptions = { conditions: FilterCondition[]; combine: 'and' | 'or' };

export function filterRows(table: Table, options: FilterOptions): Table {
  if (options.conditions.length === 0) return table;
  const n = table.rowCount;
  const all = options.combine === 'and';
  const mask = new Uint8Array(n).fill(all ? 1 : 0);
  for (const condition of options.conditions) {
    const col = requireColumn(table, condition.column, 'Filter') as Column;
    const hits = matchCondition(col, condition, n);
    if (all) for (let i = 0; i < n; i++) mask[i] &= hits[i];
    else for (let i = 0; i < n; i++) mask[i] |= hits[i];
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += mask[i];
  const rows = new Int32Array(kept);
  for (let i = 0, j = 0; i < n; i++) if (mask[i]) rows[j++] = i;
  return selectRows(table, rows, takeRows);
}

/** Checks a condition against a column kind; used both at edit time and at run time. */
export function checkCondition(kind: Column['kind'], condition: FilterCondition): void {
  const { op, value, column } = condition;
  if (op === 'is_missing' || op === 'not_missing') return;
  if (value === undefined || value === '') {
    throw new UserError(`Filter: the condition on '${column}' needs a value to compare with.`, { column });
  }
  if (kind === 'number' && !Number.isFinite(Number(value))) {
    throw new UserError(`Filter: column '${column}' holds numbers, but '${value}' is not a number. Enter a number such as 3.5.`, { column });
  }
  if (kind === 'date' && Number.isNaN(parseDateText(String(value)))) {
    throw new UserError(`Filter: column '${column}' holds dates, but '${value}' is not a date. Enter one such as 2024-01-31 or 2024-01-31T12:00.`, { column });
  }
  if (kind === 'category' && op !== 'eq' && op !== 'neq') {
    throw new UserError(`Filter: column '${column}' holds categories, which can only be compared with 'equals' or 'not equals'.`, { column });
  }
}

function matchCondition(col: Column, condition: FilterCondition, n: number): Uint8Array {
  checkCondition(col.kind, condition);
  const hits = new Uint8Array(n);
  const { op } = condition;
  if (col.kind === 'category') {
    const codes = col.codes;
    const code = op === 'is_missing' || op === 'not_missing' ? -1 : col.dictionary.indexOf(String(condition.value));
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      if (op === 'is_missing') hits[i] = c < 0 ? 1 : 0;
      else if (op === 'not_missing') hits[i] = c >= 0 ? 1 : 0;
      else if (op === 'eq') hits[i] = c >= 0 && c === code ? 1 : 0;
      else hits[i] = c !== code || c < 0 ? 1 : 0;
    }
    return hits;
  }
  const v = col.values;
  const x = col.kind === 'date' ? parseDateText(String(condition.value)) : Number(condition.value);
  switch (op) {
    case 'eq': for (let i = 0; i < n; i++) hits[i] = v[i] === x ? 1 : 0; break;
    case 'neq': for (let i = 0; i < n; i++) hits[i] = v[i] !== x ? 1 : 0; break;
    case 'lt': for (let i = 0; i < n; i++) hits[i] = v[i] < x ? 1 : 0; break;
    case 'lte': for (let i = 0; i < n; i++) hits[i] = v[i] <= x ? 1 : 0; break;
    case 'gt': for (let i = 0; i < n; i++) hits[i] = v[i] > x ? 1 : 0; break;
    case 'gte': for (let i = 0; i < n; i++) hits[i] = v[i] >= x ? 1 : 0; break;
    case 'is_missing': for (let i = 0; i < n; i++) hits[i] = v[i] !== v[i] ? 1 : 0; break;
    case 'not_missing': for (let i = 0; i < n; i++) hits[i] = v[i] === v[i] ? 1 : 0; break;
  }
  return hits;
}
