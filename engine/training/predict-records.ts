import { UserError, type ModelInputSchema, type ModelValue } from '../define-node';
import { parseDateText } from '../io/date-text';
import { blankRecordTokens } from '../io/read-options';
import { tableFromRecords } from '../io/json-records';
import type { Column, Table, TableSchema } from '../table';
import { replayFittedSteps } from '../replay-fitted';
import { argmaxRow } from './metrics/classification-scores';
import { refusalProblems, unseenValueWarnings } from './missing-features';
import type { UnseenValue } from '../kernels/unseen-categories';
import { predictTable } from './predict-table';

/**
 * Predictions for raw records, as the prediction API receives them: the model's fitted
 * preprocessing is replayed first. Class names are user data, so probabilities come as a list
 * of pairs rather than an object keyed by class name. Regression models answer `{ value }` per record.
 */
export type ClassPrediction = { label: string; probabilities: { label: string; probability: number }[] };
export type ValuePrediction = { value: number };
export type Prediction = ClassPrediction | ValuePrediction;

/**
 * A model's raw output for a batch of records: probabilities rows × classes, or one value per row; `warnings`
 * name what the model read otherwise than the request may have meant (unseenValueWarnings).
 */
export type PredictedBatch = { model: ModelValue; predicted: Float32Array | Float64Array; rows: number; warnings: string[] };

export async function predictRecords(model: ModelValue, records: readonly unknown[]): Promise<Prediction[]> {
  const { predicted, rows } = await predictRecordsBatch(model, records);
  return formatPredictions(model, predicted, rows);
}

export async function predictRecordsBatch(model: ModelValue, records: readonly unknown[]): Promise<PredictedBatch> {
  const unseen: UnseenValue[] = [];
  const read = tableFromRecords(blankRecordTokens(records, model.inputSchema));
  const table = replayFittedSteps(readDates(withUnusedColumns(read, model.inputSchema), model.inputSchema), model.fitted, unseen);
  refuseMissingFeatures(table, model, unseen);
  return { model, predicted: await predictTable(model, table), rows: table.rowCount, warnings: unseenValueWarnings(unseen) };
}

/** A family's raw output (probabilities rows × classes, or one value per row) as the API answers it. */
export function formatPredictions(model: ModelValue, predicted: Float32Array | Float64Array, rows: number): Prediction[] {
  if (model.task === 'regression') return Array.from(predicted, (value) => ({ value }));
  const k = model.classes.length;
  return Array.from({ length: rows }, (_, row) => {
    const scores = model.classes.map((label, c) => ({ label, probability: predicted[row * k + c]! }));
    return { label: model.classes[argmaxRow(predicted, row * k, k)]!, probabilities: scores };
  });
}

/**
 * A feature still missing after the replay (a null where no fitted step fills one in) named with its
 * records, in the words of a request rather than of training ("add an Impute step").
 */
function refuseMissingFeatures(table: Table, model: ModelValue, unseen: readonly UnseenValue[]): void {
  const missing: { record: number; feature: string }[] = [];
  for (const feature of model.features) {
    const col = table.columns.find((c) => c.name === feature);
    if (!col || col.kind !== 'number') continue; // predictTable names a feature absent or of the wrong kind
    col.values.forEach((v, record) => v !== v && missing.push({ record, feature }));
  }
  if (missing.length > 0) throw new PredictionRefused(refusalProblems(missing, unseen, model));
}

/** A request's problems, one per entry, as a 400 lists them; `message` joins them for callers that show one text. */
export class PredictionRefused extends UserError {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}


/**
 * A record may leave out the columns the model does not read (ModelInputSchema); a fitted step may still
 * expect them (One-hot of a column no feature kept), so they are added here as missing, as null would be.
 */
function withUnusedColumns(table: Table, schema: ModelInputSchema | undefined): Table {
  const absent = schema?.columns.filter((c) => c.unused && !table.columns.some((t) => t.name === c.name)) ?? [];
  if (absent.length === 0) return table;
  const missing = absent.map((c): Column => ({ kind: 'number', name: c.name, values: new Float64Array(table.rowCount).fill(NaN) }));
  return { rowCount: table.rowCount, columns: [...table.columns, ...missing] };
}

/**
 * JSON has no dates, so a record sends a date column's value as text (`"1978-01-01"`) or null: read as
 * dates here the columns the model's input schema says hold dates, as the dataset's were when it was fitted.
 */
function readDates(table: Table, schema: TableSchema | undefined): Table {
  const dates = new Set(schema?.columns.filter((c) => c.kind === 'date').map((c) => c.name));
  if (dates.size === 0) return table;
  return { rowCount: table.rowCount, columns: table.columns.map((col) => (dates.has(col.name) ? asDates(col, table.rowCount) : col)) };
}

function asDates(col: Column, rows: number): Column {
  if (col.kind === 'date') return col;
  const values = new Float64Array(rows).fill(NaN);
  if (col.kind === 'number') {
    const row = col.values.findIndex((v) => !Number.isNaN(v));
    if (row >= 0) throw notADate(col.name, row, String(col.values[row]));
    return { kind: 'date', name: col.name, values };
  }
  const parsed = col.dictionary.map(readDate);
  for (let row = 0; row < rows; row++) {
    const code = col.codes[row]!;
    if (code < 0) continue;
    if (parsed[code] === AMBIGUOUS) {
      throw new UserError(`Record ${row + 1}, field '${col.name}': ${JSON.stringify(col.dictionary[code])} could be read day first or month first. Send dates as year-month-day, e.g. "2024-01-31".`, { column: col.name, row: row + 1 });
    }
    if (Number.isNaN(parsed[code]!)) throw notADate(col.name, row, JSON.stringify(col.dictionary[code]));
    values[row] = parsed[code]!;
  }
  return { kind: 'date', name: col.name, values };
}

const AMBIGUOUS = -Infinity;

/**
 * One record's date. A dataset's column of slashed dates is read day first or month first by what its
 * other values show; one record cannot show it, so a slashed date valid both ways (05/02/2024) is refused.
 */
function readDate(text: string): number {
  const monthFirst = parseDateText(text);
  const dayFirst = parseDateText(text, true);
  if (!Number.isNaN(monthFirst) && !Number.isNaN(dayFirst) && monthFirst !== dayFirst) return AMBIGUOUS;
  return Number.isNaN(monthFirst) ? dayFirst : monthFirst;
}

function notADate(column: string, row: number, value: string): UserError {
  return new UserError(`Record ${row + 1}, field '${column}': ${value} is not a date. The model learned '${column}' as dates; send it as text such as "2024-01-31" (or "2024-01-31T12:00:00Z"), or null when it is unknown.`, { column, row: row + 1 });
}
