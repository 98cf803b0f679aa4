import type { CategoryColumn, Column } from '../table';
import { hasValues } from './key-index';

/**
 * Row gathers for kernels that combine tables (join, concatenate): they build new columns from row
 * indices where -1 stands for "no row" and yields a missing cell. Numeric-valued kinds share one
 * path (the column object is copied with its kind, so e.g. a date column stays a date column).
 */
export function gatherColumn<C extends Column>(col: C, rows: Int32Array, name = col.name): C {
  const n = rows.length;
  if (hasValues(col)) {
    const src = col.values;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      out[i] = r < 0 ? NaN : src[r];
    }
    return { ...col, name, values: out };
  }
  const src = col.codes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    out[i] = r < 0 ? -1 : src[r];
  }
  return { ...col, name, codes: out };
}

/**
 * One dictionary holding every entry of `first` (same codes) followed by the entries of `second` that
 * `first` lacks, compared by text; `remap[code]` gives each code of `second` its code in the result.
 */
export function mergeDictionaries(first: readonly string[], second: readonly string[]): { dictionary: string[]; remap: Int32Array } {
  const codeOf = new Map<string, number>();
  first.forEach((text, code) => {
    if (!codeOf.has(text)) codeOf.set(text, code);
  });
  const dictionary = [...first];
  const remap = new Int32Array(second.length);
  second.forEach((text, code) => {
    let merged = codeOf.get(text);
    if (merged === undefined) {
      merged = dictionary.push(text) - 1;
      codeOf.set(text, merged);
    }
    remap[code] = merged;
  });
  return { dictionary, remap };
}

/**
 * Row i takes the cell of `first` at firstRows[i], or, where that is -1, the cell of `second` at
 * secondRows[i] (both columns have the same kind; categories are compared and merged by text).
 */
export function coalesceColumns(first: Column, second: Column, firstRows: Int32Array, secondRows: Int32Array, name: string): Column {
  const n = firstRows.length;
  if (hasValues(first) && hasValues(second)) {
    const a = first.values;
    const b = second.values;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = firstRows[i];
      const s = secondRows[i];
      out[i] = r >= 0 ? a[r] : s >= 0 ? b[s] : NaN;
    }
    return { ...first, name, values: out };
  }
  const a = first as CategoryColumn;
  const b = second as CategoryColumn;
  const { dictionary, remap } = mergeDictionaries(a.dictionary, b.dictionary);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = firstRows[i];
    const s = secondRows[i];
    const code = r >= 0 ? a.codes[r] : s >= 0 ? b.codes[s] : -1;
    out[i] = r >= 0 || code < 0 ? code : remap[code];
  }
  return { kind: 'category', name, codes: out, dictionary };
}
