import type { z } from 'zod';
import type { UnseenValue } from '../kernels/unseen-categories';
import { defineNode, UserError, type FittedSources, type FittedStep, type NodeDefinition, type PortSchema, type PortValue, type RunContext, type SplitValue, type TableValue } from '../define-node';
import type { Table, TableSchema } from '../table';
import { tableSchema } from '../table-ops';

/** What every data-in, data-out node declares: its identity, parameters and edit-time output schema. */
export type DataNodeSpec<P extends z.ZodObject> = {
  type: string;
  version: number;
  title: string;
  description: string;
  params: P;
  migrate?(params: unknown, fromVersion: number): unknown;
  /** Edit-time output schema; throws UserError for a bad configuration (e.g. a missing column). */
  transformSchema(schema: TableSchema, params: z.infer<P>): TableSchema;
  /** Edit-time notes on a configuration that runs but may not do what was meant (see NodeDefinition.warnings). */
  warnings?(params: z.infer<P>): string[];
};

/**
 * Shared shape of the preprocess nodes: one `data` input taking a table or a split, and one `data`
 * output of the same kind. On a table the step is fitted and applied to all rows; on a split it is
 * fitted on the training rows only, applied unchanged to the test rows, and recorded as a
 * FittedStep so a model can replay it on raw prediction records.
 */
type PreprocessSpec<P extends z.ZodObject, S> = DataNodeSpec<P> & {
  fit(table: Table, params: z.infer<P>): S;
  apply(table: Table, state: S): Table;
  /** How the rows the state was fitted on are transformed, when that differs from `apply` (target encoding's cross-fitting). */
  applyToFitRows?(table: Table, state: S, params: z.infer<P>): Table;
  /** Whether predictions replay this step (false for steps that drop rows, like Filter). */
  replayable?: boolean;
  /** False for a step whose `fit` learns nothing from the rows (Filter, Derive): see NodeDefinition.fitsOnRows. */
  learns?: boolean;
  /** Required of a replayed step: see FittedSources. */
  sources?: FittedSources<S>;
  /** An encoder's categories its replay meets but never saw: see NodeDefinition.unseenValues. */
  unseen?(table: Table, state: S): UnseenValue[];
};

export const DATA_PORT = [{ name: 'data', label: 'Data', kinds: ['table', 'split'] }] as const;

/**
 * The part every data-in, data-out preprocess node shares: ports, the edit-time schema of a table or a
 * split, and the message when nothing is connected. Callers add how a table and a split are run.
 */
export function defineDataNode<P extends z.ZodObject>(
  spec: DataNodeSpec<P>,
  behaviour: {
    /**
     * `step` when predictions replay it: recorded on the table, for a Split downstream to take over. `fresh` when
     * the rows are made anew (a Group-by's one per group): prediction records then look like this output.
     */
    runTable(table: Table, params: z.infer<P>, ctx: RunContext): { table: Table; step?: FittedStep; fresh?: boolean };
    runSplit(split: SplitValue, params: z.infer<P>, ctx: RunContext): SplitValue;
    applyFitted?(table: Table, state: unknown): Table;
    fittedSources?: FittedSources;
    fitsOnRows?: boolean;
    unseenValues?(table: Table, state: unknown): UnseenValue[];
  },
): NodeDefinition<P> {
  const notConnected = () => new UserError(`${spec.title}: connect a table or a split to the 'data' input.`);
  return defineNode({
    type: spec.type,
    version: spec.version,
    title: spec.title,
    category: 'preprocess',
    description: spec.description,
    inputs: DATA_PORT,
    outputs: DATA_PORT,
    params: spec.params,
    migrate: spec.migrate,
    warnings: spec.warnings ? (_inputs, params) => spec.warnings!(params) : undefined,
    outputSchema(inputs, params): Record<string, PortSchema> {
      const input = inputs.data;
      if (input?.kind !== 'table' && input?.kind !== 'split') throw notConnected();
      return { data: { kind: input.kind, schema: spec.transformSchema(input.schema, params) } };
    },
    async run(inputs, params, ctx): Promise<Record<string, PortValue>> {
      const input = inputs.data;
      if (input?.kind === 'table') {
        const { table, step, fresh } = behaviour.runTable(input.table, params, ctx);
        return { data: fresh ? { kind: 'table', table } : tableAfter(input, table, step) };
      }
      if (input?.kind !== 'split') throw notConnected();
      return { data: behaviour.runSplit(input, params, ctx) };
    },
    applyFitted: behaviour.applyFitted,
    fittedSources: behaviour.fittedSources,
    unseenValues: behaviour.unseenValues,
    ...(behaviour.fitsOnRows ? { fitsOnRows: true } : {}),
  });
}

/**
 * A step's output table: the steps replayed since the raw rows go on with it, `step` added. Steps that are
 * not replayed (a Filter, a column selection) change no column a request sends, so they pass them on.
 */
export function tableAfter(input: TableValue, table: Table, step?: FittedStep): TableValue {
  const fitted = input.fitted ?? [];
  return { kind: 'table', table, fitted: step ? [...fitted, step] : fitted, inputSchema: input.inputSchema ?? tableSchema(input.table) };
}

export function definePreprocessNode<P extends z.ZodObject, S>(spec: PreprocessSpec<P, S>): NodeDefinition<P> {
  const replayable = spec.replayable ?? true;
  const applyToFitRows = (table: Table, state: S, params: z.infer<P>) => (spec.applyToFitRows ? spec.applyToFitRows(table, state, params) : spec.apply(table, state));
  return defineDataNode(spec, {
    runTable(table, params) {
      const state = spec.fit(table, params);
      return { table: applyToFitRows(table, state, params), ...(replayable ? { step: { type: spec.type, version: spec.version, state } } : {}) };
    },
    runSplit(split, params) {
      const state = spec.fit(split.train, params);
      const fitted = replayable ? [...split.fitted, { type: spec.type, version: spec.version, state }] : split.fitted;
      return { ...split, train: applyToFitRows(split.train, state, params), test: spec.apply(split.test, state), fitted };
    },
    applyFitted: replayable ? (table, state) => spec.apply(table, state as S) : undefined,
    fittedSources: replayable ? (spec.sources as FittedSources | undefined) : undefined,
    fitsOnRows: spec.learns ?? true,
    unseenValues: replayable && spec.unseen ? (table, state) => spec.unseen!(table, state as S) : undefined,
  });
}

/** Edit-time check that every named column exists (and has the wanted kind); lists the alternatives. */
export function checkSchemaColumns(schema: TableSchema, names: readonly string[], where: string, kind?: 'number' | 'category'): void {
  for (const name of names) {
    const col = schema.columns.find((c) => c.name === name);
    if (!col) {
      throw new UserError(`${where}: column '${name}' was not found. Available columns: ${schema.columns.map((c) => c.name).join(', ') || '(none)'}.`, { column: name });
    }
    if (kind && col.kind !== kind) {
      const wanted = kind === 'number' ? 'numeric' : 'category';
      const hint = col.kind === 'date' ? ' A date column can be turned into numbers with a Date parts node first.' : '';
      throw new UserError(`${where}: column '${name}' is not a ${wanted} column. Pick ${wanted} columns only.${hint}`, { column: name });
    }
  }
}
