import { z } from 'zod';
import { UserError } from '../define-node';
import { checkExpression, columnSchemaFor, evaluateExpression } from '../expr';
import { readAsDate } from '../kernels/date-parts';
import { valuesColumn, type Column, type ColumnKind, type ColumnSchema, type Table, type TableSchema } from '../table';
import { readAsCategory, tableSchema } from '../table-ops';
import { expression } from '../ui-hints';
import { definePreprocessNode } from './preprocess-node';

const deriveParams = z.object({
  name: z.string().trim().min(1, 'Name the new column.').max(200).meta({ title: 'New column name' }),
  expression: z
    .string()
    .min(1, 'Write an expression, e.g. `Unit price` * Quantity.')
    .max(2000)
    .meta({ title: 'Expression', description: "e.g. `Unit price` * Quantity, or if(Country == 'France', 1, 0). Column names with spaces go in backticks.", ...expression() }),
  replace: z.boolean().default(false).meta({ title: 'Replace an existing column of that name' }),
});
type DeriveParams = z.infer<typeof deriveParams>;

/** What a prediction needs to replay the step: the params, and the kinds of the columns it reads. */
export type DeriveState = DeriveParams & { reads: { name: string; kind: ColumnKind }[] };

const where = (p: DeriveParams) => `Derive '${p.name}'`;

/** Checks params against a schema; the error names the node's column and points at the token. */
function check(schema: TableSchema, p: DeriveParams) {
  if (!p.replace && schema.columns.some((c) => c.name === p.name)) {
    throw new UserError(`${where(p)}: a column named '${p.name}' already exists. Pick another name, or turn on 'Replace an existing column'.`, { column: p.name });
  }
  try {
    const checked = checkExpression(p.expression, schema);
    return { checked, column: columnSchemaFor(p.name, checked.type) };
  } catch (error) {
    if (error instanceof UserError) {
      error.message = `${where(p)}: ${error.message}`;
    }
    throw error;
  }
}

/** Puts the derived column in place of the one it replaces, or after the others. */
function place<C extends Column | ColumnSchema>(columns: C[], derived: C): C[] {
  const at = columns.findIndex((c) => c.name === derived.name);
  return at < 0 ? [...columns, derived] : columns.map((c, i) => (i === at ? derived : c));
}

/**
 * Raw prediction records may lack a column the expression reads (typically the one a label was
 * derived from); it reads as missing instead of failing the prediction.
 */
function conform(table: Table, reads: DeriveState['reads']): Table {
  const columns = [...table.columns];
  for (const read of reads) {
    const at = columns.findIndex((c) => c.name === read.name);
    const col = columns[at];
    if (!col) {
      columns.push(read.kind === 'category'
        ? { kind: 'category', name: read.name, codes: new Int32Array(table.rowCount).fill(-1), dictionary: [] }
        : valuesColumn(read.kind, read.name, new Float64Array(table.rowCount).fill(NaN)));
    } else if (read.kind === 'category' && col.kind === 'number') columns[at] = readAsCategory(col) ?? col;
    else if (read.kind === 'date') columns[at] = readAsDate(col) ?? col; // prediction records carry dates as text
  }
  return { rowCount: table.rowCount, columns };
}

function fitDerive(table: Table, p: DeriveParams): DeriveState {
  const schema = tableSchema(table);
  const { checked } = check(schema, p);
  const reads = checked.columns.map((name) => ({ name, kind: schema.columns.find((c) => c.name === name)!.kind }));
  return { ...p, reads };
}

function applyDerive(table: Table, state: DeriveState): Table {
  const input = conform(table, state.reads);
  // A record that already carries the derived column (e.g. the label) gets it recomputed.
  const { checked } = check(tableSchema(input), { ...state, replace: true });
  const derived = evaluateExpression(checked, input, state.name);
  return { rowCount: table.rowCount, columns: place(table.columns, derived) };
}

export const deriveNode = definePreprocessNode({
  type: 'derive',
  version: 1,
  title: 'Derive column',
  description:
    "Adds a column computed from an expression on each row, e.g. `Unit price` * Quantity or `damage` is not null. Learns nothing; on a split it computes the same thing on train and test rows.",
  params: deriveParams,
  fit: fitDerive,
  apply: applyDerive,
  learns: false,
  // The derived column is computed from the columns its expression reads; the others pass through.
  sources: (state: DeriveState) => (output) => (output === state.name ? state.reads.map((r) => r.name) : [output]),
  transformSchema(schema, p) {
    return { columns: place(schema.columns, check(schema, p).column) };
  },
});
