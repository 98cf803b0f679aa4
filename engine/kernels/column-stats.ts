/** Summary statistics over columns; missing values (NaN, code -1) are skipped. */
export function meanOf(values: Float64Array): number {
  return meanAndCount(values).mean;
}

/**
 * The mean of the present values and how many there are, in one pass. One running sum in row order, as
 * Polars sums: two sums (even and odd rows) ran faster but moved means by an ulp, enough to turn a scaled
 * value of exactly 0 into 1e-16 and a ratio divided by it from 0 into 1e14.
 */
export function meanAndCount(values: Float64Array): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  return { mean: count === 0 ? NaN : sum / count, count };
}

/** Smallest and largest value; { min: Infinity, max: -Infinity } when every value is missing. */
export function rangeOf(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

export function medianOf(values: Float64Array): number {
  const present = values.filter((v) => v === v).sort();
  const n = present.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? present[(n - 1) / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
}

/** Most frequent number; ties go to the smallest value so results do not depend on row order. */
export function modeOf(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = NaN;
  let bestCount = 0;
  for (const [v, count] of counts) {
    if (count > bestCount || (count === bestCount && v < best)) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}

/** Most frequent code; ties go to the lowest code (first seen). Returns -1 when every cell is missing. */
export function mostFrequentCode(codes: Int32Array, dictionarySize: number): number {
  const counts = new Int32Array(dictionarySize);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) counts[codes[i]]++;
  let best = -1;
  for (let c = 0; c < dictionarySize; c++) if (counts[c] > 0 && (best < 0 || counts[c] > counts[best])) best = c;
  return best;
}
