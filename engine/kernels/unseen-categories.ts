import type { Table } from '../table';

/**
 * A category a fitted encoder meets in rows it is replayed on (prediction records) that it never saw in the
 * rows it was fitted on. The encoder still reads it (One-hot as none of its columns, Frequency as 0, ...) and
 * the prediction goes on, so the caller is told what was read how instead of getting a quietly different answer.
 */
export type UnseenValue = { record: number; column: string; value: string; known: readonly string[]; reading: string };

/** What an encoder fitted per column: the values it knows (and One-hot's dropped first value, known too). */
type Encoded = { column: string; categories: readonly string[]; dropped?: string };

/** Every value an entry knows: its categories, after One-hot's dropped first value when it has one. */
export const knownValuesOf = (entry: Encoded): readonly string[] => (entry.dropped !== undefined ? [entry.dropped, ...entry.categories] : entry.categories);

/** The rows whose value of an entry's column is none its entry knows, in row order per column. `reading`: what the step made of them. */
export function unseenCategories<E extends Encoded>(table: Table, entries: readonly E[], reading: string | ((entry: E) => string)): UnseenValue[] {
  const unseen: UnseenValue[] = [];
  for (const entry of entries) {
    const col = table.columns.find((c) => c.name === entry.column);
    if (col?.kind !== 'category') continue; // the step's own apply names a column that is absent or of another kind
    const knownList = knownValuesOf(entry);
    const known = new Set(knownList);
    const isUnseen = col.dictionary.map((value) => !known.has(value));
    if (!isUnseen.includes(true)) continue;
    const said = typeof reading === 'string' ? reading : reading(entry);
    for (let row = 0; row < table.rowCount; row++) {
      const code = col.codes[row];
      if (code >= 0 && isUnseen[code]) unseen.push({ record: row, column: entry.column, value: col.dictionary[code], known: knownList, reading: said });
    }
  }
  return unseen;
}
