import { UserError } from '../define-node';
import { checkExpression, type CheckedExpression } from '../expr';
import type { Table, TableSchema } from '../table';
import { tableSchema, takeRows } from '../table-ops';
import { selectRows } from './row-selection';

/** Checks a filter expression against a schema: it must be a condition (true/false). */
export function checkFilterExpression(source: string, schema: TableSchema): CheckedExpression {
  let checked: CheckedExpression;
  try {
    checked = checkExpression(source, schema);
  } catch (error) {
    if (error instanceof UserError) error.message = `Filter: ${error.message}`;
    throw error;
  }
  if (checked.type !== 'boolean') {
    const got = checked.type === 'number' ? 'a number' : checked.type === 'string' ? 'text' : 'always missing';
    throw new UserError(`Filter: the expression gives ${got}, but a filter keeps the rows where it is true. Write a condition, e.g. \`Body Mass (g)\` > 3000 and Sex == 'male'.`);
  }
  return checked;
}

/** Keeps the rows where the expression is true; rows where it is false or missing are dropped. */
export function filterByExpression(table: Table, source: string): Table {
  const values = checkFilterExpression(source, tableSchema(table)).compiled.run(table, table.rowCount);
  if (values.kind !== 'num') throw new Error('A condition evaluated to text; the type check should have refused it.');
  const keep = values.values;
  let kept = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] === 1) kept++;
  const rows = new Int32Array(kept);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i] === 1) rows[j++] = i;
  return selectRows(table, rows, takeRows);
}
