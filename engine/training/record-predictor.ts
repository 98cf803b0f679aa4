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
/** One step replayed on one record's cells, in place: each column has a slot, fixed when the model is compiled. */
type CellStep = (row: Cell[]) => void;

/**
 * Which columns exist after each step is known when compiling (it follows from the schema, not the data), so a
 * step looks its columns up once, here, and a record is one reused array of cells rather than a Map of names.
 */
class Slots {
  private readonly index = new Map<string, number>();
  private readonly present = new Set<string>();
  constructor(inputs: readonly string[]) {
    for (const name of inputs) this.add(name);
  }
  get size() {
    return this.index.size;
  }
  /** The column's slot if it exists at this point of the replay. */
  find(name: string): number | undefined {
    return this.present.has(name) ? this.index.get(name) : undefined;
  }
  add(name: string): number {
    this.present.add(name);
    let slot = this.index.get(name);
    if (slot === undefined) this.index.set(name, (slot = this.index.size));
    return slot;
  }
  remove(name: string) {
    this.present.delete(name);
  }
}

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
  const inputs = schema.columns.map((c) => c.name);
  const slots = new Slots(inputs);
  const steps: CellStep[] = [];
  for (const step of model.fitted) {
    const compiled = compileStep(step, slots);
    if (typeof compiled === 'string') return { unsupported: compiled };
    steps.push(compiled);
  }
  return buildPredictor(model, family, inputs, slots, steps);
}

function buildPredictor(model: ModelValue, family: ModelFamily, inputs: string[], slots: Slots, steps: CellStep[]): RecordPredictor {
  const features = model.features;
  // A feature no step produced is missing in every record (the model was fitted on encoded columns the replay lacks).
  const featureSlots = features.map((name) => slots.find(name) ?? -1);
  const width = slots.size;
  return {
    features(records) {
      const rows = records.length;
      const columns = features.map(() => new Float64Array(rows));
      const missing: { record: number; feature: string }[] = [];
      const row: Cell[] = new Array<Cell>(width).fill(null);
      for (let r = 0; r < rows; r++) {
        const record = records[r]!;
        // Input slots are 0..inputs-1; every later slot is written by its step before any step reads it.
        for (let i = 0; i < inputs.length; i++) row[i] = toCell(record[inputs[i]!]);
        for (const step of steps) step(row);
        for (let f = 0; f < features.length; f++) {
          const slot = featureSlots[f]!;
          const v = slot < 0 ? null : row[slot];
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

function compileStep(step: FittedStep, slots: Slots): CellStep | string {
  switch (step.type) {
    case 'impute':
      return compileImpute(step.state as ImputeState, slots);
    case 'one-hot':
      return compileOneHot(step.state as OneHotState, slots);
    case 'standard-scale':
      return compileRescale(step.state as RescaleState, slots);
    case 'clip':
      return compileClip(step.state as ClipState, slots);
    default:
      return `a '${step.type}' step`;
  }
}

/** Entries whose column exists at this point of the replay, with its slot; the others leave the record as it is. */
function present<T extends { column: string }>(entries: readonly T[], slots: Slots): (T & { slot: number })[] {
  return entries.flatMap((e) => {
    const slot = slots.find(e.column);
    return slot === undefined ? [] : [{ ...e, slot }];
  });
}

function compileImpute(state: ImputeState, slots: Slots): CellStep | string {
  if (state.fills.some((f) => f.kind === 'date')) return 'a date Impute';
  const fills = present(state.fills, slots).map((f) => [f.slot, f.value as Cell] as const);
  return (row) => {
    for (const [slot, value] of fills) if (isMissing(row[slot]!)) row[slot] = value;
  };
}

function compileOneHot(state: OneHotState, slots: Slots): CellStep {
  const entries = state.columns.map((entry) => {
    const source = slots.find(entry.column) ?? -1;
    slots.remove(entry.column);
    const position = new Map(entry.categories.map((c, i) => [c, i]));
    const names = entry.categories.map((value) => `${entry.column}=${value}`);
    if (entry.other) names.push(`${entry.column}_other`);
    const otherIndex = entry.other ? entry.categories.length : -1;
    return { source, position, targets: names.map((name) => slots.add(name)), otherIndex, dropped: entry.dropped };
  });
  return (row) => {
    for (const e of entries) {
      const v = e.source < 0 ? null : row[e.source];
      // Missing values, the dropped first value and unseen values without an other column: all zeros.
      const text = v === null || v === undefined || (typeof v === 'number' && v !== v) ? undefined : String(v);
      const k = text === undefined ? -1 : (e.position.get(text) ?? (text === e.dropped ? -1 : e.otherIndex));
      for (let i = 0; i < e.targets.length; i++) row[e.targets[i]!] = i === k ? 1 : 0;
    }
  };
}

function compileRescale(state: RescaleState | { columns: { column: string; mean: number; scale: number }[] }, slots: Slots): CellStep {
  const entries = present(
    state.columns.map((s) => ('mean' in s ? { column: s.column, center: s.mean, scale: s.scale, offset: 0 } : s)),
    slots,
  );
  return (row) => {
    for (const { slot, center, scale, offset } of entries) {
      const v = row[slot];
      if (typeof v === 'number') row[slot] = (v - center) / scale + offset;
      else if (v === null) row[slot] = NaN;
    }
  };
}

function compileClip(state: ClipState, slots: Slots): CellStep {
  const entries = present(state.columns, slots).map(({ slot, lower, upper }) => ({ slot, lo: lower ?? -Infinity, hi: upper ?? Infinity }));
  return (row) => {
    for (const { slot, lo, hi } of entries) {
      const v = row[slot];
      if (typeof v !== 'number') continue;
      row[slot] = v < lo ? lo : v > hi ? hi : v;
    }
  };
}
