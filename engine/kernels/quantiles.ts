/**
 * Quantiles of a numeric column (missing values skipped) with linear interpolation between order
 * statistics, as numpy's default. The order statistics needed are found by selection (divide and
 * conquer over the wanted ranks, O(n log q)) instead of a full sort, which keeps robust scaling,
 * clipping and quantile bins at tens of ms on 1M rows.
 */
export function presentValues(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[j++] = values[i];
  return out;
}

/** `probs` in [0, 1]; returns NaN for each when the column has no values. */
export function quantilesOf(values: Float64Array, probs: readonly number[]): number[] {
  const data = presentValues(values);
  const n = data.length;
  if (n === 0) return probs.map(() => NaN);
  const ranks = new Set<number>();
  for (const p of probs) {
    const pos = p * (n - 1);
    ranks.add(Math.floor(pos));
    ranks.add(Math.ceil(pos));
  }
  selectRanks(data, [...ranks].sort((a, b) => a - b), 0, n - 1);
  return probs.map((p) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    return frac === 0 ? data[lo] : data[lo] + frac * (data[lo + 1] - data[lo]);
  });
}

/** Puts the k-th smallest value at index k for every k in `ranks` (sorted, all within [left, right]). */
function selectRanks(data: Float64Array, ranks: number[], left: number, right: number): void {
  if (ranks.length === 0) return;
  const middle = ranks.length >> 1;
  const k = ranks[middle];
  select(data, k, left, right);
  selectRanks(data, ranks.slice(0, middle), left, k - 1);
  selectRanks(data, ranks.slice(middle + 1), k + 1, right);
}

/** Hoare-style quickselect with median-of-three pivots: afterwards data[k] is the k-th smallest of data[left..right]. */
function select(data: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    const pivot = median3(data[left], data[mid], data[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (data[i] < pivot) i++;
      while (data[j] > pivot) j--;
      if (i <= j) {
        const t = data[i];
        data[i] = data[j];
        data[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
