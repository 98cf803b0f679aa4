import type { z } from 'zod';
import type { UnseenValue } from './kernels/unseen-categories';
import type { ReadOptions } from './io/read-options';
import type { ColumnSchema, Table, TableSchema } from './table';
import type { CurvePoint, ModelArtifact, Task } from './training/model-family';
import type { TargetScaling } from './training/target-scaling';

/**
 * One definition per node type. The canvas (palette, handles, config form), the preview,
 * the worker and the GraphQL `nodeTypes` query all read these objects; nothing lists node types twice.
 */
export type NodeCategory = 'fetch' | 'validate' | 'preprocess' | 'train' | 'evaluate';
export type PortKind = 'table' | 'split' | 'model' | 'metrics' | 'comparison';

/**
 * `many`: the input takes any number of connections (Compare's models, as Orange's Test & Score takes many
 * learners); the node then receives one `many` value listing them. Other inputs take exactly one.
 */
export type PortDef = { name: string; label: string; kinds: readonly PortKind[]; many?: boolean };

/**
 * A model's input columns: those marked `unused` are read by none of its features (traced back through its
 * fitted steps, engine/training/input-lineage.ts), so a prediction record may leave them out.
 */
export type ModelInputSchema = { columns: (ColumnSchema & { unused?: true })[]; missingTokens?: string[] };

/** A transform learned on training rows and replayed unchanged on test rows and prediction requests. */
export type FittedStep = { type: string; version: number; state: unknown };

/**
 * `inputSchema` is the table before its first replayed step (usually the dataset's): what raw prediction
 * records look like, since every step after it that changes columns is replayed from `fitted`, those
 * before the Split first. Absent from splits stored before it.
 */
export type SplitValue = { kind: 'split'; train: Table; test: Table; fitted: FittedStep[]; inputSchema?: TableSchema };
/** How many rows (or, for a table-wide rule, whether the table) broke one data check, e.g. of Validate. */
export type RuleCheck = { rule: string; failed: number; column?: string; side?: 'train' | 'test'; detail?: string };
/** `checks` travels with a table that reports on checks (Validate's failures), into the run summary. */
/**
 * `fitted` and `inputSchema`, as on a split: the steps since the raw rows a prediction request sends
 * (replayable steps on a table, e.g. an Impute or a One-hot before the Split) and those rows' schema, so a
 * Split takes them over and a model replays them too. Absent from a source's table and from a table a
 * step made anew (a Join, a Group-by), whose own rows are then what a request sends.
 */
export type TableValue = { kind: 'table'; table: Table; checks?: RuleCheck[]; fitted?: FittedStep[]; inputSchema?: TableSchema };
export type ModelValue = {
  kind: 'model';
  /** The model family's id (engine/training/model-families.ts), which alone reads `artifact`. */
  algorithm: string;
  task: Task;
  target: string;
  features: string[];
  /** Class names in the order of the predicted probabilities; empty for regression. */
  classes: string[];
  artifact: ModelArtifact;
  /** The family's hyperparameters as fitted, defaults filled in. */
  hyperparameters: Record<string, unknown>;
  fitted: FittedStep[];
  /** When a Rescale in `fitted` scaled the regression target: undone for fitting, so the test target is too before scoring (training/target-scaling.ts). */
  targetScaling?: TargetScaling;
  /** The learning curve: one point per epoch, iteration or tree. */
  history: CurvePoint[];
  /** When Train cross-validated: each metric's mean and standard deviation over the folds. */
  crossValidation?: { folds: number; metrics: Record<string, { mean: number; std: number }> };
  /**
   * The numbers a registry lists, named as Train reports them to the run: `loss`, `validation_loss`,
   * `metric`, `validation_metric` at the last step, and `cv_<metric>_mean` / `cv_<metric>_std`.
   * Absent from models saved before it was recorded.
   */
  metrics?: Record<string, number>;
  /** The columns a prediction request sends (the split's input schema without the target); see SplitValue. */
  inputSchema?: ModelInputSchema;
  /** How Train was asked to fit, besides the family's hyperparameters: what reproduces the model. */
  training?: { seed: number; validationFraction: number; classWeights: 'none' | 'balanced'; crossValidation: number };
  /** Where the model comes from, when the host said (runs on workers do; previews and tests need not). */
  lineage?: RunLineage;
};

/** A source dataset as the host identified it when the run read it; `sha256` is of the bytes read. */
export type DatasetLineage =
  | { source: 'upload'; datasetId: string; name: string; datasetVersionId: string; version: number; sha256: string; rows: number }
  | { source: 'sample'; name: string; sha256: string }
  | { source: 'url'; url: string; sha256?: string };

/**
 * Where a node's output comes from, as the host knows it: the run (and its number among the
 * pipeline's runs), the node, the pipeline version the run pinned, the datasets read by the source
 * nodes upstream of the node, and when the host was asked (ISO 8601).
 */
export type RunLineage = {
  runId: string;
  runNumber: number;
  nodeId: string;
  pipelineId: string;
  pipelineName: string;
  pipelineVersionId: string;
  pipelineVersion: number;
  datasets: DatasetLineage[];
  at: string;
};
/** A chart's line: parallel x/y arrays (thinned), named for its class where there is one per class. */
export type MetricCurve = { label: string; x: number[]; y: number[]; auc?: number };
export type ClassReportRow = { label: string; precision: number; recall: number; f1: number; support: number };
/** Per feature, in the model's feature order; `std` only for permutation importance. */
export type ImportanceRow = { feature: string; value: number; std?: number };
export type MetricsValue = {
  kind: 'metrics';
  task: 'classification' | 'regression';
  metrics: Record<string, number>;
  confusionMatrix?: { labels: string[]; matrix: number[][] };
  perClass?: ClassReportRow[];
  /**
   * Classification: roc, pr (recall on x) and calibration (predicted on x), one curve per class, or
   * the positive class alone for a binary task. Regression: scatter (actual on x, predicted on y) and
   * residuals (predicted on x, actual − predicted on y) of a sample of rows.
   */
  curves?: { roc?: MetricCurve[]; pr?: MetricCurve[]; calibration?: MetricCurve[]; scatter?: MetricCurve; residuals?: MetricCurve };
  importance?: { scoring: string; permutation?: ImportanceRow[]; model?: ImportanceRow[] };
  /** The model's training history, passed through for the learning curve. */
  learningCurve?: ModelValue['history'];
  /** The rows that history is measured on: 'Training', or 'Out-of-bag' for a bootstrapped forest. */
  learningCurveName?: string;
  /** What a reader should know about the numbers, e.g. rows MAPE left out. */
  notes?: string[];
};
/** One model as Compare scored it on the shared test rows. `label` names it in tables and legends. */
export type ComparedModel = {
  /** The node the model came from (its Train node). */
  source: string;
  label: string;
  algorithm: string;
  metrics: Record<string, number>;
  /** 1 for the best on the chosen metric; a model whose metric is undefined ranks last. */
  rank: number;
  /** Classification: the positive class's ROC curve (binary) or the macro average of one-vs-rest curves. */
  roc?: MetricCurve;
  /** Regression: actual (x) against predicted (y) on the same sampled test rows for every model. */
  scatter?: MetricCurve;
};
/** Compare's output: the models ranked on `metric`, best first. */
export type ComparisonValue = {
  kind: 'comparison';
  task: Task;
  target: string;
  metric: string;
  higherIsBetter: boolean;
  testRows: number;
  models: ComparedModel[];
  /** For a binary task, the class whose ROC curves are drawn. */
  positiveClass?: string;
};
export type PortValue = TableValue | SplitValue | ModelValue | MetricsValue | ComparisonValue;

/** One connection into a `many` input: the node it comes from, that node's label if it has one, and the value. */
export type ManyItem<T> = { source: string; label?: string; value: T };
/** What a `many` input receives: every connected value, in the order the connections were drawn. */
export type ManyValue = { kind: 'many'; items: ManyItem<PortValue>[] };
export type ManySchema = { kind: 'many'; items: ManyItem<PortSchema>[] };
/** A node's inputs: one value per single input, a `many` value per many input. */
export type NodeInputValues = Record<string, PortValue | ManyValue>;
export type NodeInputSchemas = Record<string, PortSchema | ManySchema>;

/** What a port carries at edit time, for schema propagation and validation without running anything. */
export type PortSchema =
  | { kind: 'table'; schema: TableSchema }
  | { kind: 'split'; schema: TableSchema }
  | { kind: 'model'; target: string; task: Task; features: string[]; algorithm?: string }
  | { kind: 'metrics' }
  | { kind: 'comparison'; task: Task; target: string };

export const URL_FORMATS = ['auto', 'csv', 'tsv', 'json', 'ndjson', 'npy', 'parquet'] as const;
/** A file at an http(s) URL, read by the host; with format 'auto' the host decides from the response. */
export type UrlDatasetRef = { source: 'url'; url: string; format: (typeof URL_FORMATS)[number] };

/** A dataset the server keeps: a bundled sample or an uploaded version (what the Dataset node picks). */
export type StoredDatasetRef = { source: 'sample'; name: string } | { source: 'upload'; datasetVersionId: string };
/** Anything a node reads from outside the graph; hosts resolve it (RunContext.loadDataset, SchemaContext, content keys). */
export type DatasetRef = StoredDatasetRef | UrlDatasetRef;

export interface SchemaContext {
  /**
   * The schema of a referenced dataset, or undefined when it is not known (e.g. a deleted upload, or a
   * URL not read yet). May throw a UserError saying why it cannot be known (e.g. the URL's last fetch failed).
   */
  datasetSchema(ref: DatasetRef): TableSchema | undefined;
}

export interface RunContext {
  /** fraction in [0, 1]; hosts throttle how often they forward it. */
  progress(fraction: number, message?: string): void;
  log(message: string): void;
  metric(name: string, value: number, step?: number): void;
  signal: AbortSignal;
  /**
   * The dataset as a table, read with `options` by the host's parser from the start (a column read as
   * text keeps its spelling, e.g. `02134`); hosts key any cache of parsed tables by ref and options.
   */
  loadDataset(ref: DatasetRef, options?: DatasetReadOptions): Promise<Table>;
  /**
   * This node's lineage, for outputs that outlive the run (Train's model); the host looks it up when
   * asked. Hosts that keep no record (previews, tests) leave it out.
   */
  lineage?(): Promise<RunLineage>;
  /**
   * Set when the node runs on sample rows for a preview: a step that would stop the run over what the
   * data holds (a failed Validate rule) logs that and passes its rows on, so its failures and the steps
   * after it still show. Settings that are wrong still throw.
   */
  previewing?: boolean;
}

/** How a source node asks for its dataset to be read: see engine/io/read-options.ts. */
export type DatasetReadOptions = Pick<ReadOptions, 'missingTokens' | 'types' | 'where'>;

/** An expected, user-fixable problem (bad config, bad data). Hosts show `message` as is and do not retry. */
export class UserError extends Error {
  readonly name = 'UserError';
  constructor(message: string, readonly details?: { column?: string; row?: number }) {
    super(message);
  }
}

/**
 * Thrown by SchemaContext.datasetSchema while a dataset's columns are still being read (e.g. a URL
 * fetched for its header): the node waits, it is not wrong, so graph analysis records no problem for it.
 */
export class SchemaPending extends Error {
  readonly name = 'SchemaPending';
}

export interface NodeDefinition<P extends z.ZodObject = z.ZodObject> {
  type: string;
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: readonly PortDef[];
  outputs: readonly PortDef[];
  /** zod object; fields carry UI hints through `.meta({ widget, ... })`, see `ui-hints.ts`. */
  params: P;
  /** Upgrade params saved by an older `version` of this node type. */
  migrate?(params: unknown, fromVersion: number): unknown;
  /** Edit-time output schemas. Throws UserError naming the problem (e.g. a missing column). */
  outputSchema(
    inputs: NodeInputSchemas,
    params: z.infer<P>,
    ctx: SchemaContext,
  ): Record<string, PortSchema>;
  /**
   * Edit-time notes that do not stop a run (e.g. columns Train leaves out), each saying what to do.
   * Called only after outputSchema succeeded with the same inputs and params.
   */
  warnings?(inputs: NodeInputSchemas, params: z.infer<P>, ctx: SchemaContext): string[];
  run(inputs: NodeInputValues, params: z.infer<P>, ctx: RunContext): Promise<Record<string, PortValue>>;
  /**
   * For a node whose outputs exist only after a run (Train): checks its inputs on the sample rows for what
   * would stop the run early, throwing a UserError, so the editor flags it before anything runs.
   */
  checkSample?(inputs: NodeInputValues, params: z.infer<P>): void;
  /**
   * The datasets this node reads from outside the graph. Their identity (e.g. an upload's sha256) goes
   * into the node's content key, so new bytes under the same reference invalidate cached outputs.
   */
  datasets?(params: z.infer<P>): DatasetRef[];
  /**
   * Params that act after a run (Train's "Register on success as") and never change the outputs: content keys and
   * staleness leave them out, so setting one neither retrains nor marks the node stale.
   */
  afterRunParams?: readonly (keyof z.infer<P> & string)[];
  /** True for a step that learns from the rows it is given (a mean, categories, percentiles): on a split, from the training rows only. */
  fitsOnRows?: boolean;
  /** Replays a FittedStep this node type recorded (its `state`) on new rows, e.g. a prediction request. */
  applyFitted?(table: Table, state: unknown): Table;
  /** Given with applyFitted: which input columns each output column of the replayed step is computed from. */
  fittedSources?: FittedSources;
  /** For an encoder's replay: the values in `table` its fitted `state` never saw, which it reads as it can. */
  unseenValues?(table: Table, state: unknown): UnseenValue[];
}

/**
 * Where a replayed step's output columns come from, so a model's features are traced back to the raw
 * columns a prediction reads (engine/training/input-lineage.ts): 'inPlace' for a step that only changes
 * cells (each output column is its same-named input), else the input columns an output column is
 * computed from (an output the step passes through untouched is its own source), asked of one state for
 * many outputs.
 */
export type FittedSources<S = unknown> = 'inPlace' | ((state: S) => (output: string) => readonly string[]);

export function defineNode<P extends z.ZodObject>(def: NodeDefinition<P>): NodeDefinition<P> {
  return def;
}
