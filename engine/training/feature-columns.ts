import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { allFinite } from '../kernels/all-finite';
import { requireColumn } from '../table-ops';
import type { Task } from './model-family';

/**
 * The features as a family reads them: one Float64Array per feature, the table's own array (no copy).
 * Missing values and ±Infinity are refused here, naming the column, the count and the step that fixes it,
 * so no family ever sees a NaN.
 */
export function featureColumns(table: Table, features: readonly string[], where: string): Float64Array[] {
  return features.map((name) => {
    const col = requireColumn(table, name, where) as Column;
    if (col.kind === 'date') {
      throw new UserError(`${where}: feature '${name}' holds dates; the model needs numbers. Add a Date parts node for '${name}' and drop the date column.`, { column: name });
    }
    if (col.kind !== 'number') {
      throw new UserError(`${where}: feature '${name}' holds categories; the model needs numbers. Add a One-hot step for '${name}'.`, { column: name });
    }
    checkFinite(col.values, name, where);
    return col.values;
  });
}

function checkFinite(values: Float64Array, name: string, where: string): void {
  if (allFinite(values)) return;
  let missing = 0;
  let infinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) missing++;
    else if (v === Infinity || v === -Infinity) infinite++;
  }
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  if (missing > 0 && missing === values.length) {
    throw new UserError(`${where}: feature '${name}' is missing in every row, so there is nothing to learn from it. Remove it from Features or drop it with Drop columns.`, { column: name });
  }
  if (missing > 0) {
    throw new UserError(`${where}: feature '${name}' has ${missing} missing value${missing === 1 ? '' : 's'}. Add an Impute step before this one.`, { column: name });
  }
  if (infinite > 0) {
    throw new UserError(`${where}: feature '${name}' is +/-Infinity in ${rows(infinite)} (e.g. a division by zero upstream). Add a Clip step for '${name}', or turn them into missing values and Impute them.`, { column: name });
  }
}

/** Classification when the target holds categories, regression when it holds numbers; dates are refused. */
export function inferTask(kind: Column['kind'], target: string, where = 'Train'): Task {
  if (kind === 'category') return 'classification';
  if (kind === 'number') return 'regression';
  throw new UserError(`${where}: target '${target}' holds dates; a model predicts categories or numbers. Pick another target, or turn the date into numbers with Date parts.`, { column: target });
}

/** Maps each row's target category to its index in `classes` (-1 when missing or unknown). */
export function encodeTarget(table: Table, target: string, classes: readonly string[], where: string): Int32Array {
  const col = requireColumn(table, target, where) as Column;
  if (col.kind !== 'category') {
    throw new UserError(`${where}: target '${target}' holds ${col.kind === 'date' ? 'dates' : 'numbers'}, but the model predicts categories. Pick the category column it was trained on.`, { column: target });
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const lookup = Int32Array.from(col.dictionary, (value) => index.get(value) ?? -1);
  return Int32Array.from(col.codes, (code) => (code < 0 ? -1 : lookup[code]));
}

/** The classes that occur in the target column, sorted so models do not depend on row order. */
export function collectClasses(table: Table, target: string, where: string): string[] {
  const col = requireColumn(table, target, where) as Column;
  if (col.kind !== 'category') return [];
  const present = new Uint8Array(col.dictionary.length);
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) present[codes[i]] = 1;
  return col.dictionary.filter((_, code) => present[code]).sort();
}

/** Copies of `columns` holding only `rows`, in that order. */
export function gatherRows(columns: readonly Float64Array[], rows: Int32Array): Float64Array[] {
  return columns.map((values) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
    return out;
  });
}
