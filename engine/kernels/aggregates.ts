import type { CategoryColumn, Column } from '../table';
import { hasValues, indexKeys, type ValuesColumn } from './key-index';

/**
 * Per-group aggregates over dense group ids (`ids[row]` in [0, groups)). Each is one pass over the
 * rows into typed arrays of one slot per group; median and count distinct first order the rows by
 * group with a counting sort. Missing cells are skipped; a group with no value gets a missing
 * result, except count and count distinct (0) and sum (0, as in pandas and Polars).
 */
export type AggregateFn = 'count' | 'count_distinct' | 'sum' | 'mean' | 'min' | 'max' | 'median';
export type Groups = { ids: Int32Array; count: number };

/** The functions that read a column's values as numbers (not allowed on categories). */
export const NUMERIC_ONLY: ReadonlySet<AggregateFn> = new Set(['sum', 'mean', 'median']);

export function aggregate(col: Column, fn: AggregateFn, groups: Groups, name: string): Column {
  if (fn === 'count') return numbers(name, countPresent(col, groups));
  if (fn === 'count_distinct') return numbers(name, countDistinct(col, groups));
  if (hasValues(col)) {
    if (fn === 'sum') return numbers(name, sumValues(col.values, groups));
    if (fn === 'mean') return { ...col, name, values: meanValues(col.values, groups) };
    if (fn === 'median') return { ...col, name, values: medianValues(col.values, groups) };
    return { ...col, name, values: extremeValues(col.values, groups, fn === 'max') };
  }
  if (fn === 'min' || fn === 'max') return { ...col, name, codes: extremeCodes(col, groups, fn === 'max') };
  throw new Error(`aggregate: '${fn}' on category column '${col.name}' should have been refused when the group-by was planned`);
}

const numbers = (name: string, values: Float64Array): Column => ({ kind: 'number', name, values });

function countPresent(col: Column, { ids, count }: Groups): Float64Array {
  const out = new Float64Array(count);
  if (hasValues(col)) {
    const v = col.values;
    for (let i = 0; i < ids.length; i++) if (v[i] === v[i]) out[ids[i]]++;
  } else {
    const c = col.codes;
    for (let i = 0; i < ids.length; i++) if (c[i] >= 0) out[ids[i]]++;
  }
  return out;
}

function sumValues(v: Float64Array, { ids, count }: Groups): Float64Array {
  const sums = new Float64Array(count);
  for (let i = 0; i < ids.length; i++) {
    const x = v[i];
    if (x === x) sums[ids[i]] += x;
  }
  return sums;
}

function meanValues(v: Float64Array, { ids, count }: Groups): Float64Array {
  const sums = new Float64Array(count);
  const counts = new Float64Array(count);
  for (let i = 0; i < ids.length; i++) {
    const x = v[i];
    if (x === x) {
      sums[ids[i]] += x;
      counts[ids[i]]++;
    }
  }
  for (let g = 0; g < count; g++) sums[g] = counts[g] === 0 ? NaN : sums[g] / counts[g];
  return sums;
}

function extremeValues(v: Float64Array, { ids, count }: Groups, max: boolean): Float64Array {
  const out = new Float64Array(count).fill(NaN);
  // NaN compares false both ways: `!(x <= best)` takes the first present value, then every larger one.
  if (max) {
    for (let i = 0; i < ids.length; i++) {
      const x = v[i];
      const g = ids[i];
      if (x === x && !(x <= out[g])) out[g] = x;
    }
  } else {
    for (let i = 0; i < ids.length; i++) {
      const x = v[i];
      const g = ids[i];
      if (x === x && !(x >= out[g])) out[g] = x;
    }
  }
  return out;
}

/** Min/max of categories by text (code-point order, as Sort orders them); codes keep the dictionary. */
function extremeCodes(col: CategoryColumn, { ids, count }: Groups, max: boolean): Int32Array {
  const dictionary = col.dictionary;
  const byText = dictionary.map((_, code) => code).sort((a, b) => (dictionary[a] < dictionary[b] ? -1 : dictionary[a] > dictionary[b] ? 1 : 0));
  const rankOf = new Int32Array(dictionary.length);
  byText.forEach((code, rank) => (rankOf[code] = rank));
  const best = new Int32Array(count).fill(-1);
  const codes = col.codes;
  for (let i = 0; i < ids.length; i++) {
    const c = codes[i];
    if (c < 0) continue;
    const g = ids[i];
    const r = rankOf[c];
    if (best[g] < 0 || (max ? r > best[g] : r < best[g])) best[g] = r;
  }
  for (let g = 0; g < count; g++) if (best[g] >= 0) best[g] = byText[best[g]];
  return best;
}

/** Rows ordered by group (stable): group g's rows are order[starts[g] .. starts[g + 1]). */
function rowsByGroup({ ids, count }: Groups): { order: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(count + 1);
  for (let i = 0; i < ids.length; i++) starts[ids[i] + 1]++;
  for (let g = 0; g < count; g++) starts[g + 1] += starts[g];
  const next = starts.slice(0, count);
  const order = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) order[next[ids[i]]++] = i;
  return { order, starts };
}

function medianValues(v: Float64Array, groups: Groups): Float64Array {
  const { order, starts } = rowsByGroup(groups);
  const present = new Float64Array(order.length);
  const out = new Float64Array(groups.count);
  let at = 0;
  for (let g = 0; g < groups.count; g++) {
    const from = at;
    for (let k = starts[g]; k < starts[g + 1]; k++) {
      const x = v[order[k]];
      if (x === x) present[at++] = x;
    }
    const n = at - from;
    if (n === 0) {
      out[g] = NaN;
      continue;
    }
    const sorted = present.subarray(from, at).sort();
    out[g] = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
  return out;
}

function countDistinct(col: Column, groups: Groups): Float64Array {
  const { codes, width } = hasValues(col) ? valueCodes(col) : { codes: col.codes, width: col.dictionary.length };
  const { order, starts } = rowsByGroup(groups);
  const lastGroup = new Int32Array(width).fill(-1);
  const out = new Float64Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    for (let k = starts[g]; k < starts[g + 1]; k++) {
      const c = codes[order[k]];
      if (c >= 0 && lastGroup[c] !== g) {
        lastGroup[c] = g;
        out[g]++;
      }
    }
  }
  return out;
}

function valueCodes(col: ValuesColumn): { codes: Int32Array; width: number } {
  const index = indexKeys(col.values);
  return { codes: index.codes, width: index.count };
}
