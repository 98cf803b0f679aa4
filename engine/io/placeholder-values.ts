import type { TableSchema } from '../table';
import { looksNumeric } from './numeric-text';

/**
 * Text files' usual stand-ins for "no value" that are not read as missing unless a source node is told to
 * (empty cells, NA, N/A, NaN, null and None always are): the penguins sample's '.' for an unknown sex, the
 * UCI files' '?'. Left as they are they make a category of their own, or a number column text.
 */
const PLACEHOLDERS = new Set(['.', '?', '-', '--', '#N/A', '(missing)', '(blank)']);

/** Edit-time notes naming each column that holds a placeholder, and the setting that reads it as missing. */
export function placeholderWarnings(schema: TableSchema, where: string): string[] {
  return schema.columns.flatMap((col) => {
    if (col.kind !== 'category' || !col.categories) return [];
    const found = col.categories.filter((value) => PLACEHOLDERS.has(value.trim()));
    if (found.length === 0) return [];
    const quoted = found.map((value) => `'${value}'`).join(' and ');
    const rest = col.categories.filter((value) => !found.includes(value));
    return looksNumeric(rest)
      ? [`${where}: column '${col.name}' is read as text only because of ${quoted}: add ${found.length === 1 ? 'it' : 'them'} to 'Also read as missing' to read the column as numbers.`]
      : [`${where}: column '${col.name}' holds ${quoted}, which usually means no value: add ${found.length === 1 ? 'it' : 'them'} to 'Also read as missing', or ${found.length === 1 ? 'it becomes a category' : 'they become categories'} of ${found.length === 1 ? 'its' : 'their'} own.`];
  });
}
