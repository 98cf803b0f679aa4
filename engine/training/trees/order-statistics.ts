/**
 * Order statistics (the values a sort would put at given positions) without sorting every value, for the
 * bin edges of tree fits: a sort of each feature was a sixth of a boosting fit. Values are counted into
 * buckets of equal width between the minimum and maximum (a monotone map, so bucket b holds exactly the
 * values a sort puts between the counts of the buckets before it and after it), and only the buckets
 * holding an asked-for position are gathered and sorted. The answers are the sort's, value for value.
 */
const MAX_BUCKETS = 1 << 16;
/** Past this share of the values in the buckets to sort, sorting them all is as quick and simpler. */
const MAX_GATHERED_SHARE = 0.25;

let counts = new Int32Array(0);
let cursors = new Int32Array(0);

/**
 * `values[ranks[i]]` of `values` sorted ascending, for non-decreasing `ranks`; undefined when a full sort is the
 * better way (NaN present, a span too wide to divide, values bunched into a few buckets).
 */
export function orderStatistics(values: Float64Array, ranks: ArrayLike<number>): Float64Array | undefined {
  const n = values.length;
  const range = rangeOf(values);
  if (!range) return undefined;
  const { min, max } = range;
  const span = max - min;
  if (n === 0 || !(span > 0) || span === Infinity) return undefined;
  const buckets = Math.min(MAX_BUCKETS, n);
  const scale = buckets / span;
  if (counts.length < buckets + 1) counts = new Int32Array(buckets + 1);
  const starts = counts.subarray(0, buckets + 1).fill(0);
  // Rounding keeps (v - min) * scale monotone in v, so the buckets are in value order; both passes place values alike
  // (bucketOf, inlined by hand in both: a closure over these locals would keep them in a heap context).
  const last = buckets - 1;
  for (let i = 0; i < n; i++) starts[Math.min(last, ((values[i] - min) * scale) | 0) + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];

  // The buckets holding an asked-for position (ascending, as the ranks are), each given a place in one gathered array.
  const needed: number[] = [];
  let gathered = 0;
  for (let i = 0, b = 0; i < ranks.length; i++) {
    while (starts[b + 1] <= ranks[i]) b++;
    if (needed[needed.length - 1] === b) continue;
    needed.push(b);
    gathered += starts[b + 1] - starts[b];
  }
  if (gathered > n * MAX_GATHERED_SHARE) return undefined;
  // Where each needed bucket's next value goes: −1 for the others, as every call leaves it.
  if (cursors.length < buckets) cursors = new Int32Array(buckets).fill(-1);
  const from = new Int32Array(needed.length);
  for (let k = 0, at = 0; k < needed.length; k++) {
    from[k] = cursors[needed[k]] = at;
    at += starts[needed[k] + 1] - starts[needed[k]];
  }
  const out = new Float64Array(gathered);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const bucket = Math.min(last, ((v - min) * scale) | 0);
    const at = cursors[bucket];
    if (at < 0) continue;
    out[at] = v;
    cursors[bucket] = at + 1;
  }
  for (let k = 0; k < needed.length; k++) {
    cursors[needed[k]] = -1;
    out.subarray(from[k], from[k] + starts[needed[k] + 1] - starts[needed[k]]).sort();
  }
  const result = new Float64Array(ranks.length);
  for (let i = 0, b = 0, k = 0; i < ranks.length; i++) {
    while (starts[b + 1] <= ranks[i]) b++;
    while (needed[k] < b) k++;
    result[i] = out[from[k] + ranks[i] - starts[b]];
  }
  return result;
}

/** The least and greatest value, or undefined when one is NaN (its own function: its loop keeps both in registers). */
function rangeOf(values: Float64Array): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
