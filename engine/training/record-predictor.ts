import type { FittedStep, ModelValue } from '../define-node';
import type { ImputeState } from '../kernels/impute';
import { indicatorColumnName, oneHotUnseenReading, otherColumnName, type OneHotState } from '../kernels/one-hot';
import { knownValuesOf, type UnseenValue } from '../kernels/unseen-categories';
import { recordMissing } from '../io/read-options';
import type { RescaleState } from '../kernels/rescale';
import type { ClipState } from '../kernels/clip';
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
  /** The model's input columns in schema order: numbers, or text (category columns; booleans as their text). */
  inputs: readonly { name: string; kind: Kind }[];
  features(records: readonly Record<string, unknown>[]): Features;
  /**
   * The same from values already split into columns, in `inputs` order: a Float64Array (NaN for missing) per
   * number column, an array (null for missing) per text column. serving/record-scanner.ts reads a body into these.
   */
  featuresOfColumns(values: readonly InputColumn[], rows: number): Features;
  predict(columns: Float64Array[], rows: number): Float64Array | Promise<Float64Array>;
};

export type InputColumn = Float64Array | (string | null)[];
type Features = { columns: Float64Array[]; missing: { record: number; feature: string }[]; unseen: UnseenValue[] };

/**
 * A record being replayed: one slot per column, fixed when the model is compiled. Numeric columns live in a
 * Float64Array (NaN for missing: no boxed number per value), text columns in an array (null for missing).
 */
type Row = { num: Float64Array; text: (string | null)[] };
/** One step replayed on one record's row, in place; an encoder adds the values it never saw in training to `unseen`. */
type RowStep = (row: Row, record: number, unseen: UnseenValue[]) => void;
export type Kind = 'num' | 'text';

/**
 * Which columns exist after each step, and of which kind, is known when compiling (it follows from the
 * schema, not the data), so a step looks its columns up once, here.
 */
class Slots {
  private readonly index = new Map<string, { slot: number; kind: Kind }>();
  private readonly present = new Set<string>();
  private readonly count = { num: 0, text: 0 };
  get numSize() {
    return this.count.num;
  }
  get textSize() {
    return this.count.text;
  }
  /** The column's slot and kind if it exists at this point of the replay. */
  find(name: string): { slot: number; kind: Kind } | undefined {
    return this.present.has(name) ? this.index.get(name) : undefined;
  }
  add(name: string, kind: Kind): number {
    this.present.add(name);
    let entry = this.index.get(name);
    if (entry?.kind !== kind) this.index.set(name, (entry = { slot: this.count[kind]++, kind }));
    return entry.slot;
  }
  remove(name: string) {
    this.present.delete(name);
  }
  /** The columns that exist at this point of the replay. */
  names(): string[] {
    return [...this.present];
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
  const slots = new Slots();
  const inputs = schema.columns.map((c) => ({ name: c.name, kind: (c.kind === 'number' ? 'num' : 'text') as Kind }));
  const inputSlots = inputs.map((c) => slots.add(c.name, c.kind));
  const steps: RowStep[] = [];
  for (const step of model.fitted) {
    const compiled = compileStep(step, slots);
    if (typeof compiled === 'string') return { unsupported: compiled };
    if (compiled) steps.push(compiled);
  }
  return buildPredictor(model, family, inputs.map((c, i) => ({ ...c, slot: inputSlots[i]! })), slots, steps);
}

function buildPredictor(model: ModelValue, family: ModelFamily, inputs: { name: string; kind: Kind; slot: number }[], slots: Slots, steps: RowStep[]): RecordPredictor {
  const features = model.features;
  // A feature that is not a number at the end of the replay is missing in every record (e.g. fitted on encoded columns the replay lacks).
  const featureSlots = features.map((name) => {
    const found = slots.find(name);
    return found?.kind === 'num' ? found.slot : -1;
  });
  /** Replays the steps on each record, its inputs written into the row by `fill`. */
  function replay(rows: number, fill: (row: Row, r: number) => void): Features {
    // One backing store and views into it: a typed array's own buffer costs more than a batch's replay.
    const all = new Float64Array(features.length * rows);
    const columns = features.map((_, f) => all.subarray(f * rows, (f + 1) * rows));
    const missing: { record: number; feature: string }[] = [];
    const unseen: UnseenValue[] = [];
    const row: Row = { num: new Float64Array(slots.numSize), text: new Array<string | null>(slots.textSize).fill(null) };
    for (let r = 0; r < rows; r++) {
      // Every slot past the inputs is written by its step before any step reads it.
      fill(row, r);
      for (let i = 0; i < steps.length; i++) steps[i]!(row, r, unseen);
      for (let f = 0; f < features.length; f++) {
        const slot = featureSlots[f]!;
        const v = slot < 0 ? NaN : row.num[slot]!;
        if (v - v === 0) columns[f]![r] = v;
        else missing.push({ record: r, feature: features[f]! });
      }
    }
    return { columns, missing, unseen };
  }
  // What the dataset's source read as missing ('?', '-999', '', 'NA'), as records from the same source may still hold it.
  const readAsMissing = recordMissing(model.inputSchema);
  const number = (v: number) => (readAsMissing?.number(v) ? NaN : v);
  const blankText = (column: string, v: string | null) => (v !== null && readAsMissing?.text(column, v) ? null : v);
  return {
    inputs: inputs.map(({ name, kind }) => ({ name, kind })),
    features: (records) =>
      replay(records.length, (row, r) => {
        const record = records[r]!;
        for (let i = 0; i < inputs.length; i++) {
          const input = inputs[i]!;
          const value = record[input.name];
          // As tableFromRecords reads a number: non-finite ones are missing.
          if (input.kind === 'num') row.num[input.slot] = typeof value === 'number' && value - value === 0 ? number(value) : NaN;
          else row.text[input.slot] = blankText(input.name, toText(value));
        }
      }),
    featuresOfColumns: (values, rows) =>
      replay(rows, (row, r) => {
        for (let i = 0; i < inputs.length; i++) {
          const input = inputs[i]!;
          if (input.kind === 'num') row.num[input.slot] = number((values[i] as Float64Array)[r]!);
          else row.text[input.slot] = blankText(input.name, (values[i] as (string | null)[])[r]!);
        }
      }),
    predict: (columns, rows) => family.predict(model.artifact, columns, rows),
  };
}

/** As tableFromRecords reads a text value: booleans are their text; anything else is missing. */
function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** A step's work on each record, null for one that only changes which columns exist (a column selection), or why it has no compiled form. */
function compileStep(step: FittedStep, slots: Slots): RowStep | null | string {
  switch (step.type) {
    case 'drop-columns':
      for (const name of (step.state as { columns: string[] }).columns) slots.remove(name);
      return null;
    case 'select-columns': {
      const kept = new Set((step.state as { columns: string[] }).columns);
      for (const name of slots.names()) if (!kept.has(name)) slots.remove(name);
      return null;
    }
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
function present<T extends { column: string }>(entries: readonly T[], slots: Slots, kind: Kind): (T & { slot: number })[] | string {
  const found: (T & { slot: number })[] = [];
  for (const e of entries) {
    const at = slots.find(e.column);
    if (!at) continue;
    if (at.kind !== kind) return `a step reading '${e.column}' as ${kind === 'num' ? 'numbers' : 'text'}`;
    found.push({ ...e, slot: at.slot });
  }
  return found;
}

function compileImpute(state: ImputeState, slots: Slots): RowStep | string {
  if (state.fills.some((f) => f.kind === 'date')) return 'a date Impute';
  const numbers = present(state.fills.filter((f) => f.kind === 'number'), slots, 'num');
  const texts = present(state.fills.filter((f) => f.kind === 'category'), slots, 'text');
  if (typeof numbers === 'string') return numbers;
  if (typeof texts === 'string') return texts;
  // Parallel arrays and indexed loops: this runs per record per step, where destructuring iterators showed.
  const numSlots = Int32Array.from(numbers, (f) => f.slot);
  const numValues = Float64Array.from(numbers, (f) => f.value as number);
  const textSlots = Int32Array.from(texts, (f) => f.slot);
  const textValues = texts.map((f) => f.value as string);
  return ({ num, text }) => {
    for (let i = 0; i < numSlots.length; i++) if (num[numSlots[i]!] !== num[numSlots[i]!]) num[numSlots[i]!] = numValues[i]!;
    for (let i = 0; i < textSlots.length; i++) if (text[textSlots[i]!] === null) text[textSlots[i]!] = textValues[i]!;
  };
}

function compileOneHot(state: OneHotState, slots: Slots): RowStep | string {
  const entries: { column: string; source: number; position: Map<string, number>; targets: Int32Array; otherIndex: number; dropped: OneHotState['columns'][number]['dropped']; known: readonly string[]; reading: string }[] = [];
  for (const entry of state.columns) {
    const found = slots.find(entry.column);
    if (found && found.kind !== 'text') return `a One-hot of the numeric column '${entry.column}'`;
    slots.remove(entry.column);
    const position = new Map(entry.categories.map((c, i) => [c, i]));
    const names = entry.categories.map((value) => indicatorColumnName(entry.column, value));
    if (entry.other) names.push(otherColumnName(entry.column));
    const otherIndex = entry.other ? entry.categories.length : -1;
    entries.push({ column: entry.column, source: found?.slot ?? -1, position, targets: Int32Array.from(names, (name) => slots.add(name, 'num')), otherIndex, dropped: entry.dropped, known: knownValuesOf(entry), reading: oneHotUnseenReading(entry) });
  }
  return ({ num, text }, record, unseen) => {
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j]!;
      const v = e.source < 0 ? null : text[e.source]!;
      // Missing values, the dropped first value and unseen values without an other column: all zeros.
      const k = v === null ? -1 : (e.position.get(v) ?? (v === e.dropped ? -1 : e.otherIndex));
      if (k < 0 && v !== null && v !== e.dropped) unseen.push({ record, column: e.column, value: v, known: e.known, reading: e.reading });
      const targets = e.targets;
      for (let i = 0; i < targets.length; i++) num[targets[i]!] = i === k ? 1 : 0;
    }
  };
}

function compileRescale(state: RescaleState | { columns: { column: string; mean: number; scale: number }[] }, slots: Slots): RowStep | string {
  const entries = present(
    state.columns.map((s) => ('mean' in s ? { column: s.column, center: s.mean, scale: s.scale, offset: 0 } : s)),
    slots,
    'num',
  );
  if (typeof entries === 'string') return entries;
  const slotsOf = Int32Array.from(entries, (e) => e.slot);
  const center = Float64Array.from(entries, (e) => e.center);
  const scale = Float64Array.from(entries, (e) => e.scale);
  const offset = Float64Array.from(entries, (e) => e.offset);
  return ({ num }) => {
    for (let i = 0; i < slotsOf.length; i++) num[slotsOf[i]!] = (num[slotsOf[i]!]! - center[i]!) / scale[i]! + offset[i]!;
  };
}

function compileClip(state: ClipState, slots: Slots): RowStep | string {
  const entries = present(state.columns, slots, 'num');
  if (typeof entries === 'string') return entries;
  const slotsOf = Int32Array.from(entries, (e) => e.slot);
  const lo = Float64Array.from(entries, (e) => e.lower ?? -Infinity);
  const hi = Float64Array.from(entries, (e) => e.upper ?? Infinity);
  return ({ num }) => {
    for (let i = 0; i < slotsOf.length; i++) {
      const v = num[slotsOf[i]!]!;
      num[slotsOf[i]!] = v < lo[i]! ? lo[i]! : v > hi[i]! ? hi[i]! : v;
    }
  };
}
