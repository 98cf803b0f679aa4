import type { z } from 'zod';
import type { FittedSources, NodeDefinition, RunContext } from '../define-node';
import type { Table } from '../table';
import { defineDataNode, type DataNodeSpec } from './preprocess-node';

/**
 * Shared shape of the column and row transforms (select, drop, rename, cast, deduplicate, sort,
 * sample): one `data` input taking a table or a split, one output of the same kind. Nothing is
 * learned, so on a split the same transform runs on the train and the test rows alike.
 *
 * `replay` is given only by transforms a prediction request must see too (rename, cast): the model's
 * features carry the new names and kinds, so raw records have to be brought into the same shape.
 * Row transforms and column selections are never replayed: a prediction answers every record it is
 * given, and the model picks its features by name, so extra columns are harmless.
 */
type TableTransformSpec<P extends z.ZodObject> = DataNodeSpec<P> & {
  /** `side` names the part of a split ('train'/'test') for messages; undefined on a plain table. */
  apply(table: Table, params: z.infer<P>, ctx: RunContext, side?: 'train' | 'test'): Table;
  /** Applies the step to a raw prediction record table; must tolerate absent columns (e.g. the target). */
  replay?(table: Table, params: z.infer<P>): Table;
  /** Required with `replay`: see FittedSources (the state is the params). */
  replaySources?: FittedSources<z.infer<P>>;
};

/** A step's sources over its stored state, read back as its params. */
function sourcesOf<T>(sources: FittedSources<T> | undefined, read: (state: unknown) => T): FittedSources | undefined {
  return typeof sources === 'function' ? (state) => sources(read(state)) : sources;
}

export function defineTableTransform<P extends z.ZodObject>(spec: TableTransformSpec<P>): NodeDefinition<P> {
  const replay = spec.replay;
  return defineDataNode(spec, {
    runTable: (table, params, ctx) => ({ table: spec.apply(table, params, ctx), ...(replay ? { step: { type: spec.type, version: spec.version, state: params } } : {}) }),
    runSplit(split, params, ctx) {
      const train = spec.apply(split.train, params, ctx, 'train');
      const test = spec.apply(split.test, params, ctx, 'test');
      const fitted = replay ? [...split.fitted, { type: spec.type, version: spec.version, state: params }] : split.fitted;
      return { ...split, train, test, fitted };
    },
    applyFitted: replay ? (table, state) => replay(table, spec.params.parse(state)) : undefined,
    fittedSources: replay ? sourcesOf(spec.replaySources, (state) => spec.params.parse(state)) : undefined,
  });
}
