import type { PortDef, PortValue } from './define-node';
import type { Column, Table, TableSchema } from './table';
import { tableSchema } from './table-ops';

/**
 * What a preview sends for one table: its schema, its row count and its first `rowLimit` rows, still
 * columnar (views of the output's arrays, not copies): the payload serializes them column by column.
 */
export type PreviewTable = { schema: TableSchema; rowCount: number; head: Table; truncated: boolean };

export type PreviewPort =
  | { port: string; kind: 'table'; table: PreviewTable }
  | { port: string; kind: 'split'; train: PreviewTable; test: PreviewTable }
  | { port: string; kind: 'model' | 'metrics' | 'comparison'; afterRun: true; message: string };

/** Rows through a port; a split counts train and test apart (the grid shows them as tabs). */
export type PortRows = { port: string; rows: number; train?: number; test?: number };

/** How the node's main output differs from its main input, to highlight columns in the grid. */
export type ColumnChanges = { added: string[]; changed: string[]; removed: string[] };

/** Ports whose kinds are only model, metrics or comparison: computed by a run, never on sample rows. */
export function isRunOnlyPort(port: PortDef): boolean {
  return port.kinds.every((k) => k === 'model' || k === 'metrics' || k === 'comparison');
}

const AFTER_RUN_WORDS = { model: ['trained model', 'is'], metrics: ['metrics', 'are'], comparison: ['model comparison', 'is'] } as const;

export function afterRunPort(port: PortDef, nodeName: string): PreviewPort {
  const kind = port.kinds.includes('model') ? 'model' : port.kinds.includes('comparison') ? 'comparison' : 'metrics';
  const [what, are] = AFTER_RUN_WORDS[kind];
  return { port: port.name, kind, afterRun: true, message: `The ${what} of ${nodeName} ${are} shown after a run, not on sample rows. Run the pipeline to see the last run's result.` };
}

export function previewPort(port: string, value: PortValue, rowLimit: number): PreviewPort {
  if (value.kind === 'table') return { port, kind: 'table', table: previewTable(value.table, rowLimit) };
  if (value.kind === 'split') return { port, kind: 'split', train: previewTable(value.train, rowLimit), test: previewTable(value.test, rowLimit) };
  return { port, kind: value.kind, afterRun: true, message: `The ${value.kind} output '${port}' is shown after a run.` };
}

function previewTable(table: Table, rowLimit: number): PreviewTable {
  return { schema: tableSchema(table), rowCount: table.rowCount, head: viewHead(table, rowLimit), truncated: table.rowCount > rowLimit };
}

/** The first `n` rows as subarray views: nothing is copied, and the cached output stays untouched. */
function viewHead(table: Table, n: number): Table {
  const count = Math.max(0, Math.min(n, table.rowCount));
  if (count === table.rowCount) return table;
  return {
    rowCount: count,
    columns: table.columns.map((col): Column => (col.kind === 'category' ? { ...col, codes: col.codes.subarray(0, count) } : { ...col, values: col.values.subarray(0, count) })),
  };
}

export function countPortRows(port: string, value: PortValue): PortRows | undefined {
  if (value.kind === 'table') return { port, rows: value.table.rowCount };
  if (value.kind === 'split') return { port, rows: value.train.rowCount + value.test.rowCount, train: value.train.rowCount, test: value.test.rowCount };
  return undefined;
}

/** The table a grid compares: a table, or a split's training rows. */
function mainTable(value: PortValue | undefined): Table | undefined {
  return value?.kind === 'table' ? value.table : value?.kind === 'split' ? value.train : undefined;
}

/**
 * Added, changed and removed columns of `output` against `input` (both the first table-like port).
 * A column counts as changed when its kind differs or, if the row count is unchanged, any value does;
 * with fewer or more rows (a filter) values cannot be lined up, so only kinds are compared.
 */
export function diffColumns(input: PortValue | undefined, output: PortValue | undefined): ColumnChanges {
  const before = mainTable(input);
  const after = mainTable(output);
  if (!after) return { added: [], changed: [], removed: [] };
  if (!before) return { added: after.columns.map((c) => c.name), changed: [], removed: [] };
  const old = new Map(before.columns.map((c) => [c.name, c]));
  const kept = new Set(after.columns.map((c) => c.name));
  const sameRows = before.rowCount === after.rowCount;
  return {
    added: after.columns.filter((c) => !old.has(c.name)).map((c) => c.name),
    changed: after.columns.filter((c) => old.has(c.name) && !sameColumn(old.get(c.name)!, c, sameRows)).map((c) => c.name),
    removed: before.columns.filter((c) => !kept.has(c.name)).map((c) => c.name),
  };
}

function sameColumn(a: Column, b: Column, compareValues: boolean): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (!compareValues) return true;
  if (a.kind !== 'category' && b.kind !== 'category') {
    for (let i = 0; i < a.values.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      if (x !== y && !(x !== x && y !== y)) return false; // both NaN: both missing, unchanged
    }
    return true;
  }
  if (a.kind !== 'category' || b.kind !== 'category') return false;
  const sameDictionary = a.dictionary === b.dictionary;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i];
    const y = b.codes[i];
    if (sameDictionary ? x !== y : (x < 0 ? null : a.dictionary[x]) !== (y < 0 ? null : b.dictionary[y])) return false;
  }
  return true;
}
