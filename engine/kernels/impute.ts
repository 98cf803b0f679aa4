import { UserError } from '../define-node';
import { meanAndCount, medianOf, modeOf, mostFrequentCode } from './column-stats';
import { unzeroedFloat64 } from './unzeroed';
import type { Column, Table } from '../table';
import { countMissing, readAsCategory } from '../table-ops';
import { parseDateText } from '../io/date-text';

const KIND_NAMES = { number: 'numbers', category: 'categories', date: 'dates' } as const;

/**
 * Fill missing cells with a value learned from the fit rows. Category columns always use their
 * most frequent value (or the constant): a mean or median of categories does not exist.
 */
export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';
/** `exclude`: columns left as they are, such as a model's target, whether `columns` names some or is empty (every column). */
export type ImputeOptions = { columns: string[]; exclude?: string[]; strategy: ImputeStrategy; constant?: string };
/**
 * A date fill is epoch milliseconds, like the column; the mean of dates is the mean instant. `missing` counts
 * the fit rows it filled (absent from steps fitted before it was recorded), which Train reads to refuse a
 * target made up by Impute (engine/training/target-checks.ts).
 */
export type ImputeFill = ({ column: string; kind: 'number' | 'date'; value: number } | { column: string; kind: 'category'; value: string }) & { missing?: number };
export type ImputeState = { fills: ImputeFill[] };

/** The columns Impute fills: those picked (every column when none is), but those left out. */
export function imputedColumns(all: readonly string[], options: Pick<ImputeOptions, 'columns' | 'exclude'>): string[] {
  const excluded = new Set(options.exclude ?? []);
  return (options.columns.length > 0 ? options.columns : all).filter((name) => !excluded.has(name));
}

/** Refuses a 'Leave out' column the table does not have, naming those it has (at edit time from the schema, and when fitting). */
export function requireExcludedColumns(names: readonly string[], exclude: readonly string[] | undefined): void {
  const absent = exclude?.find((name) => !names.includes(name));
  if (absent !== undefined) throw new UserError(`Impute: column '${absent}' in 'Leave out' was not found. Available columns: ${names.join(', ')}.`, { column: absent });
}

export function fitImpute(table: Table, options: ImputeOptions): ImputeState {
  const names = table.columns.map((c) => c.name);
  requireExcludedColumns(names, options.exclude);
  const fills: ImputeFill[] = [];
  for (const name of imputedColumns(names, options)) {
    const col = table.columns.find((c) => c.name === name);
    if (!col) throw new UserError(`Impute: column '${name}' was not found. Available columns: ${names.join(', ')}.`, { column: name });
    const fill = fitColumn(col, options);
    if (fill) fills.push({ ...fill, missing: fill.missing ?? countMissing(col) });
    else if (options.columns.length > 0) {
      throw new UserError(`Impute: column '${name}' has no values at all in the rows used for fitting, so there is nothing to fill it with. Use the 'constant' strategy or drop the column.`, { column: name });
    }
  }
  return { fills };
}

function fitColumn(col: Column, options: ImputeOptions): ImputeFill | undefined {
  if (options.strategy === 'constant') {
    const text = options.constant ?? '';
    if (col.kind === 'category') return { column: col.name, kind: 'category', value: text };
    if (col.kind === 'date') {
      const value = parseDateText(text);
      if (value !== value) throw new UserError(`Impute: column '${col.name}' holds dates, but the constant '${text}' is not a date. Enter one such as 2024-01-31.`, { column: col.name });
      return { column: col.name, kind: 'date', value };
    }
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new UserError(`Impute: column '${col.name}' holds numbers, but the constant '${text}' is not a number. Enter a number such as 0.`, { column: col.name });
    }
    return { column: col.name, kind: 'number', value };
  }
  if (col.kind === 'category') {
    const code = mostFrequentCode(col.codes, col.dictionary.length);
    return code < 0 ? undefined : { column: col.name, kind: 'category', value: col.dictionary[code] };
  }
  if (options.strategy === 'mean') {
    // The mean's pass counts the present cells too, so the missing count costs no pass of its own.
    const { mean, count } = meanAndCount(col.values);
    return Number.isNaN(mean) ? undefined : { column: col.name, kind: col.kind, value: mean, missing: col.values.length - count };
  }
  const value = options.strategy === 'median' ? medianOf(col.values) : modeOf(col.values);
  return Number.isNaN(value) ? undefined : { column: col.name, kind: col.kind, value };
}

export function applyImpute(table: Table, state: ImputeState): Table {
  const fills = new Map(state.fills.map((f) => [f.column, f]));
  const columns = table.columns.map((original): Column => {
    const fill = fills.get(original.name);
    if (!fill) return original;
    const col = fill.kind === 'category' ? (readAsCategory(original) ?? original) : original;
    if (fill.kind !== col.kind) {
      throw new UserError(`Impute: column '${col.name}' held ${KIND_NAMES[fill.kind]} when the fill value was learned but now holds ${KIND_NAMES[col.kind]}. Send values of the same kind as the training data.`, { column: col.name });
    }
    if (fill.kind !== 'category' && col.kind !== 'category') {
      const values = filledValues(col.values, fill.value);
      return values === col.values ? col : { ...col, values };
    }
    if (col.kind !== 'category') return col;
    const text = String(fill.value);
    let code = col.dictionary.indexOf(text);
    // The fill joins the categories even when no cell needs it, as the edit-time schema says it does.
    const dictionary = code < 0 ? [...col.dictionary, text] : col.dictionary;
    if (code < 0) code = dictionary.length - 1;
    const first = firstMissingCode(col.codes);
    if (first === col.codes.length) return dictionary === col.dictionary ? col : { ...col, dictionary };
    const out = col.codes.slice();
    for (let i = first; i < out.length; i++) if (out[i] < 0) out[i] = code;
    return { ...col, codes: out, dictionary };
  });
  return { rowCount: table.rowCount, columns };
}

/**
 * `values` with NaN replaced by `fill`; `values` itself when nothing is missing (columns are never written once
 * built, so sharing it costs nothing and saves a copy of a complete column). The copy is a memcpy, so the pass
 * after it writes only the gaps.
 */
function filledValues(values: Float64Array, fill: number): Float64Array {
  let i = 0;
  while (i < values.length && values[i] === values[i]) i++;
  if (i === values.length) return values;
  const out = unzeroedFloat64(values.length);
  out.set(values);
  for (; i < out.length; i++) if (out[i] !== out[i]) out[i] = fill;
  return out;
}

function firstMissingCode(codes: Int32Array): number {
  let i = 0;
  while (i < codes.length && codes[i] >= 0) i++;
  return i;
}
