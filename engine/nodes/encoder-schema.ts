import type { TableSchema } from '../table';
import { checkSchemaColumns } from './preprocess-node';

/** Edit-time schema of an encoder that turns the chosen category columns into numbers in place. */
export function encodedAsNumbers(schema: TableSchema, names: readonly string[], where: string): TableSchema {
  checkSchemaColumns(schema, names, where, 'category');
  const chosen = new Set(names);
  return { columns: schema.columns.map((c) => (chosen.has(c.name) ? { name: c.name, kind: 'number' } : c)) };
}
