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

/**
 * `values[ranks[i]]` of `values` sorted ascending, for non-decreasing `ranks`; undefined when a full sort is the
 * better way (NaN present, a span too wide to divide, values bunched into a few buckets).
 */
export function orderStatistics(values: Float64Array, ranks: ArrayLike<number>): Float64Array | undefined {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  if (n === 0 || !(span > 0) || span === Infinity) return undefined;
  const buckets = Math.min(MAX_BUCKETS, n);
  const scale = buckets / span;
  if (counts.length < buckets + 1) counts = new Int32Array(buckets + 1);
  const starts = counts.subarray(0, buckets + 1).fill(0);
  // Rounding keeps (v - min) * scale monotone in v, so the buckets are in value order; both passes place values alike.
  const bucketOf = (v: number) => Math.min(buckets - 1, ((v - min) * scale) | 0);
  for (let i = 0; i < n; i++) starts[bucketOf(values[i]) + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];

  // The buckets holding an asked-for position, each given a place in one gathered array.
  const needed = new Map<number, number>();
  let gathered = 0;
  let b = 0;
  for (let i = 0; i < ranks.length; i++) {
    while (starts[b + 1] <= ranks[i]) b++;
    if (needed.has(b)) continue;
    needed.set(b, gathered);
    gathered += starts[b + 1] - starts[b];
  }
  if (gathered > n * MAX_GATHERED_SHARE) return undefined;
  const slot = new Int32Array(buckets).fill(-1);
  for (const [bucket, at] of needed) slot[bucket] = at;
  const out = new Float64Array(gathered);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const bucket = bucketOf(v);
    const at = slot[bucket];
    if (at < 0) continue;
    out[at] = v;
    slot[bucket] = at + 1;
  }
  for (const [bucket, from] of needed) out.subarray(from, from + starts[bucket + 1] - starts[bucket]).sort();
  const result = new Float64Array(ranks.length);
  b = 0;
  for (let i = 0; i < ranks.length; i++) {
    while (starts[b + 1] <= ranks[i]) b++;
    result[i] = out[needed.get(b)! + ranks[i] - starts[b]];
  }
  return result;
}
