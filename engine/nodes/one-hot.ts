import { z } from 'zod';
import { applyOneHot, compareText, fitOneHot, indicatorColumnName, MAX_ONE_HOT_CATEGORIES, oneHotUnseenReading, otherColumnName, type OneHotState } from '../kernels/one-hot';
import type { ColumnSchema } from '../table';
import { columns } from '../ui-hints';
import { checkSchemaColumns, definePreprocessNode } from './preprocess-node';
import { unseenCategories } from '../kernels/unseen-categories';

const oneHotParams = z.object({
  columns: z
    .array(z.string())
    .min(1, 'Pick at least one category column to encode.')
    .meta({ title: 'Columns', description: 'Category columns to turn into 0/1 columns.', ...columns({ columnKind: 'category' }) }),
  maxCategories: z
    .number()
    .int()
    .min(1)
    .max(MAX_ONE_HOT_CATEGORIES)
    .default(20)
    .meta({ title: 'Most columns per column', description: "Only the most frequent values get a column; all others go to '<column>_other'." }),
  dropFirst: z.boolean().default(false).meta({ title: 'Drop first', description: 'Leave out the first value’s column (it reads as all zeros); avoids a redundant column in linear models.' }),
});

/** Columns One-hot makes from a category column, as far as the edit-time schema tells. */
function encodedSchema(col: ColumnSchema, maxCategories: number, dropFirst: boolean): ColumnSchema[] {
  const values = [...(col.categories ?? [])].sort(compareText);
  // Which values are the most frequent is known only once rows are read, so every candidate is offered.
  if (values.length > maxCategories) return [...values, null].map((v) => ({ name: v === null ? otherColumnName(col.name) : indicatorColumnName(col.name, v), kind: 'number' }));
  return values.slice(dropFirst ? 1 : 0).map((value) => ({ name: indicatorColumnName(col.name, value), kind: 'number' }));
}

/** Each indicator column (and the other column) comes from the column it encodes; the rest pass through. */
function oneHotSources(state: OneHotState): (output: string) => readonly string[] {
  const from = new Map<string, string>();
  for (const entry of state.columns) {
    for (const value of entry.categories) from.set(indicatorColumnName(entry.column, value), entry.column);
    if (entry.other) from.set(otherColumnName(entry.column), entry.column);
  }
  return (output) => [from.get(output) ?? output];
}

export const oneHotNode = definePreprocessNode({
  type: 'one-hot',
  version: 2,
  title: 'One-hot',
  description:
    "Replaces each chosen category column by one 0/1 column per value (named 'column=value'); past the most frequent values, the rest share one '_other' column. Missing values, and new values when there is no other column, become all zeros.",
  params: oneHotParams,
  migrate(params) {
    // Version 1 encoded every value (refusing past 1,000) and never dropped one: keep that for saved graphs.
    if (!params || typeof params !== 'object') return params;
    return { maxCategories: MAX_ONE_HOT_CATEGORIES, dropFirst: false, ...params };
  },
  fit: fitOneHot,
  apply: applyOneHot,
  // Values an 'other' column takes are expected; the rest turn every indicator column to 0.
  unseen: (table, state) => unseenCategories(table, state.columns.filter((entry) => !entry.other), oneHotUnseenReading),
  sources: oneHotSources,
  transformSchema(schema, p) {
    checkSchemaColumns(schema, p.columns, 'One-hot', 'category');
    const chosen = new Set(p.columns);
    return { columns: schema.columns.flatMap((col) => (chosen.has(col.name) ? encodedSchema(col, p.maxCategories, p.dropFirst) : [col])) };
  },
});
