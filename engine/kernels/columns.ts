import { UserError } from '../define-node';
import type { Column, Table, TableSchema } from '../table';

/**
 * Column selection and renaming. These only rearrange column objects: the typed arrays are shared,
 * not copied, so they cost nothing on a million rows. Both work on tables and on edit-time schemas
 * (any `{ columns: { name }[] }`), so run and edit time give the same answer and the same message.
 */
type Named = { name: string };
type HasColumns<C extends Named> = { columns: C[] };

/** Longest column name accepted; long enough for any real header, short enough for a grid header. */
export const MAX_COLUMN_NAME_LENGTH = 200;
/** Names that turn into prototype keys when a consumer builds a plain object keyed by column name. */
const HOSTILE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function missing(where: string, name: string, available: readonly Named[]): UserError {
  const names = available.map((c) => c.name).join(', ');
  return new UserError(`${where}: column '${name}' was not found. Available columns: ${names || '(none)'}. Remove it from the list or pick another column.`, { column: name });
}

/** Keeps the named columns, in the order given. */
export function selectColumns<C extends Named>(table: HasColumns<C>, names: readonly string[], where: string): C[] {
  if (names.length === 0) throw new UserError(`${where}: no columns are chosen, which would leave an empty table. Pick at least one column to keep.`);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const seen = new Set<string>();
  return names.map((name) => {
    const col = byName.get(name);
    if (!col) throw missing(where, name, table.columns);
    if (seen.has(name)) throw new UserError(`${where}: column '${name}' is listed twice. Keep each column once.`, { column: name });
    seen.add(name);
    return col;
  });
}

/** Removes the named columns; `lenient` skips names the table lacks (replay on prediction records). */
export function dropColumns<C extends Named>(table: HasColumns<C>, names: readonly string[], where: string, lenient = false): C[] {
  const present = new Set(table.columns.map((c) => c.name));
  if (!lenient) for (const name of names) if (!present.has(name)) throw missing(where, name, table.columns);
  const dropped = new Set(names);
  const kept = table.columns.filter((c) => !dropped.has(c.name));
  if (kept.length === 0 && table.columns.length > 0) {
    throw new UserError(`${where}: every column would be dropped, which leaves an empty table. Keep at least one column.`);
  }
  return kept;
}

export type Rename = { from: string; to: string };

/** Says what is wrong with a new column name, or nothing when it is fine. */
export function checkNewColumnName(name: string, where: string): void {
  if (name.trim() === '') throw new UserError(`${where}: a new column name is empty. Type a name, e.g. 'label'.`);
  if (name !== name.trim()) throw new UserError(`${where}: the new name '${name}' starts or ends with spaces. Remove them; such names are easy to mistype later.`, { column: name });
  if (name.length > MAX_COLUMN_NAME_LENGTH) throw new UserError(`${where}: the new name '${name.slice(0, 40)}…' is ${name.length} characters long. Use at most ${MAX_COLUMN_NAME_LENGTH}.`, { column: name });
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new UserError(`${where}: the new name ${JSON.stringify(name)} contains a control character (such as a tab, newline or NUL). Use printable characters only.`, { column: name });
  if (HOSTILE_NAMES.has(name)) throw new UserError(`${where}: '${name}' is reserved and cannot be a column name. Pick another name, e.g. '${name.replace(/_/g, '')}_value'.`, { column: name });
}

/**
 * Renames columns; every source must exist (unless `lenient`), each at most once, and the result
 * must have unique names (renames are applied together, so 'a'→'b' with 'b'→'a' swaps them).
 */
export function renameColumns<C extends Named>(table: HasColumns<C>, renames: readonly Rename[], where: string, lenient = false): C[] {
  const present = new Set(table.columns.map((c) => c.name));
  const map = new Map<string, string>();
  for (const { from, to } of renames) {
    if (!present.has(from)) {
      if (lenient) continue;
      throw missing(where, from, table.columns);
    }
    if (map.has(from)) throw new UserError(`${where}: column '${from}' is renamed twice (to '${map.get(from)}' and to '${to}'). Keep one of the two.`, { column: from });
    checkNewColumnName(to, where);
    map.set(from, to);
  }
  const renamed = table.columns.map((c) => {
    const to = map.get(c.name);
    return to === undefined ? c : { ...c, name: to };
  });
  const seen = new Set<string>();
  for (const c of renamed) {
    if (seen.has(c.name)) throw new UserError(`${where}: two columns would both be named '${c.name}'. Pick a name no other column has, or rename or drop that column too.`, { column: c.name });
    seen.add(c.name);
  }
  return renamed;
}

export const withColumns = (table: Table, columns: Column[]): Table => ({ rowCount: table.rowCount, columns });
export const schemaWith = (columns: TableSchema['columns']): TableSchema => ({ columns });
