import type { z } from 'zod';

/**
 * The contract every model type implements (one file per algorithm under engine/training/, each
 * exporting one ModelFamily). The Train node picks a family from engine/training/model-families.ts the way
 * the canvas picks node types from the node registry: its id, title, tasks and hyperparameter schema
 * drive the form, `fit` runs in the worker, `predict` serves Evaluate, previews and the prediction API.
 */
export type Task = 'classification' | 'regression';

/**
 * Training rows as a family receives them: features column-major (one Float64Array per feature, the
 * table's own arrays where possible), already checked to hold no NaN or ±Infinity; targets as class
 * indices (classification) or numbers (regression, finite).
 */
export interface TrainingSet {
  task: Task;
  columns: Float64Array[];
  rows: number;
  y: Int32Array | Float64Array;
  /** Number of classes for classification (≥ 2); 0 for regression. */
  classes: number;
  /** Per-row weights (class weights), when the user asked for them. */
  weights?: Float64Array;
  /** Held-out rows for early stopping and the validation curve, when the user asked for them. */
  validation?: { columns: Float64Array[]; rows: number; y: Int32Array | Float64Array };
  seed: number;
}

/** One point of a learning curve: step is an epoch, an iteration or a number of trees. */
export type CurvePoint = { step: number; loss: number; validationLoss?: number; metric?: number; validationMetric?: number };

export interface FitCallbacks {
  /** Checked at every epoch, iteration or tree; a family that sees it aborted throws signal.reason. */
  signal: AbortSignal;
  /** fraction in [0, 1] with what is happening, e.g. "Tree 12 of 100"; hosts throttle it. */
  progress(fraction: number, message: string): void;
  curve(point: CurvePoint): void;
}

/**
 * A fitted model. Typed arrays may sit anywhere inside (trees as arrays of nodes, weights): the port
 * value encoder stores them as binary buffers, never as JSON numbers.
 */
export type ArtifactValue =
  | number
  | string
  | boolean
  | null
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | ArtifactValue[]
  | { [key: string]: ArtifactValue };
export type ModelArtifact = { [key: string]: ArtifactValue };

export interface ModelFamily<P extends z.ZodObject = z.ZodObject> {
  /** Stable id stored in saved graphs and model artifacts, e.g. 'random_forest'. Never renamed. */
  id: string;
  title: string;
  description: string;
  tasks: readonly Task[];
  /** Hyperparameters with defaults, ranges and `.meta({ title, description })`, as node params are written. */
  params: P;
  fit(data: TrainingSet, params: z.output<P>, callbacks: FitCallbacks): Promise<ModelArtifact>;
  /**
   * Classification: class probabilities, rows × classes row-major. Regression: one value per row.
   * `columns` are the features in the order they were fitted on, with no missing values.
   */
  predict(artifact: ModelArtifact, columns: Float64Array[], rows: number): Float64Array | Promise<Float64Array>;
  /** Built-in importance per feature (e.g. total split gain for trees), when the model has one. */
  importance?(artifact: ModelArtifact, features: number): Float64Array;
  /**
   * The rows its learning curve's loss and score are measured on, when not the training rows: "Out-of-bag"
   * for a forest on bootstrap samples. Without it the curve is named "Training".
   */
  curveName?(params: z.output<P>): string;
}
