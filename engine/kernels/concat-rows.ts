import { UserError } from '../define-node';
import type { CategoryColumn, Column, ColumnSchema, Table } from '../table';
import { mergeDictionaries } from './gather';
import { hasValues } from './key-index';

/**
 * Stacks the rows of two tables, matching columns by name: the first table's rows, then the second's.
 * 'union' keeps every column (cells a table lacks are missing), 'intersection' only the shared ones;
 * columns come in the first table's order, then the second's extra ones. A name holding different
 * types in the two tables is refused rather than converted, since a silent cast would turn numbers
 * into text (or text into missing) behind the user's back. Category dictionaries are merged by text.
 */
export type ConcatMode = 'union' | 'intersection';

type Named = Pick<ColumnSchema, 'name' | 'kind'>;
const typeWord = (kind: string) => (kind === 'category' ? 'categories' : `${kind}s`);

/** The output columns: each with its column in the first and in the second table, where present. */
export function planConcat<C extends Named>(first: readonly C[], second: readonly C[], mode: ConcatMode): { first?: C; second?: C }[] {
  const inSecond = new Map(second.map((c) => [c.name, c]));
  const inFirst = new Set(first.map((c) => c.name));
  const pairs: { first?: C; second?: C }[] = first.map((c) => ({ first: c, second: inSecond.get(c.name) }));
  for (const c of second) if (!inFirst.has(c.name)) pairs.push({ second: c });
  for (const { first: a, second: b } of pairs) {
    if (a && b && a.kind !== b.kind) {
      throw new UserError(
        `Concatenate rows: column '${a.name}' holds ${typeWord(a.kind)} in the first table but ${typeWord(b.kind)} in the second. Add a Cast columns node before one of the inputs so both have the same type.`,
        { column: a.name },
      );
    }
  }
  const kept = mode === 'union' ? pairs : pairs.filter((p) => p.first && p.second);
  if (kept.length === 0) {
    throw new UserError("Concatenate rows: the two tables have no column name in common, so 'intersection' keeps nothing. Rename columns so they match, or choose 'union'.");
  }
  return kept;
}

export function concatSchema(first: readonly ColumnSchema[], second: readonly ColumnSchema[], mode: ConcatMode): ColumnSchema[] {
  return planConcat(first, second, mode).map(({ first: a, second: b }) => {
    const col = (a ?? b)!;
    if (!a?.categories || !b?.categories) return { ...col };
    return { ...col, categories: [...new Set([...a.categories, ...b.categories])] };
  });
}

export function concatRows(first: Table, second: Table, mode: ConcatMode): Table {
  const n1 = first.rowCount;
  const n = n1 + second.rowCount;
  const columns = planConcat(first.columns, second.columns, mode).map(({ first: a, second: b }): Column => {
    const template = (a ?? b)!;
    if (hasValues(template)) {
      const values = new Float64Array(n).fill(NaN);
      if (a && hasValues(a)) values.set(a.values, 0);
      if (b && hasValues(b)) values.set(b.values, n1);
      return { ...template, values };
    }
    return concatCategories(a as CategoryColumn | undefined, b as CategoryColumn | undefined, n1, n);
  });
  return { rowCount: n, columns };
}

function concatCategories(a: CategoryColumn | undefined, b: CategoryColumn | undefined, n1: number, n: number): CategoryColumn {
  const { dictionary, remap } = mergeDictionaries(a?.dictionary ?? [], b?.dictionary ?? []);
  const codes = new Int32Array(n).fill(-1);
  if (a) codes.set(a.codes, 0);
  if (b) {
    const src = b.codes;
    for (let i = 0; i < src.length; i++) codes[n1 + i] = src[i] < 0 ? -1 : remap[src[i]];
  }
  return { kind: 'category', name: (a ?? b)!.name, codes, dictionary };
}
