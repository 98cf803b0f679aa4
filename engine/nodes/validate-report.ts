import { formatDate } from '../io/date-text';
import type { RuleCheck } from '../define-node';
import type { Column, ColumnSchema, Table, TableSchema } from '../table';
import type { RuleOutcome } from './validate-check';
import { formatCount } from '../format-count';

/**
 * What the Validate node reports: the `failures` table (example failing rows, each with the rule it
 * broke and that rule's count), per-rule counts for the run summary, and sentences for messages.
 */
export const MAX_FAILURE_EXAMPLES = 1000;
/** Examples quoted in a message per rule; the failures table holds the rest. */
const MESSAGE_EXAMPLES = 3;

export type Side = 'train' | 'test';
export type CheckedTable = { side?: Side; table: Table; outcomes: RuleOutcome[] };

const leadingColumns = (split: boolean): ColumnSchema[] => [
  ...(split ? [{ name: 'side', kind: 'category' as const, categories: ['train', 'test'] }] : []),
  { name: 'row', kind: 'number' },
  { name: 'rule', kind: 'category' },
  { name: 'column', kind: 'category' },
  { name: 'failed', kind: 'number' },
];

/** A data column whose name clashes with a leading column keeps its values under "<name> (value)". */
function valueNames(names: readonly string[], split: boolean): string[] {
  const taken = new Set(leadingColumns(split).map((c) => c.name));
  return names.map((name) => {
    let renamed = name;
    while (taken.has(renamed)) renamed = `${renamed} (value)`;
    taken.add(renamed);
    return renamed;
  });
}

export function failuresSchema(input: TableSchema, split: boolean): TableSchema {
  const names = valueNames(input.columns.map((c) => c.name), split);
  return { columns: [...leadingColumns(split), ...input.columns.map((c, i) => ({ ...c, name: names[i] }))] };
}

const isBroken = (o: RuleOutcome) => o.failed > 0;
const ruleName = (o: RuleOutcome) => `Rule ${o.index + 1} (${o.text})`;
const count = formatCount;

/** The first `limit` rows set in a mask, in row order. */
function firstRows(mask: Uint8Array, limit: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < mask.length && rows.length < limit; i++) if (mask[i]) rows.push(i);
  return rows;
}

type Cell = number | string | null;
function cellOf(col: Column | undefined, row: number | null): Cell {
  if (!col || row === null) return null;
  if (col.kind === 'number') return Number.isNaN(col.values[row]) ? null : col.values[row];
  if (col.kind === 'date') return Number.isNaN(col.values[row]) ? null : formatDate(col.values[row]);
  const code = col.codes[row];
  return code < 0 ? null : col.dictionary[code];
}

/** Example failing rows of every broken rule, shared fairly so each broken rule shows some. */
export function buildFailures(checked: readonly CheckedTable[]): Table {
  const split = checked.some((c) => c.side !== undefined);
  const first = checked[0]?.table.columns ?? [];
  const broken = checked.reduce((n, c) => n + c.outcomes.filter(isBroken).length, 0);
  const perRule = Math.max(1, Math.floor(MAX_FAILURE_EXAMPLES / Math.max(1, broken)));
  const records: Cell[][] = [];
  for (const { side, table, outcomes } of checked) {
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    for (const o of outcomes.filter(isBroken)) {
      const rows: (number | null)[] = o.mask ? firstRows(o.mask, perRule) : [null];
      const rule = o.detail ? `${o.text}: ${o.detail}` : o.text;
      for (const row of rows) {
        const lead: Cell[] = [row === null ? null : row + 1, rule, o.column ?? null, o.failed];
        records.push([...(split ? [side ?? null] : []), ...lead, ...first.map((c) => cellOf(byName.get(c.name), row))]);
      }
    }
  }
  const names = [...leadingColumns(split).map((c) => c.name), ...valueNames(first.map((c) => c.name), split)];
  const kinds = [...leadingColumns(split).map((c) => c.kind), ...first.map((c) => c.kind)];
  return { rowCount: records.length, columns: names.map((name, j) => buildColumn(name, kinds[j], records, j)) };
}

function buildColumn(name: string, kind: Column['kind'], records: readonly Cell[][], j: number): Column {
  if (kind === 'number') return { kind, name, values: Float64Array.from(records, (r) => (r[j] === null ? NaN : Number(r[j]))) };
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const codes = Int32Array.from(records, (r) => {
    const cell = r[j];
    if (cell === null) return -1;
    const text = String(cell);
    let code = codeOf.get(text);
    if (code === undefined) codeOf.set(text, (code = dictionary.push(text) - 1));
    return code;
  });
  return { kind: 'category', name, codes, dictionary };
}

/** Per-rule counts for the run summary: every rule, kept ones with 0. */
export function summarizeChecks(checked: readonly CheckedTable[]): RuleCheck[] {
  return checked.flatMap(({ side, outcomes }) =>
    outcomes.map((o) => ({ rule: o.text, failed: o.failed, ...(o.column ? { column: o.column } : {}), ...(side ? { side } : {}), ...(o.detail ? { detail: o.detail } : {}) })),
  );
}

/** One sentence per broken rule, e.g. "Rule 1 (x between 30 and 60): 2 of 344 rows fail, e.g. row 4 (62.5)." */
export function describeBroken({ table, outcomes }: CheckedTable): string[] {
  return outcomes.filter(isBroken).map((o) => {
    if (!o.mask) return `${ruleName(o)}: ${o.detail}.`;
    const col = o.column === undefined ? undefined : table.columns.find((c) => c.name === o.column);
    const examples = firstRows(o.mask, MESSAGE_EXAMPLES).map((row) => `row ${count(row + 1)} (${formatCell(cellOf(col, row))})`);
    return `${ruleName(o)}: ${count(o.failed)} of ${count(table.rowCount)} rows fail, e.g. ${examples.join(', ')}.`;
  });
}

function formatCell(cell: Cell): string {
  if (cell === null) return 'missing';
  return typeof cell === 'number' ? String(cell) : `'${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}'`;
}
