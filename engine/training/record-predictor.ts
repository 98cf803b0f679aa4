import type { FittedStep, ModelValue } from '../define-node';
import type { ImputeState } from '../kernels/impute';
import type { OneHotState } from '../kernels/one-hot';
import type { RescaleState } from '../kernels/rescale';
import type { ClipState } from '../kernels/clip';
import type { TableSchema } from '../table';
import { getModelFamily } from './model-families';
import type { ModelFamily } from './model-family';
import { refuseTrainV1Artifact } from './train-v1-model';

/**
 * A model compiled for serving: records go straight into one Float64Array per feature, replaying the
 * fitted preprocessing value by value, then the family's typed-array predict. No Table, no dictionaries:
 * for a single record that is most of predictRecords' cost. It computes exactly what
 * replayFittedSteps + predictTable compute (same arithmetic in the same order), checked per family
 * in record-predictor.test.ts.
 *
 * `features` returns, besides the columns, each record's features that are still missing after the
 * replay (so the caller can refuse the request listing them); records hold numbers, text or null per
 * input column, as serving/record-validation.ts checked them.
 */
export type RecordPredictor = {
  features(records: readonly Record<string, unknown>[]): { columns: Float64Array[]; missing: { record: number; feature: string }[] };
  predict(columns: Float64Array[], rows: number): Float64Array | Promise<Float64Array>;
};

type Cell = number | string | null;
/** One step replayed on one record's cells, in place. */
type CellStep = (row: Map<string, Cell>) => void;

/**
 * The compiled predictor, or the reason the model needs the general path (a step without a per-record
 * replay here, date columns, an unknown family): those models still serve through predictRecords.
 */
export function compileRecordPredictor(model: ModelValue): RecordPredictor | { unsupported: string } {
  const family = getModelFamily(model.algorithm);
  if (!family) return { unsupported: `unknown model family '${model.algorithm}'` };
  try {
    refuseTrainV1Artifact(model);
  } catch {
    return { unsupported: 'a train v1 artifact' };
  }
  const schema = model.inputSchema;
  if (!schema) return { unsupported: 'no input schema' };
  if (schema.columns.some((c) => c.kind === 'date')) return { unsupported: 'date columns' };
  const steps: CellStep[] = [];
  for (const step of model.fitted) {
    const compiled = compileStep(step);
    if (typeof compiled === 'string') return { unsupported: compiled };
    steps.push(compiled);
  }
  return buildPredictor(model, family, schema, steps);
}

function buildPredictor(model: ModelValue, family: ModelFamily, schema: TableSchema, steps: CellStep[]): RecordPredictor {
  const inputs = schema.columns.map((c) => c.name);
  const features = model.features;
  return {
    features(records) {
      const rows = records.length;
      const columns = features.map(() => new Float64Array(rows));
      const missing: { record: number; feature: string }[] = [];
      for (let r = 0; r < rows; r++) {
        const record = records[r]!;
        const row = new Map<string, Cell>();
        for (const name of inputs) row.set(name, toCell(record[name]));
        for (const step of steps) step(row);
        for (let f = 0; f < features.length; f++) {
          const v = row.get(features[f]!);
          // A category left here means the model was fitted on encoded columns this record lacks.
          if (typeof v === 'number' && v === v && v !== Infinity && v !== -Infinity) columns[f]![r] = v;
          else missing.push({ record: r, feature: features[f]! });
        }
      }
      return { columns, missing };
    },
    predict: (columns, rows) => family.predict(model.artifact, columns, rows),
  };
}

/** As tableFromRecords reads a value: non-finite numbers are missing, booleans their text. */
function toCell(value: unknown): Cell {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return null;
}

const isMissing = (v: Cell) => v === null || (typeof v === 'number' && v !== v);

function compileStep(step: FittedStep): CellStep | string {
  switch (step.type) {
    case 'impute':
      return compileImpute(step.state as ImputeState);
    case 'one-hot':
      return compileOneHot(step.state as OneHotState);
    case 'standard-scale':
      return compileRescale(step.state as RescaleState);
    case 'clip':
      return compileClip(step.state as ClipState);
    default:
      return `a '${step.type}' step`;
  }
}

function compileImpute(state: ImputeState): CellStep | string {
  if (state.fills.some((f) => f.kind === 'date')) return 'a date Impute';
  const fills = state.fills.map((f) => [f.column, f.value] as const);
  return (row) => {
    for (const [column, value] of fills) if (row.has(column) && isMissing(row.get(column)!)) row.set(column, value);
  };
}

function compileOneHot(state: OneHotState): CellStep {
  const entries = state.columns.map((entry) => {
    const position = new Map(entry.categories.map((c, i) => [c, i]));
    const names = entry.categories.map((value) => `${entry.column}=${value}`);
    if (entry.other) names.push(`${entry.column}_other`);
    const otherIndex = entry.other ? entry.categories.length : -1;
    return { column: entry.column, position, names, otherIndex, dropped: entry.dropped };
  });
  return (row) => {
    for (const e of entries) {
      const v = row.get(e.column);
      row.delete(e.column);
      // Missing values, the dropped first value and unseen values without an other column: all zeros.
      const text = v === null || v === undefined || (typeof v === 'number' && v !== v) ? undefined : String(v);
      const k = text === undefined ? -1 : (e.position.get(text) ?? (text === e.dropped ? -1 : e.otherIndex));
      for (let i = 0; i < e.names.length; i++) row.set(e.names[i]!, i === k ? 1 : 0);
    }
  };
}

function compileRescale(state: RescaleState | { columns: { column: string; mean: number; scale: number }[] }): CellStep {
  const entries = state.columns.map((s) => ('mean' in s ? { column: s.column, center: s.mean, scale: s.scale, offset: 0 } : s));
  return (row) => {
    for (const { column, center, scale, offset } of entries) {
      const v = row.get(column);
      if (typeof v === 'number') row.set(column, (v - center) / scale + offset);
      else if (v === null) row.set(column, NaN);
    }
  };
}

function compileClip(state: ClipState): CellStep {
  return (row) => {
    for (const { column, lower, upper } of state.columns) {
      const v = row.get(column);
      if (typeof v !== 'number') continue;
      const lo = lower ?? -Infinity;
      const hi = upper ?? Infinity;
      row.set(column, v < lo ? lo : v > hi ? hi : v);
    }
  };
}
