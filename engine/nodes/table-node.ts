import type { z } from 'zod';
import type { FittedSources, NodeDefinition, RunContext } from '../define-node';
import type { Table } from '../table';
import { tableSchema } from '../table-ops';
import { defineDataNode, type DataNodeSpec } from './preprocess-node';

/**
 * Shared shape of the column and row transforms (select, drop, rename, cast, deduplicate, sort,
 * sample): one `data` input taking a table or a split, one output of the same kind. Nothing is
 * learned, so on a split the same transform runs on the train and the test rows alike.
 *
 * `replay` is given only by transforms a prediction request must see too (rename, cast, select, drop): the model's
 * features carry the new names and kinds, so raw records have to be brought into the same shape.
 * Row transforms are never replayed: a prediction answers every record it is given. Column selections
 * are, dropping what a record carries beyond them, so a later replayed step sees the columns it was fitted on.
 */
type TableTransformSpec<P extends z.ZodObject> = DataNodeSpec<P> & {
  /** `side` names the part of a split ('train'/'test') for messages; undefined on a plain table. */
  apply(table: Table, params: z.infer<P>, ctx: RunContext, side?: 'train' | 'test'): Table;
  /** Applies the step to a raw prediction record table; must tolerate absent columns (e.g. the target). */
  replay?(table: Table, params: z.infer<P>): Table;
  /** Required with `replay`: see FittedSources (the state is the params). */
  replaySources?: FittedSources<z.infer<P>>;
  /**
   * For a transform whose rows are made anew (Group-by: one per group), which no request's record can be
   * replayed through: the steps before it are dropped, and prediction records look like its output.
   */
  startsAfresh?: boolean;
};

/** A step's sources over its stored state, read back as its params. */
function sourcesOf<T>(sources: FittedSources<T> | undefined, read: (state: unknown) => T): FittedSources | undefined {
  return typeof sources === 'function' ? (state) => sources(read(state)) : sources;
}

export function defineTableTransform<P extends z.ZodObject>(spec: TableTransformSpec<P>): NodeDefinition<P> {
  const replay = spec.replay;
  return defineDataNode(spec, {
    runTable: (table, params, ctx) => ({
      table: spec.apply(table, params, ctx),
      ...(replay ? { step: { type: spec.type, version: spec.version, state: params } } : {}),
      ...(spec.startsAfresh ? { fresh: true } : {}),
    }),
    runSplit(split, params, ctx) {
      const train = spec.apply(split.train, params, ctx, 'train');
      const test = spec.apply(split.test, params, ctx, 'test');
      if (spec.startsAfresh) return { ...split, train, test, fitted: [], inputSchema: tableSchema(train) };
      const fitted = replay ? [...split.fitted, { type: spec.type, version: spec.version, state: params }] : split.fitted;
      return { ...split, train, test, fitted };
    },
    applyFitted: replay ? (table, state) => replay(table, spec.params.parse(state)) : undefined,
    fittedSources: replay ? sourcesOf(spec.replaySources, (state) => spec.params.parse(state)) : undefined,
  });
}
