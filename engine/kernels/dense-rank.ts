/**
 * Dense ranks of a numeric column: `uniques` holds the distinct values in ascending order (0 and -0
 * as one), and `ranks[i]` is the position of row i's value in it (-1 when missing). Built with the
 * engine's native numeric sort of a copy plus a binary search per row, so there is no comparator
 * callback and no Map of boxed numbers: sort and number-to-category casts lean on it.
 */
export function denseRanks(values: Float64Array): { ranks: Int32Array; uniques: Float64Array } {
  const n = values.length;
  let present = 0;
  for (let i = 0; i < n; i++) if (values[i] === values[i]) present++;
  const sorted = new Float64Array(present);
  for (let i = 0, j = 0; i < n; i++) if (values[i] === values[i]) sorted[j++] = values[i];
  sorted.sort();
  let u = 0;
  for (let i = 0; i < present; i++) if (u === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i] === 0 ? 0 : sorted[i];
  const uniques = sorted.subarray(0, u);
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      ranks[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (uniques[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
  }
  return { ranks, uniques };
}
