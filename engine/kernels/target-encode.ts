import { UserError } from '../define-node';
import type { CategoryColumn, Column, Table } from '../table';
import { requireColumn } from '../table-ops';
import { requireCategoryColumn, mapCodes } from './category-column';
import { compareText } from './one-hot';
import { meanOf } from './column-stats';
import { createRandom } from './random';

/**
 * Target encoding: category → smoothed mean of the target over the fit rows with that value,
 * `(sum + m · prior) / (count + m)`, so rare values lean towards the overall mean `prior`.
 * A numeric target gives one column; a category target gives the share of each class (one column
 * in place for two classes: the share of the second, alphabetically; `<column>:<class>` per class for more).
 *
 * On the fit rows themselves each row is encoded from the other folds only (cross-fitting, as
 * scikit-learn's TargetEncoder): a row's own target never feeds its own feature, which would let a
 * model memorize rare values. Test rows and predictions use the statistics of all fit rows.
 * Values unseen while fitting get the prior; missing cells stay missing.
 */
export type TargetEncodeOptions = { columns: string[]; target: string; smoothing: number; folds: number };
type Output = { name: string; prior: number; values: number[] };
export type TargetEncodeState = { columns: { column: string; categories: string[]; outputs: Output[] }[] };

const WHERE = 'Target encode';
const FOLD_SEED = 20240611;

/** The target as one or more 0/1-or-number channels; NaN where the target is missing. */
type Channel = { suffix: string | null; values: Float64Array };

function targetChannels(table: Table, target: string): Channel[] {
  const col = requireColumn(table, target, WHERE) as Column;
  if (col.kind === 'date') throw new UserError(`${WHERE}: target '${target}' holds dates. Pick a number or category target, or take its parts with Date parts first.`, { column: target });
  if (col.kind === 'number') {
    if (Number.isNaN(meanOf(col.values))) throw new UserError(`${WHERE}: target '${target}' has no values in the training rows, so there is nothing to average. Pick a target with values.`, { column: target });
    return [{ suffix: null, values: col.values }];
  }
  const present = new Uint8Array(col.dictionary.length);
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) present[codes[i]] = 1;
  const classes = col.dictionary.filter((_, code) => present[code]).sort(compareText);
  if (classes.length < 2) {
    throw new UserError(`${WHERE}: target '${target}' has ${classes.length} distinct value${classes.length === 1 ? '' : 's'} in the training rows; at least 2 are needed to learn anything from it.`, { column: target });
  }
  const chosen = classes.length === 2 ? classes.slice(1) : classes;
  return chosen.map((cls) => ({ suffix: classes.length === 2 ? null : cls, values: indicator(col, cls) }));
}

function indicator(col: CategoryColumn, cls: string): Float64Array {
  const hit = Int32Array.from(col.dictionary, (value) => (value === cls ? 1 : 0));
  const codes = col.codes;
  const out = new Float64Array(codes.length);
  for (let i = 0; i < out.length; i++) out[i] = codes[i] < 0 ? NaN : hit[codes[i]];
  return out;
}

export function checkTargetEncodeOptions(options: TargetEncodeOptions): void {
  if (options.columns.includes(options.target)) {
    throw new UserError(`${WHERE}: '${options.target}' is the target and cannot also be encoded. Remove it from the columns.`, { column: options.target });
  }
}

/** Sums and counts per dictionary code, per fold (fold k at offset k · size), over rows with a target. */
function foldStats(codes: Int32Array, y: Float64Array, size: number, folds: Uint8Array | null, foldCount: number) {
  const sums = new Float64Array(size * foldCount);
  const counts = new Float64Array(size * foldCount);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    const v = y[i];
    if (code < 0 || v !== v) continue;
    const at = (folds ? folds[i] * size : 0) + code;
    sums[at] += v;
    counts[at]++;
  }
  return { sums, counts };
}

export function fitTargetEncode(table: Table, options: TargetEncodeOptions): TargetEncodeState {
  checkTargetEncodeOptions(options);
  const channels = targetChannels(table, options.target);
  const m = options.smoothing;
  return {
    columns: options.columns.map((name) => {
      const col = requireCategoryColumn(table, name, WHERE);
      const size = col.dictionary.length;
      const perChannel = channels.map((ch) => ({ ch, ...foldStats(col.codes, ch.values, size, null, 1) }));
      const seen = new Uint8Array(size);
      for (const { counts } of perChannel) for (let c = 0; c < size; c++) if (counts[c] > 0) seen[c] = 1;
      const codes = [...seen.keys()].filter((c) => seen[c]);
      return {
        column: name,
        categories: codes.map((c) => col.dictionary[c]),
        outputs: perChannel.map(({ ch, sums, counts }) => {
          const prior = meanOf(ch.values);
          return { name: ch.suffix === null ? name : `${name}:${ch.suffix}`, prior, values: codes.map((c) => (sums[c] + m * prior) / (counts[c] + m)) };
        }),
      };
    }),
  };
}

/** Encodes rows the statistics were not learned from (test rows, prediction requests). */
export function applyTargetEncode(table: Table, state: TargetEncodeState): Table {
  return replaceColumns(table, state, (col, entry) =>
    entry.outputs.map((out) => {
      const position = new Map(entry.categories.map((value, i) => [value, i]));
      const lookup = Float64Array.from(col.dictionary, (text) => {
        const i = position.get(text);
        return i === undefined ? out.prior : out.values[i];
      });
      return { kind: 'number', name: out.name, values: mapCodes(col.codes, lookup) };
    }),
  );
}

/** Encodes the fit rows out of fold; `table` must be the table `state` was fitted on. */
export function applyTargetEncodeToFitRows(table: Table, state: TargetEncodeState, options: TargetEncodeOptions): Table {
  const k = Math.max(2, Math.min(options.folds, table.rowCount));
  const random = createRandom(FOLD_SEED);
  const folds = Uint8Array.from({ length: table.rowCount }, () => Math.floor(random() * k));
  const channels = targetChannels(table, options.target);
  const m = options.smoothing;
  return replaceColumns(table, state, (col, entry) =>
    entry.outputs.map((out, j): Column => {
      const y = channels[j].values;
      const size = col.dictionary.length;
      const { sums, counts } = foldStats(col.codes, y, size, folds, k);
      const total = foldStats(col.codes, y, size, null, 1);
      const priorSum = new Float64Array(k);
      const priorCount = new Float64Array(k);
      for (let i = 0; i < y.length; i++) {
        if (y[i] !== y[i]) continue;
        priorSum[folds[i]] += y[i];
        priorCount[folds[i]]++;
      }
      const allSum = priorSum.reduce((a, b) => a + b, 0);
      const allCount = priorCount.reduce((a, b) => a + b, 0);
      const values = new Float64Array(table.rowCount);
      for (let i = 0; i < values.length; i++) {
        const code = col.codes[i];
        if (code < 0) {
          values[i] = NaN;
          continue;
        }
        const f = folds[i];
        const restCount = allCount - priorCount[f];
        const prior = restCount > 0 ? (allSum - priorSum[f]) / restCount : out.prior;
        const at = f * size + code;
        const n = total.counts[code] - counts[at];
        // A value met only in this row's own fold is, for this row, a value never seen: it gets the prior.
        values[i] = n + m > 0 ? (total.sums[code] - sums[at] + m * prior) / (n + m) : prior;
      }
      return { kind: 'number', name: out.name, values };
    }),
  );
}

function replaceColumns(table: Table, state: TargetEncodeState, encode: (col: CategoryColumn, entry: TargetEncodeState['columns'][number]) => Column[]): Table {
  const entries = new Map(state.columns.map((s) => [s.column, s]));
  for (const name of entries.keys()) requireColumn(table, name, WHERE);
  const columns = table.columns.flatMap((col) => {
    const entry = entries.get(col.name);
    return entry ? encode(requireCategoryColumn(table, col.name, WHERE), entry) : [col];
  });
  const names = new Set<string>();
  for (const col of columns) {
    if (names.has(col.name)) throw new UserError(`${WHERE}: the new column '${col.name}' has the same name as an existing column. Rename the existing column first.`, { column: col.name });
    names.add(col.name);
  }
  return { rowCount: table.rowCount, columns };
}
