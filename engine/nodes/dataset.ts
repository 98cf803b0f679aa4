import { z } from 'zod';
import { defineNode, UserError, type StoredDatasetRef } from '../define-node';
import { placeholderWarnings } from '../io/placeholder-values';
import { readSchema, tokenSet, type ColumnTypeOverride, type ReadOptions } from '../io/read-options';
import type { Table, TableSchema } from '../table';
import { tableSchema } from '../table-ops';
import { column, dataset as datasetHint } from '../ui-hints';

/** Loads a bundled sample or an uploaded dataset version; the host decides where the bytes come from. */
export const datasetRefSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('sample'), name: z.string().min(1) }),
  z.object({ source: z.literal('upload'), datasetVersionId: z.string().min(1) }),
]);

/** How a source node reads its columns; shared with nodes that read files from elsewhere (Fetch). */
export const readParams = {
  missingTokens: z
    .array(z.string().max(100))
    .max(100)
    .default([])
    .meta({
      title: 'Also read as missing',
      description: 'Values that mean "no value" in this file, separated by spaces, e.g. ? . - -999. Empty cells and NA, N/A, NaN, null, None are always missing.',
    }),
  types: z
    .array(
      z.object({
        column: z.string().min(1, 'Pick a column.').meta({ title: 'Column', ...column() }),
        type: z.enum(['number', 'category', 'date', 'skip']).default('category').meta({ title: 'Read as' }),
      }).meta({ title: 'Column type' }),
    )
    .max(1000)
    .default([])
    .meta({
      title: 'Column types',
      description: 'Overrides the detected type of a column, or skips it. Values that cannot be read as the chosen type become missing; the run log counts them.',
    }),
};

type ReadParams = { missingTokens: string[]; types: { column: string; type: ColumnTypeOverride }[] };

/** The parse options of a source node's params; a column listed twice is a mistake, not a precedence rule. */
export function readOptionsOf(p: ReadParams, where: string): ReadOptions {
  const types: Record<string, ColumnTypeOverride> = {};
  for (const { column: name, type } of p.types) {
    if (Object.hasOwn(types, name)) throw new UserError(`${where}: column '${name}' has two type overrides. Keep one of them.`, { column: name });
    types[name] = type;
  }
  return { missingTokens: p.missingTokens, types, where };
}

/**
 * A source's output value besides its table: with 'Also read as missing' set, the rows as prediction records
 * send them carry the tokens, which records from the same source may still hold (predict-records.ts reads them as null).
 */
export function sourceInputSchema(table: Table, tokens: readonly string[]): { inputSchema?: TableSchema } {
  const kept = [...tokenSet(tokens)];
  return kept.length > 0 ? { inputSchema: { ...tableSchema(table), missingTokens: kept } } : {};
}

function describeRef(ref: StoredDatasetRef): string {
  return ref.source === 'sample' ? `sample '${ref.name}'` : `uploaded dataset version '${ref.datasetVersionId}'`;
}

export const datasetNode = defineNode({
  type: 'dataset',
  version: 2,
  title: 'Dataset',
  category: 'fetch',
  description: 'Reads a bundled sample or one of your uploaded datasets as a table; optionally with more missing-value markers and chosen column types.',
  inputs: [],
  outputs: [{ name: 'data', label: 'Table', kinds: ['table'] }],
  params: z.object({
    dataset: datasetRefSchema
      .default({ source: 'sample', name: 'penguins' })
      .meta({ title: 'Dataset', description: 'Which dataset to read.', ...datasetHint() }),
    ...readParams,
  }),
  // Version 1 had no read options: it read every column as detected, with the built-in missing values.
  migrate: (params, fromVersion) => (fromVersion < 2 ? { missingTokens: [], types: [], ...(params as object) } : params),
  outputSchema(_inputs, params, ctx) {
    const schema = ctx.datasetSchema(params.dataset);
    if (!schema) throw new UserError(`Dataset: the ${describeRef(params.dataset)} was not found. It may have been deleted; pick another dataset.`);
    return { data: { kind: 'table', schema: readSchema(schema, readOptionsOf(params, 'Dataset')) } };
  },
  warnings(_inputs, params, ctx) {
    const stored = ctx.datasetSchema(params.dataset);
    return stored ? placeholderWarnings(readSchema(stored, readOptionsOf(params, 'Dataset')), 'Dataset') : [];
  },
  datasets: (params) => [params.dataset],
  async run(_inputs, params, ctx) {
    ctx.progress(0, `Loading ${describeRef(params.dataset)}`);
    // The host parses with the options, so a column read as text keeps its spelling (`02134`).
    const table = await ctx.loadDataset(params.dataset, readOptionsOf(params, 'Dataset'));
    ctx.progress(1);
    return { data: { kind: 'table', table, ...sourceInputSchema(table, params.missingTokens) } };
  },
});
