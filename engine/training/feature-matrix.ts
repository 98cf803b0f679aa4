import { UserError } from '../define-node';
import type { Column, Table } from '../table';
import { requireColumn } from '../table-ops';

/** Row-major float32 features, the layout TensorFlow.js tensors take without copying. */
export function buildFeatureMatrix(table: Table, features: readonly string[], where: string): Float32Array {
  const f = features.length;
  const x = new Float32Array(table.rowCount * f);
  features.forEach((name, j) => {
    const col = requireColumn(table, name, where) as Column;
    if (col.kind === 'date') {
      throw new UserError(`${where}: feature '${name}' holds dates; the model needs numbers. Add a Date parts node for '${name}' and drop the date column.`, { column: name });
    }
    if (col.kind !== 'number') {
      throw new UserError(`${where}: feature '${name}' holds categories; the model needs numbers. Add a One-hot step for '${name}'.`, { column: name });
    }
    const values = col.values;
    let missing = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) missing++;
      x[i * f + j] = v;
    }
    if (missing > 0) {
      throw new UserError(`${where}: feature '${name}' has ${missing} missing value${missing === 1 ? '' : 's'}. Add an Impute step before this one.`, { column: name });
    }
  });
  return x;
}

/** Maps each row's target category to its index in `classes` (-1 when missing or unknown). */
export function encodeTarget(table: Table, target: string, classes: readonly string[], where: string): Int32Array {
  const col = requireColumn(table, target, where) as Column;
  if (col.kind !== 'category') {
    throw new UserError(`${where}: target '${target}' holds ${col.kind === 'date' ? 'dates' : 'numbers'}; logistic regression predicts categories. Pick a category column as the target.`, { column: target });
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
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) present[col.codes[i]] = 1;
  return col.dictionary.filter((_, code) => present[code]).sort();
}
